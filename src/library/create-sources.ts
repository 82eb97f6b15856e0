import path from 'node:path';
import type { Logger } from '../logging/logger.js';
import { BuiltinSource } from './builtin-source.js';
import { LocalSource } from './local-source.js';
import type { PersonaSource } from './persona-source.js';
import type { RemoteCache } from './remote-cache.js';

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
  /** Replaces `fetch` for remote sources (tests). */
  fetch?: typeof fetch;
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
  let cache: RemoteCache | undefined;
  const remoteCache = async (): Promise<RemoteCache> => {
    if (cache) return cache;
    const { InMemoryRemoteCache, LayeredRemoteCache } = await import('./remote-cache.js');
    if (!context.cacheAcrossRuns) return (cache = new InMemoryRemoteCache());
    const { ActionsRemoteCache } = await import('./actions-remote-cache.js');
    const dir = path.join(context.runnerTemp || path.join(context.workspace, '.pipeline-personas'), 'pipeline-personas-cache');
    return (cache = new LayeredRemoteCache(new InMemoryRemoteCache(), new ActionsRemoteCache(dir)));
  };
  for (const entry of entries) {
    if (REMOTE_URL.test(entry)) {
      const { UrlSource } = await import('./url-source.js');
      sources.push(new UrlSource({ url: entry, cache: await remoteCache(), logger: context.logger, fetch: context.fetch }));
    } else if (GITHUB_SPEC.test(entry)) {
      const { GitHubSource } = await import('./github-source.js');
      sources.push(
        new GitHubSource({
          spec: entry,
          cache: await remoteCache(),
          logger: context.logger,
          token: context.token,
          baseUrl: context.apiUrl,
          fetch: context.fetch,
        }),
      );
    } else if (OTHER_SCHEME.test(entry)) {
      sources.push(unsupported(entry));
    } else sources.push(new LocalSource({ spec: entry, workspace: context.workspace, optional: entry === context.optionalPath }));
  }
  return sources;
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
