import { StageInputs } from '../../wiring/stage-inputs.js';
import { StageOutputs } from '../../wiring/stage-outputs.js';

/** watch-monitor's input names, as in actions/watch-monitor/action.yml. */
export const Inputs = {
  Persona: StageInputs.Persona,
  Default: StageInputs.Default,
  Library: StageInputs.Library,
  Token: StageInputs.Token,
  Cache: StageInputs.Cache,
  OnConflict: StageInputs.OnConflict,
  State: StageInputs.State,
  Environment: StageInputs.Environment,
  StateRequired: StageInputs.StateRequired,
  Pin: StageInputs.Pin,
  WorkingDirectory: StageInputs.WorkingDirectory,
  Rollback: StageInputs.Rollback,
  Metrics: 'metrics',
  Queries: 'queries',
  Interval: 'interval',
  Duration: 'duration',
  FailureLimit: 'failure-limit',
  MinSamples: 'min-samples',
  OnNoData: 'on-no-data',
  RollbackCooldown: 'rollback-cooldown',
  Webhook: 'webhook',
  WebhookSecret: 'webhook-secret',
} as const;

/** watch-monitor's output names. */
export const Outputs = {
  PersonaId: StageOutputs.PersonaId,
  Revision: StageOutputs.Revision,
  Verdict: 'verdict',
  Score: 'score',
  Breaches: 'breaches',
  Switches: 'switches',
  Checks: 'checks',
} as const;

/** How often the watch checks, unless `interval` says otherwise. */
export const DEFAULT_INTERVAL = '30s';
/** How long the watch runs, unless `duration` says otherwise (a decision can end it earlier). */
export const DEFAULT_DURATION = '5m';
/** Bounds of `interval`: one second to one hour. */
export const INTERVAL_BOUNDS = { min: 1000, max: 60 * 60_000 };
/** Bounds of `duration`: one second to six hours (the longest a hosted job runs). */
export const DURATION_BOUNDS = { min: 1000, max: 6 * 60 * 60_000 };
/** The most checks one watch makes (`duration` / `interval`). */
export const MAX_CHECKS = 10_000;
