/** Types shared by the persona file parser's fast path, its zod paths and its pipeline (types only: no zod at run time). */
import type { z } from 'zod';
import type { Diagnostic } from '../errors/diagnostic.js';
import type { CatalogEntry } from './catalog-types.js';
import type { ParsedCatalogEntry } from './catalog-schema.js';
import type { LocatedDefinition } from './persona.js';
import type { PersonaDefinitionSchema } from './persona-schema.js';

/** A path into the file's data: keys and list indexes. */
export type Path = Array<string | number>;
/** A 1-based line and column; empty when unknown. */
export type Where = { line?: number; column?: number };
/** A persona as zod outputs it. */
export type ParsedPersona = z.output<typeof PersonaDefinitionSchema>;
/** Records a problem of the file, at a position and path when known. */
export type Report = (message: string, where?: Where, path?: Path) => void;
/** The line and column of the node at a path of the document (of its key when `key` is set). */
export type Locate = (path: Path, key?: boolean) => Where;
/** A persona that passed the schema, and its path in the file (`[]`, or `['personas', i]`). */
export type Entry = { parsed: ParsedPersona; prefix: Path };
/** A catalog entry that passed the schema: its catalog, and its path in the file (`['catalogs', 'build']`). */
export type CatalogDraft = { catalog: string; parsed: ParsedCatalogEntry; prefix: Path };

/** What reading one library file gave: its personas or its catalog entries (a file holds one kind), or why not. */
export interface ParsedPersonaFile {
  definitions: LocatedDefinition[];
  /** The entries of a catalog file (top-level `catalogs:`), in file order; empty for a persona file. */
  catalogs: CatalogEntry[];
  diagnostics: Diagnostic[];
}

/** The zod path: validates data against the schema, reports every issue, returns the valid personas. */
export type ValidEntries = (clean: Record<string, unknown>, forbidden: readonly Path[], locate: Locate, report: Report) => Entry[];

/** The catalogs path (parse-catalogs.ts): validates a catalog file's data, reports every issue, returns the valid entries. */
export type ValidCatalogs = (clean: Record<string, unknown>, forbidden: readonly Path[], locate: Locate, report: Report) => CatalogDraft[];
