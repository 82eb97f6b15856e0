import { loadPatternEngine } from '../edge/pattern-engine-loader.js';
import { isConfigurationError } from '../errors/configuration-error.js';
import type { Logger } from '../logging/logger.js';
import { needsPatternEngine, PersonaLibrary } from './persona-library.js';
import type { PersonaSource, SourceResult } from './persona-source.js';

/**
 * Loads every source at once. A source that fails with a user error adds
 * its diagnostics to the rest, so one run reports every problem of every
 * source.
 */
export async function loadSources(sources: readonly PersonaSource[]): Promise<SourceResult[]> {
  return Promise.all(
    sources.map((source) =>
      source.load().catch((error: unknown): SourceResult => {
        if (!isConfigurationError(error)) throw error;
        return { label: source.label, definitions: [], diagnostics: [...error.diagnostics] };
      }),
    ),
  );
}

/**
 * Loads every source and builds the library. When the library needs it
 * (a `matches` pattern outside the simple subset, or one that may filter an
 * `=`/`in` set: {@link needsPatternEngine}), the linear-time pattern engine
 * (`dist/bundles/patterns`) is loaded first and handed to the library,
 * which checks every pattern with it and blends with it. The built-in
 * library has no pattern, so the cold path never loads it.
 */
export async function loadLibrary(sources: readonly PersonaSource[], logger: Logger): Promise<PersonaLibrary> {
  const results = await loadSources(sources);
  const patterns = needsPatternEngine(results) ? await loadPatternEngine() : undefined;
  return PersonaLibrary.build(results, { logger, patterns });
}
