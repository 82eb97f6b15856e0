import path from 'node:path';
import { DEFAULT_GITHUB_API_URL, type GitHubClient } from '../github/github-client.js';
import { ActionsRemoteCache } from '../library/actions-remote-cache.js';
import type { Logger } from '../logging/logger.js';
import { createBranchStateStore } from '../state/branch-state-store.js';
import { createFileStateStore } from '../state/file-state-store.js';
import { withLastKnownState } from '../state/last-known-state.js';
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
  /**
   * Keep the last state read in the Actions cache and fall back to it when a
   * `branch` store is unreachable (resolve-persona's `cache` input, inside
   * Actions with a cache service). Reads only: a switch never writes on a guess.
   */
  lastKnownState?: boolean;
}

/** Where the Actions cache's copies of the state live on the runner, under `RUNNER_TEMP`. */
const LAST_STATE_FOLDER = 'persona-state-cache';

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
    case 'branch': {
      const store = createBranchStateStore({
        owner: spec.owner,
        repo: spec.repo,
        branch: spec.branch,
        token: env.token || undefined,
        apiUrl: env.apiUrl || undefined,
        ...(env.client ? { client: env.client } : {}),
        ...(env.runnerTemp ? { cacheDirectory: path.join(env.runnerTemp, STATE_READ_CACHE_FOLDER) } : {}),
        logger: env.logger,
      });
      if (!env.lastKnownState || !env.runnerTemp) return store;
      const apiUrl = (env.apiUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
      return withLastKnownState(store, {
        cache: new ActionsRemoteCache(path.join(env.runnerTemp, LAST_STATE_FOLDER)),
        storeKey: `state:${apiUrl}/${spec.owner}/${spec.repo}@${spec.branch}`,
        markerDirectory: path.join(env.runnerTemp, STATE_READ_CACHE_FOLDER),
        logger: env.logger,
      });
    }
  }
}
