/**
 * Running a user command under a persona's failure policy: retries with a
 * doubling wait, exit codes that are never retried, and what follows the
 * last failure (rollback and fail, fail, or continue with a warning).
 */
import { type CommandResult, type CommandSpec, describeResult, runCommand, succeeded } from '../edge/run-command.js';
import type { Logger } from '../logging/logger.js';
import type { AfterRetries } from '../persona/risk-policy.js';

/** The longest wait before one retry, however many retries doubled it. */
export const MAX_RETRY_WAIT_MS = 10 * 60_000;

/** The part of a failure policy one command runs under. */
export interface CommandPolicy {
  /** Retries after the first attempt (0 = run once). */
  retries: number;
  /** Wait before the first retry, in milliseconds; each further retry waits twice as long (at most {@link MAX_RETRY_WAIT_MS}). */
  retryDelayMs: number;
  /** Exit codes that mean "do not try again" (the `no-retry-exit-codes` input). */
  noRetryExitCodes: readonly number[];
  /** What follows the last failed attempt. */
  afterRetries: AfterRetries;
  /** The `rollback` command, run once when `afterRetries` is `rollback`. */
  rollback?: string;
  /**
   * Asked just before the rollback command would run (the rollback
   * guardrails of adapt-deploy): the variables to add to its environment,
   * or why it must not run (the step then fails and says so).
   */
  guardRollback?: () => Promise<RollbackPermission>;
}

/** The answer of {@link CommandPolicy.guardRollback}. */
export type RollbackPermission = { allowed: true; env?: Record<string, string> } | { allowed: false; reason: string };

/** What {@link runWithPolicy} needs from outside; tests pass fakes. */
export interface PolicyDeps {
  run: (spec: CommandSpec) => Promise<CommandResult>;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
}

/** How a command fared under its policy. */
export interface PolicyOutcome {
  /** True when the step may go on: the command succeeded, or failed under `continue`. */
  ok: boolean;
  /** Every attempt, in order. */
  attempts: CommandResult[];
  outcome: 'succeeded' | 'failed' | 'continued' | 'rolled-back';
  /** The rollback command's result, when it ran. */
  rollback?: CommandResult;
  /** Why the rollback guardrails refused the rollback, when they did. */
  rollbackRefused?: string;
  /** One sentence for the log and the job summary. */
  message: string;
}

/** The real wait between attempts. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The real {@link PolicyDeps}: {@link runCommand} and {@link sleep}, logging to `logger`. */
export function realPolicyDeps(logger: Logger): PolicyDeps {
  return { run: (spec) => runCommand(spec), sleep, logger };
}

/** The wait before retry number `retry` (1 = the first retry): `retryDelayMs × 2^(retry−1)`, at most {@link MAX_RETRY_WAIT_MS}. */
export function retryWait(retryDelayMs: number, retry: number): number {
  return Math.min(retryDelayMs * 2 ** (retry - 1), MAX_RETRY_WAIT_MS);
}

/**
 * Runs `spec` until it succeeds or the policy gives up. A failed attempt
 * (non-zero exit, a signal, or a timeout: a timeout is retried like any
 * failure) is retried after a wait that starts at `retryDelayMs` and
 * doubles, unless its exit code is in `noRetryExitCodes`. A cancelled
 * attempt (the action got SIGINT/SIGTERM) ends at once: no retry, no
 * rollback, not continued. After the last failure: `rollback` runs the
 * rollback command once (when given; its env adds `PERSONA_FAILED_EXIT_CODE`,
 * empty when a signal or the timeout ended the command) and fails; `fail`
 * fails; `continue` is ok with a warning.
 */
export async function runWithPolicy(spec: CommandSpec, policy: CommandPolicy, deps: PolicyDeps): Promise<PolicyOutcome> {
  if (!Number.isInteger(policy.retries) || policy.retries < 0) throw new RangeError(`retries must be a non-negative integer, not ${policy.retries}`);
  if (!(policy.retryDelayMs >= 0)) throw new RangeError(`the retry delay must be a non-negative number of milliseconds, not ${policy.retryDelayMs}`);
  const total = policy.retries + 1;
  const attempts: CommandResult[] = [];
  for (let attempt = 1; attempt <= total; attempt++) {
    const result = await deps.run(spec);
    attempts.push(result);
    deps.logger.info(`${spec.label}: attempt ${attempt} of ${total}: ${describeResult(result)} after ${seconds(result.durationMs)}`);
    if (succeeded(result)) {
      return { ok: true, attempts, outcome: 'succeeded', message: `${spec.label} succeeded on attempt ${attempt} of ${total}` };
    }
    if (result.cancelled) {
      return { ok: false, attempts, outcome: 'failed', message: `${spec.label} was cancelled on attempt ${attempt}: not retried, no rollback` };
    }
    if (result.exitCode !== null && policy.noRetryExitCodes.includes(result.exitCode)) {
      deps.logger.info(`${spec.label}: exit code ${result.exitCode} is listed in no-retry-exit-codes: not retried`);
      break;
    }
    if (attempt < total) {
      const wait = retryWait(policy.retryDelayMs, attempt);
      deps.logger.info(`${spec.label}: retrying in ${seconds(wait)}`);
      await deps.sleep(wait);
    }
  }
  return afterFailure(spec, policy, deps, attempts);
}

async function afterFailure(spec: CommandSpec, policy: CommandPolicy, deps: PolicyDeps, attempts: CommandResult[]): Promise<PolicyOutcome> {
  const last = attempts[attempts.length - 1]!;
  const failure = `${spec.label} failed (${describeResult(last)}) after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}`;
  if (policy.afterRetries === 'continue') {
    const message = `${failure}; continuing, as the failure policy says`;
    deps.logger.warning(message);
    return { ok: true, attempts, outcome: 'continued', message };
  }
  if (policy.afterRetries === 'rollback' && policy.rollback !== undefined && policy.rollback.trim() !== '') {
    const permission = policy.guardRollback ? await policy.guardRollback() : { allowed: true as const };
    if (!permission.allowed) {
      const message = `${failure}; no rollback: ${permission.reason}`;
      deps.logger.info(message);
      return { ok: false, attempts, outcome: 'failed', rollbackRefused: permission.reason, message };
    }
    deps.logger.info(`${spec.label}: running the rollback command`);
    const rollbackSpec: CommandSpec = {
      ...spec,
      command: policy.rollback,
      label: `${spec.label} rollback`,
      env: { ...spec.env, ...permission.env, PERSONA_FAILED_EXIT_CODE: last.exitCode === null ? '' : String(last.exitCode) },
    };
    const rollback = await deps.run(rollbackSpec);
    const how = succeeded(rollback) ? 'rolled back' : `the rollback failed too (${describeResult(rollback)})`;
    deps.logger.info(`${rollbackSpec.label}: ${describeResult(rollback)} after ${seconds(rollback.durationMs)}`);
    return { ok: false, attempts, outcome: 'rolled-back', rollback, message: `${failure}; ${how}` };
  }
  const note = policy.afterRetries === 'rollback' ? '; no rollback command was given' : '';
  return { ok: false, attempts, outcome: 'failed', message: `${failure}${note}` };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
