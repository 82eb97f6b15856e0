import { importBundle } from '../edge/load-bundle.js';
import type { GitHub } from '@actions/github/lib/utils';
import pkg from '../../package.json' with { type: 'json' };
import { type Logger, noopLogger } from '../logging/logger.js';
import { type AttemptFailure, classifyFailure, GitHubApiError, type GitHubErrorCode } from './github-api-error.js';
import { RequestLimiter } from './request-limiter.js';
import { DEFAULT_RETRY_POLICY, fitsBudget, formatWait, retryDelay, type RetryPolicy } from './retry-policy.js';

type Octokit = InstanceType<typeof GitHub>;

/** The public REST API root, used when no `GITHUB_API_URL` is given. */
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
/** How long each attempt waits for an answer. */
export const DEFAULT_GITHUB_TIMEOUT_MS = 30_000;
/** How many requests one client has in flight at most. */
export const DEFAULT_GITHUB_CONCURRENCY = 8;

/** Options of {@link createGitHubClient}. */
export interface GitHubClientOptions {
  /** Sent as `Authorization: token …`; without one, requests are anonymous. */
  token?: string;
  /** The REST API root, `GITHUB_API_URL`. Default `https://api.github.com`. */
  apiUrl?: string;
  /** Default `pipeline-personas/<version>`. */
  userAgent?: string;
  /** Replaces the fetch Octokit uses (by default `@actions/github`'s, which honours `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`). */
  fetch?: typeof fetch;
  /** Per attempt; a timeout counts as `unreachable`. Default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** The rest of the retry policy; see {@link DEFAULT_RETRY_POLICY}. */
  retryPolicy?: Partial<Omit<RetryPolicy, 'retries'>>;
  /** Requests in flight at most. Default 8. */
  concurrency?: number;
  logger?: Logger;
  /** Waits between attempts; tests pass one that records instead of sleeping. */
  delay?: (ms: number) => Promise<void>;
  /** Epoch milliseconds, for rate-limit resets and {@link GitHubCallOptions.deadline}. */
  now?: () => number;
  /** A number in [0, 1) that jitters the backoff; tests pass a constant. Default `Math.random`. */
  random?: () => number;
}

/** Per call: how it is named in messages and whether it may be retried. */
export interface GitHubCallOptions {
  /** Names the call in error messages, e.g. `library source github:acme/personas`. Default `GitHub API GET /repos/acme/personas/…`. */
  what?: string;
  /** The permission the call needs, named when it is refused: `contents: read`. */
  permission?: string;
  /** Whether repeating the request is harmless. Default: true for GET, HEAD, PUT and DELETE, false for POST and PATCH. */
  idempotent?: boolean;
  /**
   * Epoch milliseconds (the client's `now`) by which the call, retries and
   * waits included, must be over: each attempt's timeout is cut to the time
   * left, and a wait that would not leave time for another attempt ends the
   * retries at once. A library source passes the end of its 30 s budget.
   */
  deadline?: number;
}

/** A successful answer; a `304 Not Modified` is one too (with no data). */
export interface GitHubResponse<T = unknown> {
  status: number;
  data: T;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
}

/** The one way the code talks to the GitHub REST API. */
export interface GitHubClient {
  /** The REST API root, without a trailing `/`. */
  readonly apiUrl: string;
  /** Whether requests carry a token. */
  readonly authenticated: boolean;
  /**
   * Sends `route` (`GET /repos/{owner}/{repo}/contents/{path}`) with Octokit's
   * parameter rules (path placeholders, query or body, `headers`), retrying
   * transient failures.
   * @throws GitHubApiError for every failure but a 304.
   */
  request<T = unknown>(route: string, params?: Record<string, unknown>, call?: GitHubCallOptions): Promise<GitHubResponse<T>>;
}

/**
 * A GitHub REST client over `@actions/github`'s Octokit, which is imported
 * on the first request (never on the cold path). Every request has a
 * timeout, goes through a concurrency limit, and is retried by the
 * {@link RetryPolicy}; failures become {@link GitHubApiError}s with a code.
 *
 * Proxy: `@actions/github` picks its proxy (`HTTPS_PROXY`/`HTTP_PROXY`, unless
 * `NO_PROXY` or a loopback host says otherwise) once, for the `GITHUB_API_URL`
 * of the environment; pass that same URL as `apiUrl`, as the runner does.
 */
export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const apiUrl = (options.apiUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  const limiter = new RequestLimiter(options.concurrency ?? DEFAULT_GITHUB_CONCURRENCY);
  let octokit: Promise<Octokit> | undefined;
  const settings: CallSettings = {
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy, ...(options.retries !== undefined ? { retries: options.retries } : {}) },
    timeoutMs: options.timeoutMs ?? DEFAULT_GITHUB_TIMEOUT_MS,
    logger: options.logger ?? noopLogger,
    delay: options.delay ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };
  return {
    apiUrl,
    authenticated: Boolean(options.token),
    request<T>(route: string, params: Record<string, unknown> = {}, call: GitHubCallOptions = {}): Promise<GitHubResponse<T>> {
      octokit ??= loadOctokit(apiUrl, options);
      return limiter.run(() => requestWithRetries<T>(octokit!, route, params, call, settings));
    },
  };
}

/** Builds Octokit from `@actions/github` (its defaults carry the proxy-aware fetch, so `request` is only set to replace it). */
async function loadOctokit(apiUrl: string, options: GitHubClientOptions): Promise<Octokit> {
  // dist/bundles/octokit, shared by every action and the CLI (src/edge/load-bundle.ts).
  const { GitHub, getUserAgentWithOrchestrationId } = await importBundle('octokit', () => import(/* webpackIgnore: true */ '@actions/github/lib/utils'));
  const logger = options.logger ?? noopLogger;
  return new GitHub({
    baseUrl: apiUrl,
    userAgent: getUserAgentWithOrchestrationId(options.userAgent ?? `pipeline-personas/${pkg.version}`),
    ...(options.token ? { auth: `token ${options.token}` } : {}),
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
    log: { debug: () => {}, info: () => {}, warn: (message: string) => logger.warning(message), error: (message: string) => logger.debug(message) },
  });
}

interface CallSettings {
  policy: RetryPolicy;
  timeoutMs: number;
  logger: Logger;
  delay: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
}

async function requestWithRetries<T>(
  client: Promise<Octokit>,
  route: string,
  params: Record<string, unknown>,
  call: GitHubCallOptions,
  settings: CallSettings,
): Promise<GitHubResponse<T>> {
  const octokit = await client;
  const method = route.split(' ', 1)[0]!.toUpperCase();
  const idempotent = call.idempotent ?? !['POST', 'PATCH'].includes(method);
  const what = call.what ?? `GitHub API ${expandRoute(route, params)}`;
  const { deadline } = call;
  for (let attempt = 1; ; attempt++) {
    const timeoutMs = deadline === undefined ? settings.timeoutMs : Math.max(0, Math.min(settings.timeoutMs, deadline - settings.now()));
    const timeoutText = timeoutMs < settings.timeoutMs ? 'timed out: the time budget ran out' : `timed out after ${formatWait(timeoutMs)}`;
    const outcome = await attemptOnce<T>(octokit, route, params, timeoutMs, timeoutText);
    if ('response' in outcome) return outcome.response;
    const failure = classifyFailure(outcome.failure, settings.now());
    let wait = retryDelay(failure, attempt, settings.policy, idempotent, settings.random);
    const outOfTime = wait !== undefined && !fitsBudget(wait, settings.now(), deadline);
    if (outOfTime) wait = undefined;
    if (wait === undefined) {
      const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
      const reason = `${failure.reason}${tries}${outOfTime ? '; no time left for another attempt' : ''}`;
      throw new GitHubApiError(errorMessage(failure.code, what, reason, outcome.failure.message, call.permission), {
        code: failure.code,
        reason,
        attempts: attempt,
        ...(outcome.failure.status !== undefined ? { status: outcome.failure.status } : {}),
        ...(call.permission !== undefined ? { permission: call.permission } : {}),
      });
    }
    const log = failure.code === 'rate-limited' ? settings.logger.warning : settings.logger.debug;
    log.call(settings.logger, `${what}: ${failure.reason}; retrying in ${formatWait(wait)} (attempt ${attempt + 1} of ${settings.policy.retries + 1})`);
    await settings.delay(wait);
  }
}

/** One request with its own timeout: the response, or the failure to classify. */
async function attemptOnce<T>(
  octokit: Octokit,
  route: string,
  params: Record<string, unknown>,
  timeoutMs: number,
  timeoutText: string,
): Promise<{ response: GitHubResponse<T> } | { failure: AttemptFailure }> {
  const signal = AbortSignal.timeout(timeoutMs);
  const request = { ...(params.request as object | undefined), signal };
  try {
    const response = await octokit.request(route, { ...params, request });
    return { response: { status: response.status, data: response.data as T, headers: stringHeaders(response.headers) } };
  } catch (error) {
    const failed = error as { status?: unknown; response?: { status: number; headers: Record<string, unknown>; data?: unknown } };
    if (failed.response && typeof failed.status === 'number') {
      const headers = stringHeaders(failed.response.headers);
      if (failed.status === 304) return { response: { status: 304, data: undefined as T, headers } };
      return { failure: { status: failed.status, headers, message: githubMessage(failed.response.data) } };
    }
    // Octokit marks a failed fetch (network error, abort) with status 500 and no response; anything else is a bug.
    if (!signal.aborted && failed.status !== 500) throw error;
    return { failure: { headers: {}, message: signal.aborted ? timeoutText : networkMessage(error) } };
  }
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value === undefined ? undefined : String(value)]));
}

/** GitHub's `message` from an error body, or ''. */
function githubMessage(data: unknown): string {
  const message = typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : data;
  return typeof message === 'string' ? message : '';
}

/** The innermost message of a network error (`connect ECONNREFUSED 127.0.0.1:1`), duck-typed across realms. */
function networkMessage(error: unknown): string {
  let cause: unknown = error;
  const isErrorLike = (value: unknown): value is { message: string; cause?: unknown; code?: unknown } =>
    typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
  while (isErrorLike(cause) && isErrorLike(cause.cause)) cause = cause.cause;
  if (!isErrorLike(cause)) return String(cause);
  return cause.message || (typeof cause.code === 'string' ? cause.code : 'unknown network error');
}

/** `GET /repos/acme/personas/contents/x`: the route with its path placeholders filled in. */
function expandRoute(route: string, params: Record<string, unknown>): string {
  return route.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

function errorMessage(code: GitHubErrorCode, what: string, reason: string, githubSays: string, permission: string | undefined): string {
  const needs = permission ? `the token needs the "${permission}" permission` : 'the token lacks a permission';
  const detail = githubSays ? `: ${githubSays}` : '';
  switch (code) {
    case 'unauthorized':
      return `${what} was refused (${reason}): the token is missing, expired or invalid`;
    case 'forbidden':
      return `${what} was refused (${reason}): ${needs}${detail ? ` (GitHub says${detail})` : ''}`;
    case 'not-found':
      return `${what} was not found (${reason}): check the names, and that the token can see them${permission ? ` ("${permission}")` : ''}`;
    case 'conflict':
      return `${what} conflicts with the current state (${reason})${detail}`;
    case 'rejected':
      return `${what} was rejected (${reason})${detail}`;
    case 'rate-limited':
      return `${what} is rate limited (${reason})`;
    case 'unreachable':
      return `${what} is unreachable (${reason})`;
  }
}
