import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * Why a GitHub API call failed:
 * - `unauthorized`: 401, the token is missing, expired or invalid;
 * - `forbidden`: 403 that is not a rate limit, the token lacks a permission;
 * - `not-found`: 404 (GitHub also answers 404 for what the token may not see);
 * - `conflict`: 409, or 422 saying something already exists or is not a fast-forward;
 * - `rejected`: any other 4xx (a malformed or invalid request);
 * - `rate-limited`: a primary or secondary rate limit that retries did not outlast;
 * - `unreachable`: a network error, a timeout, or a 5xx after retries.
 */
export type GitHubErrorCode = 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'rejected' | 'rate-limited' | 'unreachable';

/** What a {@link GitHubApiError} carries besides its message. */
export interface GitHubApiErrorDetails {
  code: GitHubErrorCode;
  /** Short cause for parentheses: `HTTP 503 after 4 attempts`, `timed out after 30 s`. */
  reason: string;
  /** The HTTP status; absent for network errors and timeouts. */
  status?: number;
  /** The permission the call needs (`contents: read`), as the caller declared it. */
  permission?: string;
  /** How many requests were sent. */
  attempts: number;
}

/**
 * A failed GitHub API call. It is a {@link ConfigurationError}: every code is
 * the environment's or the user's doing (token, permission, repository,
 * network), so an entry point reports it as an annotation without a stack.
 * Callers that can do better (fall back to a cache, retry later) branch on
 * {@link GitHubApiError.code}; {@link GitHubApiError.transient} marks the
 * codes a cached copy may stand in for.
 */
export class GitHubApiError extends ConfigurationError {
  readonly code: GitHubErrorCode;
  readonly reason: string;
  readonly status?: number;
  readonly permission?: string;
  readonly attempts: number;

  constructor(message: string, details: GitHubApiErrorDetails) {
    super(message);
    this.name = 'GitHubApiError';
    this.code = details.code;
    this.reason = details.reason;
    this.attempts = details.attempts;
    if (details.status !== undefined) this.status = details.status;
    if (details.permission !== undefined) this.permission = details.permission;
  }

  /** True for `unreachable` and `rate-limited`: the request may succeed later, so a cached copy may stand in. */
  get transient(): boolean {
    return this.code === 'unreachable' || this.code === 'rate-limited';
  }
}

/** One failed attempt, reduced to what classification needs. */
export interface AttemptFailure {
  /** HTTP status; absent when no response arrived. */
  status?: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string | undefined>;
  /** GitHub's `message`, or the network error's innermost message, or `timed out after 30 s`. */
  message: string;
}

/** How an attempt failed, and whether and how soon to try again. */
export interface Classified {
  code: GitHubErrorCode;
  /** Short cause, without the attempt count. */
  reason: string;
  /** A transient failure that another attempt may fix. */
  retryable: boolean;
  /** Retrying may send a request GitHub has already acted on (network error, timeout, 5xx). */
  mayHaveTakenEffect: boolean;
  /** The server said how long to wait (`retry-after`, or until `x-ratelimit-reset`). */
  waitMs?: number;
  /** The least to wait before retrying (secondary rate limits without `retry-after`: 60 s). */
  minWaitMs?: number;
}

const RETRYABLE_5XX = new Set([500, 502, 503, 504]);
const SECONDARY_RATE_LIMIT = /secondary rate limit|abuse detection/i;
/** 422 messages that mean "the state changed under you" rather than "your request is malformed". */
const CONFLICT_422 = /already exists|not a fast[- ]forward|does not match|is at .* but expected|conflict/i;
/** GitHub asks for at least one minute after a secondary rate limit without `retry-after`. */
export const SECONDARY_RATE_LIMIT_WAIT_MS = 60_000;

/** Sorts one failed attempt into an error code and a retry hint; `now` is epoch milliseconds. */
export function classifyFailure(failure: AttemptFailure, now: number): Classified {
  const { status, headers, message } = failure;
  if (status === undefined) return { code: 'unreachable', reason: message, retryable: true, mayHaveTakenEffect: true };
  if (status >= 500) return { code: 'unreachable', reason: `HTTP ${status}`, retryable: RETRYABLE_5XX.has(status), mayHaveTakenEffect: true };
  if (status === 403 || status === 429) {
    const rateLimit = classifyRateLimit(status, headers, message, now);
    if (rateLimit) return rateLimit;
  }
  const fail = (code: GitHubErrorCode): Classified => ({ code, reason: `HTTP ${status}`, retryable: false, mayHaveTakenEffect: false });
  if (status === 401) return fail('unauthorized');
  if (status === 403) return fail('forbidden');
  if (status === 404) return fail('not-found');
  if (status === 409 || (status === 422 && CONFLICT_422.test(message))) return fail('conflict');
  return fail('rejected');
}

function classifyRateLimit(status: number, headers: AttemptFailure['headers'], message: string, now: number): Classified | undefined {
  const base = { code: 'rate-limited' as const, retryable: true, mayHaveTakenEffect: false };
  const retryAfter = parseSeconds(headers['retry-after']);
  if (retryAfter !== undefined) return { ...base, reason: `HTTP ${status}, a secondary rate limit`, waitMs: retryAfter * 1000 };
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = parseSeconds(headers['x-ratelimit-reset']);
    const reason = `HTTP ${status}, the API rate limit is exhausted`;
    if (reset === undefined) return { ...base, reason, retryable: false };
    return { ...base, reason: `${reason} until ${new Date(reset * 1000).toISOString().slice(11, 19)} UTC`, waitMs: Math.max(0, reset * 1000 - now) + 1000 };
  }
  if (status === 429 || SECONDARY_RATE_LIMIT.test(message))
    return { ...base, reason: `HTTP ${status}, a secondary rate limit`, minWaitMs: SECONDARY_RATE_LIMIT_WAIT_MS };
  return undefined;
}

function parseSeconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}
