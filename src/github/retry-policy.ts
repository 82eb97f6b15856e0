import type { Classified } from './github-api-error.js';

/** When the GitHub client (and every remote library source) tries a request again, and how long it waits first. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 3 (four requests at most). */
  retries: number;
  /** Backoff before the first retry; it doubles on each retry. Default 1 s. */
  baseDelayMs: number;
  /** Cap of the exponential backoff. Default 10 s. */
  maxDelayMs: number;
  /** The longest wait the client accepts from the server (`retry-after`, a rate-limit reset); a longer one fails at once. Default 60 s. */
  maxWaitMs: number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 1000, maxDelayMs: 10_000, maxWaitMs: 60_000 };

/**
 * The policy of library sources (`https://` and `github:` alike): three
 * attempts, 1 s then 2 s of backoff (jittered), all inside the source's 30 s
 * budget (see {@link fitsBudget}).
 */
export const SOURCE_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 1000, maxDelayMs: 10_000, maxWaitMs: 30_000 };

/**
 * How long to wait before retrying after a failed attempt, or undefined to
 * stop. `attempt` counts from 1 (the attempt that just failed). A request that
 * is not idempotent (POST, PATCH) is retried only when GitHub certainly did
 * not act on it (a rate limit), never after a network error, timeout or 5xx.
 */
export function retryDelay(failure: Classified, attempt: number, policy: RetryPolicy, idempotent: boolean, random: () => number = () => 1): number | undefined {
  if (!failure.retryable || attempt > policy.retries) return undefined;
  if (failure.mayHaveTakenEffect && !idempotent) return undefined;
  if (failure.waitMs !== undefined) return failure.waitMs <= policy.maxWaitMs ? failure.waitMs : undefined;
  const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  // Equal jitter: between half and all of the backoff, so clients that failed together do not retry together.
  const jittered = Math.round(backoff * (0.5 + 0.5 * Math.min(1, Math.max(0, random()))));
  return Math.min(Math.max(jittered, failure.minWaitMs ?? 0), policy.maxWaitMs);
}

/**
 * Whether waiting `waitMs` still leaves time for another attempt before
 * `deadline` (epoch milliseconds, the same clock as `now`). A wait that
 * does not fit ends the retries at once, so a cached copy can stand in
 * (or a clear error is raised) instead of sleeping past the budget.
 */
export function fitsBudget(waitMs: number, now: number, deadline: number | undefined): boolean {
  return deadline === undefined || now + waitMs < deadline;
}

/**
 * A `Retry-After` header in milliseconds: delta seconds, or an HTTP date
 * relative to `now` (epoch milliseconds); undefined when absent or malformed.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** `1 s`, `250 ms`, `2 min`: a wait for log lines. */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
