import path from 'node:path';
import type { GitHubClient } from '../github/github-client.js';
import type { Logger } from '../logging/logger.js';
import { createBranchStateStore } from '../state/branch-state-store.js';
import { createFileStateStore } from '../state/file-state-store.js';
import { STATE_READ_CACHE_FOLDER } from '../state/state-read-cache.js';
import type { StateSpec } from '../state/state-spec.js';
import type { StateStore } from '../state/state-store.js';

/** What opening a store needs from its surroundings. */
export interface StateStoreEnvironment {
  /** `contents: read` (resolve) or `contents: write` (switch) on the store's repository. */
  token: string;
  /** `GITHUB_API_URL`. */
  apiUrl?: string;
  /** `RUNNER_TEMP`: the job keeps the state it read and its ETag there, so a second read in the job is one 304. */
  runnerTemp?: string;
  logger: Logger;
  /** For writes (switch mode); default: a client for `apiUrl` and `token`, Octokit loaded on first use. */
  client?: GitHubClient;
}

/**
 * The store a parsed `state` input names; undefined for `none`. Opening
 * sends nothing: the `branch` forms read with one plain HTTP request (no
 * Octokit) and write through the GitHub client; `file:` reads and writes a
 * local file under a lock.
 */
export function openStateStore(spec: StateSpec, env: StateStoreEnvironment): StateStore | undefined {
  switch (spec.kind) {
    case 'none':
      return undefined;
    case 'file':
      return createFileStateStore({ path: spec.path, logger: env.logger });
    case 'branch':
      return createBranchStateStore({
        owner: spec.owner,
        repo: spec.repo,
        branch: spec.branch,
        token: env.token || undefined,
        apiUrl: env.apiUrl || undefined,
        ...(env.client ? { client: env.client } : {}),
        ...(env.runnerTemp ? { cacheDirectory: path.join(env.runnerTemp, STATE_READ_CACHE_FOLDER) } : {}),
        logger: env.logger,
      });
  }
}
