/**
 * Parsing a persona file (YAML or JSON) into definitions and located
 * diagnostics: the unbundled entry (tests, scripts, the source loader when
 * not bundled). It reaches the yaml library and zod paths statically; the
 * parser bundle (src/bundles/parser.ts) runs the same pipeline and loads
 * them only for a file the fast path cannot prove valid.
 */
import { validCatalogs } from './parse-catalogs.js';
import { readFull } from './parse-full.js';
import { readPersonaFile } from './parse-persona-core.js';
import type { ParsedPersonaFile } from './parse-types.js';
import { validEntries } from './parse-with-zod.js';

export { MAX_ALIAS_COUNT } from './parse-persona-core.js';
export type { ParsedPersonaFile } from './parse-types.js';

/**
 * Parses and validates a persona file (JSON or YAML), reporting every
 * problem with its line, column and path, sorted by position. Pure: the
 * caller reads the file. A persona with a problem is left out; the others
 * of a `{ personas: [...] }` file are kept. A catalog file (top-level
 * `catalogs:`) gives catalog entries instead.
 */
export function parsePersonaFile(file: string, text: string): ParsedPersonaFile {
  return readPersonaFile(file, text, { full: () => readFull, zod: () => validEntries, catalogs: () => validCatalogs });
}
