import { isConfigurationError } from '../errors/configuration-error.js';
import type { Logger } from '../logging/logger.js';
import { PersonaLibrary } from './persona-library.js';
import type { PersonaSource, SourceResult } from './persona-source.js';

/**
 * Loads every source at once and builds the library. A source that fails
 * with a user error adds its diagnostics to the rest, so one run reports
 * every problem of every source.
 */
export async function loadLibrary(sources: readonly PersonaSource[], logger: Logger): Promise<PersonaLibrary> {
  const results: SourceResult[] = await Promise.all(
    sources.map((source) =>
      source.load().catch((error: unknown) => {
        if (!isConfigurationError(error)) throw error;
        return { label: source.label, definitions: [], diagnostics: [...error.diagnostics] };
      }),
    ),
  );
  return PersonaLibrary.build(results, logger);
}
