import path from 'node:path';
import type { Logger } from '../logging/logger.js';
import { BuiltinSource } from './builtin-source.js';
import { LocalSource } from './local-source.js';
import type { PersonaSource } from './persona-source.js';
import type { RemoteCache } from './remote-cache.js';
import { importBundle } from '../edge/load-bundle.js';
import type { GitHubClient } from '../github/github-client.js';
import { DEFAULT_CONCURRENCY } from '../edge/map-concurrent.js';
import type { HttpTransport } from './http-transport.js';

/** What the sources need from their surroundings. */
export interface SourceContext {
  /** Where relative paths start. */
  workspace: string;
  logger: Logger;
  /** Entries equal to this path are skipped silently when absent. */
  optionalPath?: string;
  /** Token for `github:` sources. */
  token?: string;
  /** REST API root for `github:` sources (`GITHUB_API_URL`). */
  apiUrl?: string;
  /** Keep remote sources across runs with the Actions cache (inside Actions only). */
  cacheAcrossRuns?: boolean;
  /** Where the Actions cache keeps its files (`RUNNER_TEMP`). */
  runnerTemp?: string;
  /** Replaces the `fetch` of `github:` sources (tests). */
  fetch?: typeof fetch;
  /** Replaces the transport of `https://` sources (tests). */
  transport?: HttpTransport;
  /** Requests of `https://` sources in flight at most, across all of them. Default 16. */
  urlConcurrency?: number;
}

const REMOTE_URL = /^https?:\/\//i;
const GITHUB_SPEC = /^github:/i;
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The library's sources in order: the built-in personas, then each entry of
 * the `library` input (a path, directory or glob; an `https://` URL,
 * optionally `#sha256=` pinned; a `github:OWNER/REPO/PATH@REF` folder). A
 * later source overrides an earlier one by id. Remote source modules load
 * only when an entry needs them.
 */
export async function createSources(entries: readonly string[], context: SourceContext): Promise<PersonaSource[]> {
  const sources: PersonaSource[] = [new BuiltinSource()];
  const remote = entries.some((e) => REMOTE_URL.test(e) || GITHUB_SPEC.test(e)) ? await loadRemote(context) : undefined;
  for (const entry of entries) {
    if (remote && REMOTE_URL.test(entry)) {
      const { cache, limiter } = remote;
      sources.push(
        new remote.modules.UrlSource({ url: entry, cache, limiter, logger: context.logger, ...(context.transport ? { transport: context.transport } : {}) }),
      );
    } else if (remote && GITHUB_SPEC.test(entry)) {
      const { token, apiUrl: baseUrl, logger, fetch } = context;
      sources.push(new remote.modules.GitHubSource({ spec: entry, cache: remote.cache, logger, token, baseUrl, fetch, client: remote.github() }));
    } else if (OTHER_SCHEME.test(entry)) {
      sources.push(unsupported(entry));
    } else sources.push(new LocalSource({ spec: entry, workspace: context.workspace, optional: entry === context.optionalPath }));
  }
  return sources;
}

/**
 * The remote-source modules (one shared bundle), one cache for every remote
 * source (in process, and across runs with the Actions cache when asked),
 * one GitHub client for every `github:` source, so its concurrency cap
 * holds across them, and one limiter for every `https://` source (16
 * requests at once), so 2,000 URL entries never mean 2,000 requests at once.
 * Both kinds retry with the same policy (three attempts inside 30 s).
 */
async function loadRemote(context: SourceContext) {
  const modules = await importBundle('remote-sources', () => import(/* webpackIgnore: true */ './remote-sources.js'));
  const memory = new modules.InMemoryRemoteCache();
  const dir = path.join(context.runnerTemp || path.join(context.workspace, '.pipeline-personas'), 'pipeline-personas-cache');
  const cache: RemoteCache = context.cacheAcrossRuns ? new modules.LayeredRemoteCache(memory, new modules.ActionsRemoteCache(dir)) : memory;
  let client: GitHubClient | undefined;
  // Without a token each source reports that it needs one.
  const github = () =>
    context.token
      ? (client ??= modules.createGitHubClient({
          token: context.token,
          apiUrl: context.apiUrl,
          logger: context.logger,
          fetch: context.fetch,
          retries: modules.SOURCE_RETRY_POLICY.retries,
          retryPolicy: modules.SOURCE_RETRY_POLICY,
        }))
      : undefined;
  const limiter = new modules.RequestLimiter(context.urlConcurrency ?? DEFAULT_CONCURRENCY);
  return { modules, cache, github, limiter };
}

/** A source that fails on load, so the error is reported with every other source's. */
function unsupported(entry: string): PersonaSource {
  return {
    label: entry,
    load: async () => ({
      label: entry,
      definitions: [],
      diagnostics: [{ message: `library: unsupported source "${entry}" (expected a path, an https:// URL or github:OWNER/REPO/PATH@REF)` }],
    }),
  };
}
