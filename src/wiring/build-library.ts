import { createSources } from '../library/create-sources.js';
import { loadLibrary } from '../library/load-library.js';
import type { PersonaLibrary } from '../library/persona-library.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_LIBRARY, type LibrarySettings } from './common-inputs.js';

/** Where the library is built: the surroundings of an action or of the CLI. */
export interface LibraryEnvironment {
  /** Where relative library paths start (`GITHUB_WORKSPACE`, or the CLI's working directory). */
  workspace: string;
  logger: Logger;
  /** REST API root for `github:` sources (`GITHUB_API_URL`). */
  apiUrl?: string;
  /** True inside Actions with a cache service (the cache client is not even loaded otherwise). */
  cacheService?: boolean;
  /** Where the Actions cache keeps its files (`RUNNER_TEMP`). */
  runnerTemp?: string;
  /** Replaces `fetch` for remote sources (tests). */
  fetch?: typeof fetch;
  /** False when `.github/personas` was named explicitly and so must exist (the CLI's `--library`). */
  defaultIsOptional?: boolean;
}

/**
 * The library of an action or the CLI: the built-in personas, then each
 * `library` entry in order. `.github/personas` (the default) is skipped
 * silently when absent; any other entry must exist. Throws a
 * ConfigurationError listing every problem of every source.
 *
 * When some persona has a `matches` constraint, the linear-time pattern
 * engine (`dist/bundles/patterns`) is loaded and handed to the library,
 * which checks every pattern with it (each refused one a located error)
 * and blends with it; the built-in library has none, so the cold path never
 * loads it.
 */
export async function buildLibrary(settings: Pick<LibrarySettings, 'library' | 'token' | 'cache'>, env: LibraryEnvironment): Promise<PersonaLibrary> {
  const sources = await createSources(settings.library, {
    workspace: env.workspace,
    logger: env.logger,
    optionalPath: env.defaultIsOptional === false ? undefined : DEFAULT_LIBRARY,
    token: settings.token || undefined,
    apiUrl: env.apiUrl || undefined,
    cacheAcrossRuns: settings.cache && Boolean(env.cacheService),
    runnerTemp: env.runnerTemp,
    fetch: env.fetch,
  });
  return loadLibrary(sources, env.logger);
}
