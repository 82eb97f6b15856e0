import { ConfigurationError } from '../errors/configuration-error.js';
import type { Logger } from '../logging/logger.js';
import { BuiltinSource } from './builtin-source.js';
import { LocalSource } from './local-source.js';
import type { PersonaSource } from './persona-source.js';

/** What the sources need from their surroundings. */
export interface SourceContext {
  /** Where relative paths start. */
  workspace: string;
  logger: Logger;
  /** Entries equal to this path are skipped silently when absent. */
  optionalPath?: string;
}

/**
 * The library's sources in order: the built-in personas, then each entry of
 * the `library` input (a path, directory or glob; an `https://` URL; a
 * `github:OWNER/REPO/PATH@REF` folder). A later source overrides an earlier
 * one by id.
 */
export async function createSources(entries: readonly string[], context: SourceContext): Promise<PersonaSource[]> {
  const sources: PersonaSource[] = [new BuiltinSource()];
  for (const entry of entries) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) && !/^https?:\/\//i.test(entry))
      throw new ConfigurationError(`library: unsupported source "${entry}" (expected a path, an https:// URL or github:OWNER/REPO/PATH@REF)`);
    sources.push(new LocalSource({ spec: entry, workspace: context.workspace, optional: entry === context.optionalPath }));
  }
  return sources;
}
