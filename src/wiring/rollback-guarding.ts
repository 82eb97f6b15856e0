import { quote } from '../errors/quote.js';
/**
 * The rollback guardrails at the edge: what the pure guard
 * (planning/rollback-guard.ts) decides on is read from the environment's
 * deployment statuses (rollbacks of this run, the last one's time, the last
 * successful deployment) and from this job's ledger in `$RUNNER_TEMP`; a
 * rollback that ran is written back to both. Shared by adapt-deploy and
 * watch-monitor.
 */
import type { Deployments } from '../deployments/deployments.js';
import type { Logger } from '../logging/logger.js';
import { decideRollback, type RollbackTarget } from '../planning/rollback-guard.js';
import type { RunFacts } from './deploy-run.js';
import { ledgerRollbacks, readRollbackLedger, recordInRollbackLedger } from './rollback-ledger.js';
import type { RollbackPermission } from './run-with-policy.js';

/** What the guard reads and writes. */
export interface GuardSurroundings {
  /** The environment's Deployments API; absent without an environment (no cooldown, no target lookup). */
  deployments?: Deployments;
  environment: string;
  /** The run's deployment, on which a rollback is recorded. */
  deploymentId?: number;
  /** False (`record-deployment: false`): read the deployments for the guard, write no marker (the ledger still records it). */
  record: boolean;
  run: RunFacts;
  cooldownMs: number;
  now: () => Date;
  runnerTemp?: string;
  logger: Logger;
}

/** A guard, and what to call once the rollback command ran. */
export interface RollbackGuard {
  /** Asked before the rollback command runs: its `PERSONA_ROLLBACK_REF`/`_SHA`, or why it must not run. */
  guard: () => Promise<RollbackPermission>;
  /** Records the rollback (on the deployment and in the ledger); call only after the command ran. */
  ranRollback: () => Promise<void>;
  /** The target the guard allowed, once asked (absent without an environment). */
  target: () => RollbackTarget | undefined;
}

/**
 * The rollback guard of one step. With an environment whose deployments
 * can be read, the facts come from GitHub (a read that fails refuses the
 * rollback: it never guesses); without one, only this job's ledger counts
 * and the command gets empty `PERSONA_ROLLBACK_REF`/`_SHA` (it knows its
 * own target).
 */
export function rollbackGuard(s: GuardSurroundings): RollbackGuard {
  let allowed: RollbackTarget | undefined;
  const tracked = s.deployments && s.environment ? s.deployments : undefined;
  const guard = async (): Promise<RollbackPermission> => {
    const local = ledgerRollbacks(readRollbackLedger(s.runnerTemp), s.run.runId);
    let facts: { thisRun: number; lastRollbackAt?: Date; knownGood?: RollbackTarget } = { thisRun: 0 };
    if (tracked) {
      try {
        const history = await tracked.rollbackHistory(s.environment, { runId: s.run.runId });
        const good = await tracked.lastSuccessful(s.environment, s.deploymentId);
        facts = { ...history, ...(good ? { knownGood: { ref: good.ref, sha: good.sha } } : {}) };
      } catch (error) {
        return {
          allowed: false,
          reason: `cannot read the deployments of environment "${s.environment}" (${(error as Error).message}), so no rollback target is known`,
        };
      }
    }
    const decision = decideRollback({
      rollbacksThisRun: local + facts.thisRun,
      ...(tracked ? { environment: s.environment } : {}),
      ...(facts.lastRollbackAt ? { lastRollbackAt: facts.lastRollbackAt } : {}),
      ...(facts.knownGood ? { knownGood: facts.knownGood } : {}),
      cooldownMs: s.cooldownMs,
      now: s.now(),
    });
    if (!decision.allowed) return decision;
    allowed = decision.target;
    s.logger.info(
      allowed ? `rollback target: ${quote(allowed.ref)} at ${quote(allowed.sha)}` : 'rollback without an environment: the command knows its own target',
    );
    return { allowed: true, env: { PERSONA_ROLLBACK_REF: allowed?.ref ?? '', PERSONA_ROLLBACK_SHA: allowed?.sha ?? '' } };
  };
  const ranRollback = async (): Promise<void> => {
    recordInRollbackLedger(s.runnerTemp, { runId: s.run.runId, at: s.now().toISOString(), environment: s.environment });
    if (!tracked || !s.record || s.deploymentId === undefined) return;
    try {
      await tracked.recordRollback(s.deploymentId, { ...(allowed ? { target: allowed } : {}), ...(s.run.logUrl ? { logUrl: s.run.logUrl } : {}) });
    } catch (error) {
      s.logger.warning(`the rollback ran but could not be recorded on deployment ${s.deploymentId}: ${(error as Error).message}`);
    }
  };
  return { guard, ranRollback, target: () => allowed };
}
