import type { Classified } from './github-api-error.js';

/** When the GitHub client tries a request again, and how long it waits first. */
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
 * How long to wait before retrying after a failed attempt, or undefined to
 * stop. `attempt` counts from 1 (the attempt that just failed). A request that
 * is not idempotent (POST, PATCH) is retried only when GitHub certainly did
 * not act on it (a rate limit), never after a network error, timeout or 5xx.
 */
export function retryDelay(failure: Classified, attempt: number, policy: RetryPolicy, idempotent: boolean): number | undefined {
  if (!failure.retryable || attempt > policy.retries) return undefined;
  if (failure.mayHaveTakenEffect && !idempotent) return undefined;
  if (failure.waitMs !== undefined) return failure.waitMs <= policy.maxWaitMs ? failure.waitMs : undefined;
  const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.min(Math.max(backoff, failure.minWaitMs ?? 0), policy.maxWaitMs);
}

/** `1 s`, `250 ms`, `2 min`: a wait for log lines. */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
