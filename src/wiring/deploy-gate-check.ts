/**
 * The deploy gates at the edge: counting the environment's deployments for
 * the frequency gate, and settling every gate's findings (report, warn, or
 * block the deploy before anything runs, unless a person overrides it on
 * purpose with `override-reason`).
 */
import type { Deployments } from '../deployments/deployments.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Logger } from '../logging/logger.js';
import type { ViolationTreatment } from '../persona/risk-policy.js';
import { frequencyBounds, frequencyGate, type GateFinding } from '../planning/deploy-gates.js';
import type { SourcedConstraint } from '../planning/option-constraints.js';

/** How far back the frequency gate counts. */
export const FREQUENCY_WINDOW_MS = 24 * 60 * 60_000;

/** What {@link frequencyFindings} needs. */
export interface FrequencyQuery {
  /** Absent without an environment. */
  deployments?: Deployments;
  environment: string;
  constraints: readonly SourcedConstraint[];
  treatment: ViolationTreatment;
  now: Date;
  /** The run's own deployment, which is this deploy (not counted twice). */
  excludeId?: number;
  logger: Logger;
}

/**
 * The frequency gate's findings: nothing without a `deployment_frequency`
 * bound; a warning without an environment (nothing to count); otherwise the
 * environment's deployments of the last 24 hours, counted through the
 * Deployments API. A count that fails blocks under `violations: fail` when
 * there is an upper bound (the limit cannot be shown to hold), else warns.
 */
export async function frequencyFindings(q: FrequencyQuery): Promise<GateFinding[]> {
  const { limit, target } = frequencyBounds(q.constraints);
  if (!limit && !target) return [];
  const c = (limit ?? target)!.c;
  const { from, ...bare } = c;
  const finding = (action: GateFinding['action'], message: string): GateFinding[] => [{ gate: 'frequency', action, from, constraints: [bare], message }];
  if (!q.deployments) return finding('warn', 'deployment_frequency is not checked: set the `environment` input so the stage can count its deployments');
  let counted: { count: number; capped: boolean };
  try {
    counted = await q.deployments.countSince(q.environment, new Date(q.now.getTime() - FREQUENCY_WINDOW_MS), q.excludeId);
  } catch (error) {
    const why = `cannot count the deployments of environment "${q.environment}": ${(error as Error).message}`;
    return finding(limit && q.treatment === 'fail' ? 'block' : 'warn', `${why}${limit ? `, so ${limit.max} a day cannot be shown to hold` : ''}`);
  }
  return frequencyGate(q.constraints, counted.count, q.treatment, counted.capped);
}

/** The gate as the `gate` output says it. */
export type GateState = 'open' | 'closed' | 'overridden';

/**
 * Settles the gates: a `report` is logged, a `warn` is a warning, and a
 * `block` stops the deploy with one error naming the personas, where the
 * persona came from (`origin`: the switch that set it) and how to deploy
 * anyway; with `overrideReason` every block becomes a warning that says so
 * (the deploy is recorded as overridden). Returns the gate's state.
 */
export function settleGates(logger: Logger, findings: readonly GateFinding[], overrideReason: string, origin: string): GateState {
  const blocks = findings.filter((f) => f.action === 'block');
  for (const f of findings) {
    if (f.action === 'report') logger.info(`deploy gate (${f.gate}): ${f.message}`);
    if (f.action === 'warn') logger.warning(`deploy gate (${f.gate}): ${f.message}; the failure policy warns (violations: warn), so the deploy goes on`);
  }
  if (!blocks.length) return 'open';
  if (overrideReason) {
    for (const f of blocks) logger.warning(`deploy gate (${f.gate}) overridden on purpose: ${f.message}; override-reason: ${JSON.stringify(overrideReason)}`);
    return 'overridden';
  }
  throw new ConfigurationError([
    ...blocks.map((f) => ({ message: `deploy blocked (${f.gate}): ${f.message}` })),
    {
      message: `The persona came from ${origin}. To deploy through the gate on purpose, set the override-reason input (recorded in the summary and on the deployment).`,
    },
  ]);
}
