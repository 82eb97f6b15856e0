import { STATUS_CODES } from 'node:http';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { parseRetryAfter, type RetryPolicy, SOURCE_RETRY_POLICY } from '../github/retry-policy.js';
import { type Logger, noopLogger } from '../logging/logger.js';
import { describeRequestFailure, SourceUnreachableError } from '../library/cached-fetch.js';
import { formatBytes, readCappedBody } from '../library/http-body.js';
import { refusedTarget } from '../library/http-redirects.js';
import { createNodeTransport, type HttpResponse, type HttpTransport } from '../library/http-transport.js';
import { REAL_TIMING, retryTransient, type RetryTiming } from '../library/remote-retry.js';

/** The most bytes of a token or key set answer: 64 KiB (a GitHub token is about 1–2 KiB, its key set a few). */
export const MAX_OIDC_BODY_BYTES = 64 * 1024;

/** The whole budget of one OIDC request, every attempt and wait included. */
export const DEFAULT_OIDC_TIMEOUT_MS = 30_000;

/** How the OIDC requests reach the network; every field has a real default, tests inject them all. */
export interface OidcHttpOptions {
  /** Default {@link createNodeTransport} (node:https, the toolkit's proxy rules, no redirects). */
  transport?: HttpTransport;
  /** Clock, sleep and jitter of retries; default real time. */
  timing?: RetryTiming;
  /** The whole budget of each request, retries included; default {@link DEFAULT_OIDC_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Default three attempts ({@link SOURCE_RETRY_POLICY}). */
  policy?: RetryPolicy;
  logger?: Logger;
}

/** One request: where, with what headers, named how in messages. */
export interface OidcGet {
  url: URL;
  headers: Record<string, string>;
  /** `the OIDC token endpoint 127.0.0.1:4000`: messages say what was asked. */
  what: string;
  /** Added to a refusal (401/403/404): what the user should check. */
  refusalHint: string;
}

/** Statuses another attempt may fix: timeout, rate limit, and the transient 5xx. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

let sharedTransport: HttpTransport | undefined;

/**
 * GETs `request.url` and parses its JSON body: no redirects, no content
 * coding, at most {@link MAX_OIDC_BODY_BYTES}, every attempt under the time
 * left of the budget, transient failures (network errors, timeouts, 408,
 * 429, 5xx) retried with the library sources' jittered backoff.
 * @throws ConfigurationError for every failure, since without the answer nothing protected may be allowed.
 */
export async function getCappedJson(request: OidcGet, options: OidcHttpOptions = {}): Promise<unknown> {
  const refused = refusedTarget(request.url);
  if (refused) throw new ConfigurationError(`${request.what} ${refused}: refused, so the job's identity cannot be proved`);
  const budgetMs = options.timeoutMs ?? DEFAULT_OIDC_TIMEOUT_MS;
  const timing = options.timing ?? REAL_TIMING;
  const attempt = (timeLeftMs: number) => attemptOnce(request, options, timing, timeLeftMs, budgetMs);
  try {
    return await retryTransient(attempt, {
      budgetMs,
      display: request.what,
      logger: options.logger ?? noopLogger,
      timing,
      policy: options.policy ?? SOURCE_RETRY_POLICY,
    });
  } catch (error) {
    if (error instanceof SourceUnreachableError) throw new ConfigurationError(`${request.what} is unreachable (${error.reason})`);
    throw error;
  }
}

async function attemptOnce(request: OidcGet, options: OidcHttpOptions, timing: RetryTiming, timeLeftMs: number, budgetMs: number): Promise<unknown> {
  const signal = AbortSignal.timeout(Math.max(1, timeLeftMs));
  const transport = options.transport ?? (sharedTransport ??= createNodeTransport());
  try {
    const response = await transport(request.url, { headers: { accept: 'application/json', 'user-agent': 'pipeline-personas', ...request.headers }, signal });
    if (response.status < 200 || response.status >= 300) throw statusFailure(request, response, timing.now());
    return parseJson(request, await readBody(request, response));
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    if (signal.aborted) throw new SourceUnreachableError(describeRequestFailure(error, signal, budgetMs), { retryable: true });
    if (error instanceof SourceUnreachableError) throw error;
    throw new SourceUnreachableError(describeRequestFailure(error, signal, budgetMs), { retryable: true });
  }
}

/** The body under the cap; a content coding was not asked for, so one is refused. */
async function readBody(request: OidcGet, response: HttpResponse): Promise<Uint8Array> {
  const coding = response.headers['content-encoding']?.trim().toLowerCase();
  if (coding && coding !== 'identity') {
    response.body.destroy();
    throw new ConfigurationError(`${request.what} answered in the content encoding ${quote(coding)}, which was not asked for: refused`);
  }
  try {
    return await readCappedBody(response, { display: request.what, maxBytes: MAX_OIDC_BODY_BYTES });
  } catch (error) {
    // The only user error of readCappedBody without a content coding is the size.
    if (error instanceof ConfigurationError)
      throw new ConfigurationError(`${request.what} sent more than ${formatBytes(MAX_OIDC_BODY_BYTES)}, so reading stopped there: refused`);
    throw error;
  }
}

function parseJson(request: OidcGet, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw new ConfigurationError(`${request.what} did not answer with JSON`);
  }
}

/** A status that is not success: transient (retried), or a refusal the user must fix. */
function statusFailure(request: OidcGet, response: HttpResponse, now: number): Error {
  response.body.destroy();
  const { status } = response;
  const text = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
  if (TRANSIENT_STATUSES.has(status)) {
    const header = response.headers['retry-after'];
    const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, now);
    return new SourceUnreachableError(text, { retryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status >= 300 && status < 400) return new ConfigurationError(`${request.what} answered ${text} (a redirect, which is not followed)`);
  return new ConfigurationError(`${request.what} refused the request (${text}): ${request.refusalHint}`);
}
