/**
 * Rollback guardrails, shared by adapt-deploy and watch-monitor: at most one
 * rollback per run, a cooldown per environment so rollbacks cannot loop, and
 * never a rollback without a known-good target. Pure: what happened before
 * (read from deployment statuses or `$RUNNER_TEMP` by the wiring) and the
 * moment are inputs.
 */

/** The cooldown between two rollbacks of one environment when none is given: 30 minutes. */
export const DEFAULT_ROLLBACK_COOLDOWN_MS = 30 * 60_000;

/** A deployment a rollback can return to: the last successful one of the environment. */
export interface RollbackTarget {
  ref: string;
  sha: string;
}

/** What the guard knows when a rollback is asked for. */
export interface RollbackFacts {
  /** Rollbacks already run in this run (any job). */
  rollbacksThisRun: number;
  /** The environment, when the step knows it; without one there is no cooldown and no target lookup. */
  environment?: string;
  /** When the environment's last rollback ran, if it did. */
  lastRollbackAt?: Date;
  /** The environment's last successful deployment, if any. */
  knownGood?: RollbackTarget;
  cooldownMs?: number;
  now: Date;
}

/** The guard's answer: roll back (to `target`, empty without an environment), or refuse with the reason. */
export type RollbackDecision = { allowed: true; target?: RollbackTarget } | { allowed: false; reason: string };

/** Minutes, for messages. */
const minutes = (ms: number): string => `${Math.ceil(ms / 60_000)} min`;

/**
 * Whether a rollback may run now, in this order: not a second time in one
 * run; with an environment, not within the cooldown after its last rollback
 * and only to a known-good deployment (the step fails and says so rather than
 * guess); without one, the rollback command runs with an empty target (it
 * knows its own).
 */
export function decideRollback(facts: RollbackFacts): RollbackDecision {
  if (facts.rollbacksThisRun > 0) return { allowed: false, reason: 'a rollback already ran in this run (at most one per run)' };
  if (facts.environment === undefined) return { allowed: true };
  const cooldown = facts.cooldownMs ?? DEFAULT_ROLLBACK_COOLDOWN_MS;
  if (facts.lastRollbackAt) {
    const since = facts.now.getTime() - facts.lastRollbackAt.getTime();
    if (since < cooldown)
      return {
        allowed: false,
        reason: `environment ${JSON.stringify(facts.environment)} was rolled back ${Math.floor(since / 60_000)} min ago; the cooldown is ${minutes(cooldown)}, so no rollback loop`,
      };
  }
  if (!facts.knownGood)
    return { allowed: false, reason: `environment ${JSON.stringify(facts.environment)} has no successful deployment to roll back to; not guessing a target` };
  return { allowed: true, target: facts.knownGood };
}
