/**
 * adapt-deploy's decision: the instance type and the strategy (each chosen
 * from its catalog: constraints filter, goals score), the replicas, region
 * and canary steps, whether a failed deploy rolls back by itself and whether
 * the deploy should wait for approval, and the gates that stop it before
 * anything runs (the freeze and the deploy windows; the frequency gate needs
 * a count of deployments, which the wiring reads). Pure.
 */
import { isClosingConstraint } from '../blend/closing-constraints.js';
import { failurePolicy } from '../blend/failure-policy.js';
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import type { PatternEngine } from '../persona/pattern-engine.js';
import type { Catalog } from './catalog.js';
import { freezeGate, windowGate, type GateFinding } from './deploy-gates.js';
import { chooseCanarySteps, chooseRegion, chooseReplicas, type SettingChoice } from './deploy-settings.js';
import type { StageExplanation, Violation } from './explanation.js';
import { planStage } from './plan-stage.js';

/** What planDeploy needs besides the persona and the catalogs. */
export interface DeployPlanOptions {
  /** The `region` input ('' when not given). */
  region: string;
  /** The moment the deploy windows are checked at. */
  now: Date;
  /** A person deploys through the gates on purpose (`override-reason`): closing constraints do not choose, and the deploy asks for approval. */
  overriding?: boolean;
  patterns?: PatternEngine;
}

/** The deploy stage's plan. */
export interface DeployPlan {
  /** The instance-type and strategy decisions, then the settings' (replicas, region, canary steps: violations only). */
  explanations: StageExplanation[];
  instanceType?: string;
  strategy?: string;
  /** Whether the strategy deploys anything (`none` does not). */
  deploys: boolean;
  replicas: SettingChoice<number>;
  region: SettingChoice<string>;
  canarySteps: SettingChoice<number[]>;
  /** The failure policy rolls back after the last failed attempt (low risk by default). */
  autoRollback: boolean;
  /** Low risk tolerance, or a deploy through the gates on purpose: route it to an environment with required reviewers. */
  requiresApproval: boolean;
  /** The freeze and the deploy windows, as found at `now`. */
  gates: GateFinding[];
  /** `deploy_window` values that are not windows (a hand-over from outside the library's checks). */
  problems: string[];
  /** `PERSONA_INSTANCE_TYPE`, `PERSONA_REPLICAS`, `PERSONA_STRATEGY`, `PERSONA_CANARY_STEPS` (space-separated), `PERSONA_REGION`, `PERSONA_AUTO_ROLLBACK`. */
  env: Record<string, string>;
}

/** Whether the option `id` of the strategies catalog deploys anything (`deploys: false` marks `none`). */
const deploysWith = (catalog: Catalog, id: string | undefined): boolean =>
  id !== undefined && catalog.options.find((o) => o.id === id)?.parameters.deploys !== false;

/**
 * The strategy decision: planStage over the strategies catalog, except that
 * an option that deploys nothing (`none`) is chosen only when no option that
 * deploys passed the constraints.
 */
function planStrategy(catalog: Catalog, persona: ResolvedPersona, patterns?: PatternEngine): StageExplanation {
  const explanation = planStage('deploy', catalog, persona, patterns);
  const deploying = explanation.ranking.find((r) => deploysWith(catalog, r.id));
  return deploying && explanation.chosen[0] !== deploying.id ? { ...explanation, chosen: [deploying.id] } : explanation;
}

/** The settings' violations as one explanation, so they are treated like any stage violation. */
function settingsExplanation(violations: Violation[]): StageExplanation {
  return { stage: 'deploy', catalog: 'settings', chosen: [], ranking: [], rejected: [], unscored_goals: [], violations };
}

/**
 * Plans the deploy: the instance type (planStage over `instance-types`), the
 * strategy (see {@link planStrategy}), the replicas, region and canary steps
 * (deploy-settings.ts), auto-rollback from the failure policy, and the
 * freeze and window gates at `options.now`. With `overriding` (a deploy
 * through the gates on purpose) the closing constraints do not take part in
 * the choices (a freeze's `strategy = none` would leave nothing to deploy);
 * the freeze gate still reports them.
 */
export function planDeploy(persona: ResolvedPersona, catalogs: Record<string, Catalog>, options: DeployPlanOptions): DeployPlan {
  // Through a freeze on purpose, the closing constraints (`strategy = none`) do not choose: the freeze gate still reports them.
  const choosing = options.overriding ? { ...persona, constraints: persona.constraints.filter((c) => !isClosingConstraint(c)) } : persona;
  const instances = planStage('deploy', catalogs['instance-types']!, choosing, options.patterns);
  const strategies = planStrategy(catalogs.strategies!, choosing, options.patterns);
  const instanceType = instances.chosen[0];
  const strategy = strategies.chosen[0];
  const replicas = chooseReplicas(persona.risk_tolerance, persona.constraints);
  const region = chooseRegion(options.region, persona.constraints);
  const canarySteps = chooseCanarySteps(strategy, persona.risk_tolerance, persona.constraints);
  const policy = failurePolicy(persona);
  const windows = windowGate(persona.constraints, options.now, policy.violations);
  const settings = [...replicas.violations, ...region.violations, ...canarySteps.violations];
  const deploys = deploysWith(catalogs.strategies!, strategy);
  const autoRollback = policy.after_retries === 'rollback';
  const env: Record<string, string> = {
    PERSONA_INSTANCE_TYPE: instanceType ?? '',
    PERSONA_REPLICAS: String(replicas.value),
    PERSONA_STRATEGY: strategy ?? '',
    PERSONA_CANARY_STEPS: canarySteps.value.join(' '),
    PERSONA_REGION: region.value,
    PERSONA_AUTO_ROLLBACK: String(autoRollback),
  };
  return {
    explanations: [instances, strategies, ...(settings.length ? [settingsExplanation(settings)] : [])],
    ...(instanceType === undefined ? {} : { instanceType }),
    ...(strategy === undefined ? {} : { strategy }),
    deploys,
    replicas,
    region,
    canarySteps,
    autoRollback,
    requiresApproval: persona.risk_tolerance === 'low' || options.overriding === true,
    gates: [...freezeGate(persona.constraints), ...windows.findings],
    problems: windows.problems,
    env,
  };
}
