// bundle format: commonjs
/**
 * dist/bundles/parser: what callers import to parse persona files. Reading
 * a valid persona file of plain YAML needs only the fast path (the subset
 * reader and the validator generated at build time, ≈50 KB); the YAML
 * library and zod live in dist/bundles/parser-full (src/bundles/parser-full.ts), loaded
 * synchronously (both are CommonJS bundles) the first time a
 * file needs them, or a schema is printed, or a hand-over read.
 * Not used unbundled: tests and scripts import the modules themselves.
 */
import path from 'node:path';
import { readPersonaFile } from '../persona/parse-persona-core.js';
import type { FullRead } from '../persona/parse-full.js';
import type { ParsedPersonaFile, Report, ValidCatalogs, ValidEntries } from '../persona/parse-types.js';

/** What dist/bundles/parser-full exports (src/bundles/parser-full.ts). */
interface FullBundle {
  readFull: (source: string, isJson: boolean, report: Report) => FullRead | undefined;
  validEntries: ValidEntries;
  validCatalogs: ValidCatalogs;
  personaJsonSchemaText: () => string;
  HandoverDocumentSchema: object;
}

/** Node's own `require` inside the bundle, where `require` is webpack's. */
declare const __non_webpack_require__: NodeJS.Require;

let full: FullBundle | undefined;
/** dist/bundles/parser-full, loaded once (a sibling of this bundle's folder). */
const loadFull = (): FullBundle => (full ??= __non_webpack_require__(path.join(__dirname, '../parser-full/index.js')) as FullBundle);

/** See parse-persona-file.ts; the YAML library and zod load on the first file the fast path cannot prove valid (every catalog file). */
export function parsePersonaFile(file: string, text: string): ParsedPersonaFile {
  return readPersonaFile(file, text, { full: () => loadFull().readFull, zod: () => loadFull().validEntries, catalogs: () => loadFull().validCatalogs });
}

/** See persona-json-schema.ts. */
export function personaJsonSchemaText(): string {
  return loadFull().personaJsonSchemaText();
}

/** The hand-over's zod schema (handover-schema.ts), loaded when first used: every property is read from it. */
export const HandoverDocumentSchema: object = new Proxy(
  {},
  {
    get: (_target, property) => Reflect.get(loadFull().HandoverDocumentSchema, property),
  },
);
