import { ConfigurationError } from '../errors/configuration-error.js';
import { GitHubApiError } from '../github/github-api-error.js';
import { createGitHubClient, DEFAULT_GITHUB_API_URL, type GitHubClient, type GitHubResponse } from '../github/github-client.js';
import { quote } from '../errors/quote.js';
import type { Logger } from '../logging/logger.js';
import { byCodeUnit } from '../persona/code-unit-order.js';
import { PERSONA_FILE_PATTERN } from '../persona/vocabulary.js';
import { mapConcurrent } from '../edge/map-concurrent.js';
import { SOURCE_RETRY_POLICY } from '../github/retry-policy.js';
import { DEFAULT_REMOTE_TIMEOUT_MS, fetchWithCache, type FetchResult, SourceUnreachableError } from './cached-fetch.js';
import { parseDocuments, type PersonaSource, type SourceDocument, type SourceResult } from './persona-source.js';
import { checkListedSize, type ContentItem, decodeInlineContent, RAW_MEDIA_TYPE, readRawContent } from './remote-github-content.js';
import type { RemoteCache } from './remote-cache.js';

/** The permission a token needs to read a `github:` source. */
const PERMISSION = 'contents: read';

/** A `github:OWNER/REPO/PATH@REF` spec taken apart. */
export interface GitHubSpec {
  owner: string;
  repo: string;
  /** Folder or file inside the repository, without leading or trailing `/`; empty for the root. */
  path: string;
  /** Branch, tag or commit SHA; absent for the default branch. */
  ref?: string;
}

/** Options of a {@link GitHubSource}. */
export interface GitHubSourceOptions {
  /** `github:OWNER/REPO/PATH@REF`; see {@link parseGitHubSpec}. */
  spec: string;
  cache: RemoteCache;
  logger: Logger;
  /** A token that can read the repository (`contents: read`), e.g. `GITHUB_TOKEN`. */
  token?: string;
  /** The REST API root, `GITHUB_API_URL`. Default `https://api.github.com`. */
  baseUrl?: string;
  /** Replaces the fetch Octokit uses (by default one that honours the runner's proxy settings). */
  fetch?: typeof fetch;
  now?: () => Date;
  /** The source's whole budget: every request, retry and wait of one load. Default 30 s; running out counts as unreachable. */
  timeoutMs?: number;
  /** Retries of a failed request (network error, timeout, 408, 429, 5xx, rate limit). Default 2 (three attempts, as for https:// sources). */
  retries?: number;
  /** Waits between retries; tests pass one that does not sleep. */
  delay?: (ms: number) => Promise<void>;
  /** Epoch milliseconds, the clock of the budget (and of the client this source creates). Default `Date.now`. */
  clock?: () => number;
  /** Jitter of the backoff, in [0, 1); tests pass a constant. */
  random?: () => number;
  /** A client to share with other sources (its token, URL, fetch and retry settings then replace the ones above). */
  client?: GitHubClient;
}

const SPEC_SHAPE = 'expected github:OWNER/REPO/PATH@REF, where PATH and @REF are optional';

/**
 * Parses `github:OWNER/REPO/PATH@REF`. PATH may name a folder or a single
 * persona file and defaults to the repository root; REF defaults to the
 * default branch. The last `@` starts the ref.
 * @throws ConfigurationError naming what is malformed.
 */
export function parseGitHubSpec(spec: string): GitHubSpec {
  const fail = (problem: string): never => {
    throw new ConfigurationError(`library source ${JSON.stringify(spec)} is not a valid GitHub source: ${problem} (${SPEC_SHAPE})`);
  };
  if (!spec.startsWith('github:')) fail('it does not start with "github:"');
  const rest = spec.slice('github:'.length);
  const at = rest.lastIndexOf('@');
  const location = at < 0 ? rest : rest.slice(0, at);
  const ref = at < 0 ? undefined : rest.slice(at + 1);
  const [owner = '', repo = '', ...segments] = location.replace(/\/$/, '').split('/');
  if (!owner) fail('the owner is missing');
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(owner)) fail(`the owner "${owner}" has characters GitHub does not allow`);
  if (!repo) fail('the repository is missing');
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(repo) || repo === '.' || repo === '..') fail(`the repository "${repo}" has characters GitHub does not allow`);
  if (segments.some((s) => s === '' || s === '.' || s === '..')) fail('the path has an empty, "." or ".." segment');
  if (ref !== undefined) {
    if (!ref) fail('the ref after "@" is empty');
    if (/[\s~^:?*[\\]|\.\.|@\{/.test(ref!)) fail(`the ref "${ref}" is not a valid branch, tag or commit`);
  }
  const parsed: GitHubSpec = { owner, repo, path: segments.join('/') };
  if (ref !== undefined) parsed.ref = ref;
  return parsed;
}

/** The canonical `github:OWNER/REPO/PATH@REF` text of a spec. */
export function formatGitHubSpec({ owner, repo, path, ref }: GitHubSpec): string {
  return `github:${owner}/${repo}${path ? `/${path}` : ''}${ref !== undefined ? `@${ref}` : ''}`;
}

/** Folder files requested at once by one source (the shared client caps all sources together too). */
const FILE_CONCURRENCY = 8;

/**
 * Persona files in a GitHub repository, read through the REST contents API
 * with the GitHub client (`src/github/`: Octokit loaded on the first
 * request, the same retry policy as `https://` sources, at most 8 requests
 * in flight), all inside the source's 30 s budget. Files are read in the raw
 * media type under the 1 MiB limit (their listed size is checked first). PATH
 * may be a single `.yml`/`.yaml`/`.json` file or a folder; a folder
 * contributes the persona files directly inside it: subfolders are not read.
 * The listing's (or file's) ETag revalidates the cached copy; a commit-SHA
 * ref is immutable, so its cached copy is used without asking. Network and
 * server errors and rate limits that outlast the client's retries fall back
 * to the cached copy with a warning; not found and refused (404, 401, 403)
 * are configuration errors.
 */
export class GitHubSource implements PersonaSource {
  readonly label: string;
  private readonly baseUrl: string;
  private parsed?: { spec: GitHubSpec; display: string };
  private github?: GitHubClient;
  /** The end of the current load's budget, in {@link GitHubSourceOptions.clock} milliseconds. */
  private deadline?: number;

  /** Checks nothing yet: a malformed spec fails {@link load}, so it is reported with the library's other problems. */
  constructor(private readonly options: GitHubSourceOptions) {
    this.label = options.spec;
    this.baseUrl = options.client?.apiUrl ?? (options.baseUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  }

  private get spec(): GitHubSpec {
    return this.target().spec;
  }

  private get display(): string {
    return this.target().display;
  }

  private target(): { spec: GitHubSpec; display: string } {
    if (!this.parsed) {
      const spec = parseGitHubSpec(this.options.spec);
      this.parsed = { spec, display: formatGitHubSpec(spec) };
    }
    return this.parsed;
  }

  /** @throws ConfigurationError when the spec is malformed, the source is not found or refused, or it is unreachable with no cached copy. */
  async load(): Promise<SourceResult> {
    this.deadline = (this.options.clock ?? Date.now)() + (this.options.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS);
    const documents = await fetchWithCache({
      sourceKey: `${this.display} via ${this.baseUrl}`,
      display: this.display,
      cache: this.options.cache,
      logger: this.options.logger,
      now: this.options.now,
      immutable: this.spec.ref !== undefined && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(this.spec.ref),
      fetch: (etag) => this.fetchContents(etag),
    });
    return parseDocuments(this.label, documents);
  }

  private async fetchContents(etag: string | undefined): Promise<FetchResult> {
    const top = await this.get(this.spec.path, this.display, etag);
    if (top === 'not-modified') return { status: 'not-modified' };
    const { data } = top;
    let documents: SourceDocument[];
    if (Array.isArray(data)) {
      const files = (data as ContentItem[])
        .filter((item) => item.type === 'file' && PERSONA_FILE_PATTERN.test(item.name) && !item.name.startsWith('.'))
        .sort((a, b) => byCodeUnit(a.name, b.name));
      if (!files.length) throw new ConfigurationError(`library source ${this.display} holds no .json, .yml or .yaml file (folders are not read recursively)`);
      this.options.logger.debug(`library source ${this.display}: reading ${files.length} persona file(s)`);
      for (const item of files) checkListedSize(item, `${this.display}/${item.name}`);
      documents = await mapConcurrent(files, (item) => this.readFile(item.path, `${this.display}/${item.name}`), FILE_CONCURRENCY);
    } else {
      const item = data as ContentItem;
      if (item.type !== 'file') throw new ConfigurationError(`library source ${this.display} is a ${quote(item.type)}, not a persona file or folder`);
      if (!PERSONA_FILE_PATTERN.test(item.name)) throw new ConfigurationError(`library source ${this.display} is not a .json, .yml or .yaml file`);
      checkListedSize(item, this.display);
      // Files over GitHub's inline limit come without content: ask for their bytes.
      const text = item.encoding === 'base64' ? decodeInlineContent(item, this.display) : (await this.readFile(item.path, this.display)).text;
      documents = [{ file: this.display, text }];
    }
    return { status: 'fresh', documents, etag: top.etag };
  }

  /** One file in the raw media type, its body streamed under the 1 MiB limit. */
  private async readFile(path: string, file: string): Promise<SourceDocument> {
    const got = await this.get(path, file, undefined, true);
    if (got === 'not-modified') throw new SourceUnreachableError(`HTTP 304 Not Modified answered an unconditional request for ${file}`);
    return { file, text: await readRawContent(got.response, file) };
  }

  /** One contents API request, its failures sorted into unreachable and user errors; `raw` leaves the body unread. */
  private async get(
    path: string,
    what: string,
    etag?: string,
    raw = false,
  ): Promise<{ data: unknown; etag?: string; response: GitHubResponse } | 'not-modified'> {
    const client = this.client();
    const encoded = path ? `/${path.split('/').map(encodeURIComponent).join('/')}` : '';
    const headers: Record<string, string> = etag !== undefined ? { 'if-none-match': etag } : {};
    if (raw) headers.accept = RAW_MEDIA_TYPE;
    try {
      const response = await client.request(
        `GET /repos/{owner}/{repo}/contents${encoded}`,
        {
          owner: this.spec.owner,
          repo: this.spec.repo,
          ...(this.spec.ref !== undefined ? { ref: this.spec.ref } : {}),
          headers,
          ...(raw ? { request: { parseSuccessResponseBody: false } } : {}),
        },
        { what: `library source ${what}`, permission: PERMISSION, ...(this.deadline !== undefined ? { deadline: this.deadline } : {}) },
      );
      if (response.status === 304) return 'not-modified';
      const newEtag = response.headers.etag;
      return { data: response.data, response, ...(newEtag !== undefined ? { etag: newEtag } : {}) };
    } catch (error) {
      throw error instanceof GitHubApiError ? this.failure(what, error) : error;
    }
  }

  /** The source's own wording of a failed call; transient failures may fall back to the cache. */
  private failure(what: string, error: GitHubApiError): Error {
    const permission = `it needs the "${PERMISSION}" permission on ${this.spec.owner}/${this.spec.repo}`;
    const status = error.status ?? 0;
    switch (error.code) {
      case 'unreachable':
      case 'rate-limited':
        return new SourceUnreachableError(error.reason);
      case 'not-found':
        return new ConfigurationError(
          `library source ${what} was not found (HTTP 404): check the owner, repository, path and ref, and that the token can read the repository`,
        );
      case 'unauthorized':
        return new ConfigurationError(`library source ${what} was refused (HTTP 401): the token is missing or invalid, and ${permission}`);
      case 'forbidden':
        return new ConfigurationError(`library source ${what} was refused (HTTP 403): the token cannot read the repository; ${permission}`);
      default:
        return new ConfigurationError(`library source ${what} could not be read (HTTP ${status})`);
    }
  }

  private client(): GitHubClient {
    if (this.github) return this.github;
    const { client, token, baseUrl, fetch, timeoutMs, retries, delay, logger, clock, random } = this.options;
    if (!client && !token)
      throw new ConfigurationError(`library source ${this.display} needs a GitHub token that can read the repository ("${PERMISSION}"), and none was given`);
    this.github =
      client ??
      createGitHubClient({
        token,
        apiUrl: baseUrl,
        logger,
        ...(fetch ? { fetch } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        retries: retries ?? SOURCE_RETRY_POLICY.retries,
        retryPolicy: SOURCE_RETRY_POLICY,
        ...(delay ? { delay } : {}),
        ...(clock ? { now: clock } : {}),
        ...(random ? { random } : {}),
      });
    return this.github;
  }
}
