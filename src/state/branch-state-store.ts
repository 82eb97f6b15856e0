/**
 * The `branch` store (`state: branch`, `branch:<name>`,
 * `github:OWNER/REPO[@branch]`): `state.json` on an orphan branch of a
 * repository, one commit per change, the commit messages being the audit
 * history. Reads are one plain conditional request (no Octokit); writes and
 * history go through the GitHub client.
 */
import { GitHubApiError } from '../github/github-api-error.js';
import { createGitHubClient, DEFAULT_GITHUB_API_URL, type GitHubClient } from '../github/github-client.js';
import { SOURCE_RETRY_POLICY, type RetryPolicy } from '../github/retry-policy.js';
import { createNodeTransport, type HttpTransport } from '../library/http-transport.js';
import { REAL_TIMING, type RetryTiming } from '../library/remote-retry.js';
import { type Logger, noopLogger } from '../logging/logger.js';
import { DEFAULT_STATE_BRANCH } from './state-spec.js';
import { parseHistoryCommitMessage } from '../switching/history-entry.js';
import type { HistoryEntry, PersonaState } from '../switching/persona-state.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { readBranchState, READ_PERMISSION } from './branch-state-read.js';
import { type BranchTarget, type BranchVersion, readForUpdate, WriteNotLandedError, writeState } from './branch-state-write.js';
import { type CasOptions, updateWithRetries } from './compare-and-swap.js';
import { StateReadCache } from './state-read-cache.js';
import type { StateChange, StateStore } from './state-store.js';

/** The whole budget of one plain read, retries and waits included. */
export const DEFAULT_STATE_READ_BUDGET_MS = 30_000;
/** One attempt of the plain read at most. */
export const DEFAULT_STATE_READ_TIMEOUT_MS = 10_000;

/** How many writes that failed in transit (and did not land) one update sends again before it reports the failure. */
const MAX_WRITES_NOT_LANDED = 3;

/** Options of {@link createBranchStateStore}. */
export interface BranchStateStoreOptions {
  owner: string;
  repo: string;
  /** Default `persona-state`. */
  branch?: string;
  /** The REST API root (`GITHUB_API_URL`); default `https://api.github.com`. Used by the read path, and by the default client. */
  apiUrl?: string;
  /** `contents: read` to read, `contents: write` to update. */
  token?: string;
  /** Writes, the update's reads and history. Default: a client for `apiUrl` and `token` (Octokit is loaded only when it sends). */
  client?: GitHubClient;
  /** The read path's HTTP (no Octokit). Default: node:http(s) with the toolkit's proxy rules. */
  transport?: HttpTransport;
  /** Where the job keeps the state it read and its ETag: `$RUNNER_TEMP/persona-state`. Without it every read is unconditional. */
  cacheDirectory?: string;
  /** Default 30 s. */
  readBudgetMs?: number;
  /** Default 10 s (cut to what is left of the budget). */
  readTimeoutMs?: number;
  /** The read path's clock, sleep and jitter; tests inject them. */
  readTiming?: RetryTiming;
  /** Default: three attempts, as for remote library sources. */
  readPolicy?: RetryPolicy;
  /** The compare-and-swap loop's attempts, backoff and timing. */
  cas?: Omit<CasOptions, 'description'>;
  logger?: Logger;
}

/** Creates the `branch` store of `owner/repo`; see {@link BranchStateStoreOptions}. Sends nothing yet. */
export function createBranchStateStore(options: BranchStateStoreOptions): StateStore {
  return new BranchStateStore(options);
}

class BranchStateStore implements StateStore {
  readonly description: string;
  private readonly branch: string;
  private readonly apiUrl: string;
  private readonly logger: Logger;
  private readonly cache?: StateReadCache;
  private client?: GitHubClient;
  private transport?: HttpTransport;

  constructor(private readonly options: BranchStateStoreOptions) {
    this.branch = options.branch ?? DEFAULT_STATE_BRANCH;
    this.description = `branch ${JSON.stringify(this.branch)} of ${options.owner}/${options.repo}`;
    this.apiUrl = (options.apiUrl || options.client?.apiUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
    this.logger = options.logger ?? noopLogger;
    if (options.cacheDirectory) this.cache = new StateReadCache(options.cacheDirectory, this.logger);
  }

  read(): Promise<PersonaState | undefined> {
    const { owner, repo, token } = this.options;
    return readBranchState({
      owner,
      repo,
      branch: this.branch,
      apiUrl: this.apiUrl,
      ...(token ? { token } : {}),
      transport: (this.transport ??= this.options.transport ?? createNodeTransport()),
      ...(this.cache ? { cache: this.cache } : {}),
      timing: this.options.readTiming ?? REAL_TIMING,
      policy: this.options.readPolicy ?? SOURCE_RETRY_POLICY,
      budgetMs: this.options.readBudgetMs ?? DEFAULT_STATE_READ_BUDGET_MS,
      attemptTimeoutMs: this.options.readTimeoutMs ?? DEFAULT_STATE_READ_TIMEOUT_MS,
      logger: this.logger,
      description: this.description,
    });
  }

  update<T>(change: (current: PersonaState | undefined) => StateChange<T>): Promise<T> {
    const target = this.target();
    let notLanded = 0;
    // A write that failed in transit and did not land is sent again a few times (through the loop's backoff), then reported as it failed.
    const tryWrite = (write: { state: PersonaState; entry: HistoryEntry }, version: BranchVersion) =>
      writeState(target, write, version).catch((error: unknown) => {
        if (error instanceof WriteNotLandedError && ++notLanded >= MAX_WRITES_NOT_LANDED) throw error.original;
        throw error;
      });
    return updateWithRetries<T, BranchVersion>(() => readForUpdate(target), tryWrite, change, { ...this.options.cas, description: this.description });
  }

  async history(limit: number): Promise<HistoryEntry[]> {
    const { client, owner, repo } = this.target();
    const perPage = Math.min(100, Math.max(1, limit));
    const entries: HistoryEntry[] = [];
    // Commits made by hand carry no entry, so a page may give fewer entries than commits; a few extra pages at most.
    for (let page = 1; entries.length < limit && page <= Math.ceil(limit / perPage) + 2; page++) {
      let commits: Array<{ commit?: { message?: unknown } }>;
      try {
        const call = { what: `reading the history of ${this.description}`, permission: READ_PERMISSION };
        commits = (await client.request<typeof commits>('GET /repos/{owner}/{repo}/commits', { owner, repo, sha: this.branch, per_page: perPage, page }, call))
          .data;
      } catch (error) {
        if (!(error instanceof GitHubApiError) || (error.code !== 'not-found' && error.status !== 422)) throw error;
        await this.requireReadableRepository();
        return [];
      }
      for (const { commit } of commits) {
        const entry = typeof commit?.message === 'string' ? parseHistoryCommitMessage(commit.message) : undefined;
        if (entry) entries.push(entry);
      }
      if (commits.length < perPage) break;
    }
    return entries.slice(0, Math.max(0, limit));
  }

  /** A missing branch means "no history yet" only when the repository is readable; otherwise fail closed. */
  private async requireReadableRepository(): Promise<void> {
    const { client, owner, repo } = this.target();
    try {
      await client.request('GET /repos/{owner}/{repo}', { owner, repo }, { what: `reading ${owner}/${repo}`, permission: READ_PERMISSION });
    } catch (error) {
      if (!(error instanceof GitHubApiError) || (error.code !== 'not-found' && error.code !== 'forbidden')) throw error;
      throw new ConfigurationError(
        `${this.description} could not be read (HTTP ${error.status ?? '?'}): the repository ${owner}/${repo} cannot be read with this token; ` +
          `give the token "${READ_PERMISSION}" on it (failing closed)`,
      );
    }
  }

  private target(): BranchTarget {
    const { owner, repo, token } = this.options;
    this.client ??= this.options.client ?? createGitHubClient({ apiUrl: this.apiUrl, ...(token ? { token } : {}), logger: this.logger });
    return { client: this.client, owner, repo, branch: this.branch, description: this.description };
  }
}
