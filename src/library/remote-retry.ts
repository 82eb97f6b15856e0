import type { Classified } from '../github/github-api-error.js';
import { fitsBudget, formatWait, retryDelay, type RetryPolicy, SOURCE_RETRY_POLICY } from '../github/retry-policy.js';
import type { Logger } from '../logging/logger.js';
import { SourceUnreachableError } from './cached-fetch.js';

/** The clock, the sleep and the jitter of retries; tests inject all three so no test waits. */
export interface RetryTiming {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1) that jitters the backoff. */
  random(): number;
}

/** Real time: `Date.now`, `setTimeout`, `Math.random`. */
export const REAL_TIMING: RetryTiming = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** Options of {@link retryTransient}. */
export interface RetryOptions {
  /** The whole budget of the source, every attempt and wait included (30 s). */
  budgetMs: number;
  /** Names the source in log lines. */
  display: string;
  logger: Logger;
  /** Default {@link REAL_TIMING}. */
  timing?: RetryTiming;
  /** Default {@link SOURCE_RETRY_POLICY} (three attempts), the policy `github:` sources use too. */
  policy?: RetryPolicy;
}

/**
 * Runs `attempt` (given the milliseconds left of the budget, for its own
 * timeout) and repeats it after a retryable {@link SourceUnreachableError}
 * with the GitHub client's jittered backoff and `Retry-After` rules, as long
 * as the next attempt still starts inside the budget. A wait that does not
 * fit (a long `Retry-After`) ends the retries at once. Other errors pass
 * through at once.
 * @throws SourceUnreachableError once retries are over (the caller falls back to a cached copy).
 */
export async function retryTransient<T>(attempt: (timeLeftMs: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const timing = options.timing ?? REAL_TIMING;
  const policy = options.policy ?? SOURCE_RETRY_POLICY;
  const deadline = timing.now() + options.budgetMs;
  for (let count = 1; ; count++) {
    try {
      return await attempt(Math.max(0, deadline - timing.now()));
    } catch (error) {
      if (!(error instanceof SourceUnreachableError)) throw error;
      const wait = nextWait(error, count, policy, timing);
      const after = count > 1 ? ` after ${count} attempts` : '';
      if (wait === undefined) throw count > 1 ? new SourceUnreachableError(`${error.reason}${after}`) : error;
      if (!fitsBudget(wait, timing.now(), deadline)) {
        const asked = error.retryAfterMs !== undefined ? `Retry-After asks for ${formatWait(wait)}, longer than` : 'no attempt fits in';
        throw new SourceUnreachableError(`${error.reason}${after}; ${asked} what is left of the ${formatWait(options.budgetMs)} budget`);
      }
      options.logger.debug(
        `library source ${options.display}: ${error.reason}; retrying in ${formatWait(wait)} (attempt ${count + 1} of ${policy.retries + 1})`,
      );
      await timing.sleep(wait);
    }
  }
}

/** The wait before the next attempt, or undefined when there is none; a Retry-After is taken as asked, even when over the budget. */
function nextWait(error: SourceUnreachableError, count: number, policy: RetryPolicy, timing: RetryTiming): number | undefined {
  const failure: Classified = { code: 'unreachable', reason: error.reason, retryable: error.retryable, mayHaveTakenEffect: false };
  if (error.retryAfterMs !== undefined) {
    if (!error.retryable || count > policy.retries) return undefined;
    return error.retryAfterMs;
  }
  return retryDelay(failure, count, policy, true, () => timing.random());
}
