import { importBundle } from '../edge/load-bundle.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import type { CatalogEntry } from '../persona/catalog-types.js';
import type { LocatedDefinition } from '../persona/persona.js';
import { deployValueDiagnostics } from './check-deploy-values.js';
import { ownConstraintClashes } from './check-satisfiable.js';

/** What one source of the library contributed. */
export interface SourceResult {
  /** The source as the user wrote it (`built-in`, `.github/personas`, a URL). */
  label: string;
  definitions: LocatedDefinition[];
  /**
   * The entries of the source's catalog files, in file order; absent when
   * it has none (the built-in catalogs ship as code, so the built-in
   * source never has any).
   */
  catalogs?: CatalogEntry[];
  /** Problems in the source's files; any of them fails the library. */
  diagnostics: Diagnostic[];
}

/** One entry of the library: built-in personas, a local path, a URL, a repository folder. */
export interface PersonaSource {
  readonly label: string;
  load(): Promise<SourceResult>;
}

/** A raw document a source fetched, before parsing. */
export interface SourceDocument {
  /** Display name used in error messages. */
  file: string;
  text: string;
}

/**
 * Parses fetched documents into definitions and catalog entries, and
 * reports personas whose own constraints cannot all hold as errors of their
 * file. The YAML parser and zod load only here, so runs that use just the
 * built-in personas never pay for them.
 */
export async function parseDocuments(label: string, documents: SourceDocument[]): Promise<SourceResult> {
  const result: SourceResult = { label, definitions: [], diagnostics: [] };
  if (documents.length === 0) return result;
  const { parsePersonaFile } = await importBundle('parser', () => import(/* webpackIgnore: true */ '../persona/parse-persona-file.js'));
  const parts = documents.map((doc): SourceResult => {
    const parsed = parsePersonaFile(doc.file, doc.text);
    const diagnostics = [...parsed.diagnostics, ...ownConstraintClashes(parsed.definitions), ...deployValueDiagnostics(parsed.definitions)];
    return { label, definitions: parsed.definitions, catalogs: parsed.catalogs, diagnostics };
  });
  return joinResults(label, parts);
}

/**
 * The results of one source's parts (files) as one, in order: their
 * definitions, catalog entries (the key left out when there are none) and
 * diagnostics.
 */
export function joinResults(label: string, parts: readonly SourceResult[]): SourceResult {
  const result: SourceResult = { label, definitions: [], diagnostics: [] };
  const catalogs: CatalogEntry[] = [];
  for (const part of parts) {
    result.definitions.push(...part.definitions);
    if (part.catalogs) catalogs.push(...part.catalogs);
    result.diagnostics.push(...part.diagnostics);
  }
  return catalogs.length ? { ...result, catalogs } : result;
}

/**
 * The text of a persona file's bytes, which must be UTF-8. Every source
 * decodes with this, so a file reads the same from disk, a URL or GitHub.
 * A byte order mark is kept in the text (the YAML parser skips it), so the
 * text encodes back to exactly these bytes and a remote source's digest is
 * that of the bytes served.
 * @param file the display name the error names.
 * @throws ConfigurationError with one diagnostic of `file`: `not UTF-8 text
 *   (persona files must be UTF-8)`, or for a UTF-16 byte order mark
 *   `is UTF-16; save it as UTF-8`.
 */
export function decodePersonaText(bytes: Uint8Array, file: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    throw new ConfigurationError({ file, message: 'is UTF-16; save it as UTF-8' });
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ConfigurationError({ file, message: 'not UTF-8 text (persona files must be UTF-8)' });
  }
}
