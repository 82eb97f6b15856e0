/**
 * The plain read of a `branch` store: one `GET contents/state.json?ref=BRANCH`
 * in the raw media type over node:http(s) (no Octokit on the resolve path),
 * conditional on the ETag the job cached, with bounded retries of transient
 * failures inside a time budget.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { type Classified, classifyFailure } from '../github/github-api-error.js';
import { fitsBudget, formatWait, parseRetryAfter, retryDelay, type RetryPolicy } from '../github/retry-policy.js';
import { describeRequestFailure, SourceUnreachableError } from '../library/cached-fetch.js';
import { MAX_REMOTE_BYTES, readCappedBody } from '../library/http-body.js';
import type { HttpTransport } from '../library/http-transport.js';
import { RAW_MEDIA_TYPE } from '../library/remote-github-content.js';
import type { RetryTiming } from '../library/remote-retry.js';
import type { Logger } from '../logging/logger.js';
import { parseState } from '../switching/parse-state.js';
import type { PersonaState } from '../switching/persona-state.js';
import type { StateReadCache } from './state-read-cache.js';
import { StateUnreachableError } from './state-unreachable-error.js';

/** The file of a `branch` store. */
export const STATE_FILE = 'state.json';
/** The permission reading a `branch` store needs. */
export const READ_PERMISSION = 'contents: read';

/** What {@link readBranchState} needs. */
export interface BranchReadSettings {
  owner: string;
  repo: string;
  branch: string;
  /** The REST API root without a trailing `/`. */
  apiUrl: string;
  token?: string;
  transport: HttpTransport;
  cache?: StateReadCache;
  timing: RetryTiming;
  policy: RetryPolicy;
  /** Every attempt and wait of one read. */
  budgetMs: number;
  /** One attempt at most (cut to what is left of the budget). */
  attemptTimeoutMs: number;
  logger: Logger;
  /** `branch "persona-state" of octo-org/app`. */
  description: string;
}

/** One answer of the read path: status, headers, and the body text for a 200. */
interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  text?: string;
}

/** A failure another attempt may fix, with its classification (rate limits carry their wait). */
class Transient extends Error {
  constructor(readonly failure: Classified) {
    super(failure.reason);
  }
}

/**
 * The state on the branch, validated: 304 → the cached text, 200 → the
 * served text (cached with its ETag), 404 → undefined when the repository
 * itself is readable with the token, else a fail-closed error.
 * @throws ConfigurationError for a corrupt or oversized state and for a repository the token cannot read;
 *   StateUnreachableError when retries of transient failures are over.
 */
export async function readBranchState(settings: BranchReadSettings): Promise<PersonaState | undefined> {
  const { owner, repo, branch, cache } = settings;
  const where = `${STATE_FILE} on ${settings.description}`;
  const key = `${settings.apiUrl} ${owner}/${repo}@${branch}`;
  const cached = cache && usableCopy(cache, key, where, settings.logger);
  const path = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/contents/${STATE_FILE}?ref=${encodeURIComponent(branch)}`;
  const answer = await withRetries(settings, (timeoutMs) => getOnce(settings, path, cached?.etag, timeoutMs, where));
  if (answer.status === 304) {
    if (!cached) throw new StateUnreachableError(settings.description, 'HTTP 304 Not Modified answered a request that sent no ETag');
    settings.logger.debug(`${where}: not modified since this job read it`);
    return cached.state;
  }
  if (answer.status === 404) return undefined;
  const state = parseState(answer.text!, where);
  const etag = answer.headers.etag;
  if (cache && etag) cache.put(key, { etag, text: answer.text! });
  return state;
}

/** The job's cached read of `key`, validated now (so a 304 needs no parse), or undefined when there is none or it does not validate. */
function usableCopy(cache: StateReadCache, key: string, where: string, logger: Logger): { etag: string; state: PersonaState } | undefined {
  const entry = cache.get(key);
  if (!entry) return undefined;
  try {
    return { etag: entry.etag, state: parseState(entry.text, where) };
  } catch {
    logger.debug(`the cached read of ${where} does not validate; reading without it`);
    return undefined;
  }
}

/** Runs `attempt` until it succeeds, retrying {@link Transient} failures by the policy inside the budget. */
async function withRetries(settings: BranchReadSettings, attempt: (timeoutMs: number) => Promise<Answer>): Promise<Answer> {
  const { timing, policy, budgetMs } = settings;
  const deadline = timing.now() + budgetMs;
  for (let count = 1; ; count++) {
    try {
      return await attempt(Math.max(1, Math.min(settings.attemptTimeoutMs, deadline - timing.now())));
    } catch (error) {
      if (!(error instanceof Transient)) throw error;
      const after = count > 1 ? ` after ${count} attempts` : '';
      let wait = retryDelay(error.failure, count, policy, true, () => timing.random());
      if (wait !== undefined && !fitsBudget(wait, timing.now(), deadline)) wait = undefined;
      if (wait === undefined) throw new StateUnreachableError(settings.description, `${error.failure.reason}${after}`);
      settings.logger.debug(
        `${settings.description}: ${error.failure.reason}; retrying in ${formatWait(wait)} (attempt ${count + 1} of ${policy.retries + 1})`,
      );
      await timing.sleep(wait);
    }
  }
}

/** One request of `path` (the contents, or the repository on a 404); the status decides what is an answer and what is thrown. */
async function getOnce(settings: BranchReadSettings, path: string, etag: string | undefined, timeoutMs: number, where: string): Promise<Answer> {
  const answer = await send(settings, path, timeoutMs, etag, where);
  if (answer.status === 200 || answer.status === 304) return answer;
  if (answer.status !== 404) throw refusal(settings, answer, READ_PERMISSION);
  // No state.json on the branch (or no branch): "no switch yet", but only when the repository itself is readable.
  const repository = await send(settings, `/repos/${encodeURIComponent(settings.owner)}/${encodeURIComponent(settings.repo)}`, timeoutMs, undefined, where);
  if (repository.status === 200) {
    settings.logger.debug(`${settings.description} holds no ${STATE_FILE} yet: nothing was switched`);
    return { status: 404, headers: {} };
  }
  throw refusal(settings, repository, READ_PERMISSION);
}

/** A failed answer as an error: transient (retried), else a configuration error; 404 and 403 fail closed. */
function refusal(settings: BranchReadSettings, answer: Answer, permission: string): Error {
  const classified = classifyFailure({ status: answer.status, headers: answer.headers, message: answer.text ?? '' }, settings.timing.now());
  if (classified.code === 'unreachable' || classified.code === 'rate-limited') {
    // A 5xx may say how long to wait too (503 with Retry-After); a wait over the policy's limit ends the retries.
    const asked = classified.waitMs ?? parseRetryAfter(answer.headers['retry-after'], settings.timing.now());
    if (classified.retryable) return new Transient(asked === undefined ? classified : { ...classified, waitMs: asked });
    return new StateUnreachableError(settings.description, classified.reason);
  }
  const repository = `${settings.owner}/${settings.repo}`;
  if (classified.code === 'unauthorized')
    return new ConfigurationError(`${settings.description} could not be read (HTTP 401): the token is missing, expired or invalid`);
  if (classified.code === 'not-found' || classified.code === 'forbidden')
    return new ConfigurationError(
      `${settings.description} could not be read (HTTP ${answer.status}): the repository ${repository} cannot be read with this token, ` +
        `so a switch or freeze recorded there could be missed; give the token "${permission}" on ${repository} (failing closed)`,
    );
  return new ConfigurationError(`${settings.description} could not be read (HTTP ${answer.status})${answer.text ? `: GitHub says ${quote(answer.text)}` : ''}`);
}

/** Sends one GET and reads what the status needs: the capped body of a 200, GitHub's message of an error. */
async function send(settings: BranchReadSettings, path: string, timeoutMs: number, etag: string | undefined, where: string): Promise<Answer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = {
    accept: path.includes('/contents/') ? RAW_MEDIA_TYPE : 'application/vnd.github+json',
    'user-agent': 'pipeline-personas',
    'x-github-api-version': '2022-11-28',
  };
  if (settings.token) headers.authorization = `Bearer ${settings.token}`;
  if (etag !== undefined) headers['if-none-match'] = etag;
  try {
    const response = await settings.transport(new URL(`${settings.apiUrl}${path}`), { headers, signal });
    const plain = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
    if (response.status === 304) {
      response.body.destroy();
      return { status: 304, headers: plain };
    }
    const ok = response.status === 200;
    const bytes = await readCappedBody(response, { display: where, maxBytes: ok ? MAX_REMOTE_BYTES : 64 * 1024 });
    const text = Buffer.from(bytes).toString('utf8');
    return { status: response.status, headers: plain, text: ok ? text : githubMessage(text) };
  } catch (error) {
    if (error instanceof ConfigurationError) throw new ConfigurationError({ file: where, message: stateSizeMessage(error.message, where) });
    const reason = error instanceof SourceUnreachableError ? error.reason : describeRequestFailure(error, signal, timeoutMs);
    const retryable = error instanceof SourceUnreachableError ? error.retryable : true;
    const classified: Classified = {
      code: 'unreachable',
      reason: signal.aborted ? `timed out after ${formatWait(timeoutMs)}` : reason,
      retryable,
      mayHaveTakenEffect: false,
    };
    throw new Transient(classified);
  }
}

/** The body cap's message, about the state rather than a persona file. */
function stateSizeMessage(message: string, where: string): string {
  return message.replace(`library source ${where} `, 'the store ').replace('a persona file may', 'a state may');
}

/** GitHub's `message` from an error body, cut to 200 characters; '' when there is none. */
function githubMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message.slice(0, 200) : '';
  } catch {
    return '';
  }
}
