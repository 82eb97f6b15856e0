import { StageInputs } from '../../wiring/stage-inputs.js';
import { StageOutputs } from '../../wiring/stage-outputs.js';

/** adapt-deploy's input names, as in actions/adapt-deploy/action.yml. */
export const Inputs = {
  ...StageInputs,
  Region: 'region',
  OverrideReason: 'override-reason',
  RollbackCooldown: 'rollback-cooldown',
  RecordDeployment: 'record-deployment',
  EnvironmentUrl: 'environment-url',
} as const;

/** adapt-deploy's output names. */
export const Outputs = {
  ...StageOutputs,
  InstanceType: 'instance-type',
  Replicas: 'replicas',
  Strategy: 'strategy',
  CanarySteps: 'canary-steps',
  Region: 'region',
  AutoRollback: 'auto-rollback',
  RequiresApproval: 'requires-approval',
  DeploymentId: 'deployment-id',
  Gate: 'gate',
} as const;

/** The rollback cooldown when the input is empty. */
export const DEFAULT_ROLLBACK_COOLDOWN = '30m';
/** The longest `override-reason` kept (the summary shows it whole; the deployment's description is cut to GitHub's 140 characters). */
export const MAX_OVERRIDE_REASON = 500;
