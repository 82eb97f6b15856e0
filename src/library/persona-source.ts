import type { Diagnostic } from '../errors/diagnostic.js';
import type { LocatedDefinition } from '../persona/persona.js';

/** What one source of the library contributed. */
export interface SourceResult {
  /** The source as the user wrote it (`built-in`, `.github/personas`, a URL). */
  label: string;
  definitions: LocatedDefinition[];
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

/** A source that always yields the same definitions; the in-memory fake. */
export class StaticSource implements PersonaSource {
  constructor(
    readonly label: string,
    private readonly definitions: LocatedDefinition[],
    private readonly diagnostics: Diagnostic[] = [],
  ) {}
  async load(): Promise<SourceResult> {
    return { label: this.label, definitions: this.definitions, diagnostics: this.diagnostics };
  }
}

/**
 * Parses fetched documents into definitions. The YAML parser and zod load
 * only here, so runs that use just the built-in personas never pay for them.
 */
export async function parseDocuments(label: string, documents: SourceDocument[]): Promise<SourceResult> {
  const result: SourceResult = { label, definitions: [], diagnostics: [] };
  if (documents.length === 0) return result;
  const { parsePersonaFile } = await import('../persona/parse-persona-file.js');
  for (const doc of documents) {
    const parsed = parsePersonaFile(doc.file, doc.text);
    result.definitions.push(...parsed.definitions);
    result.diagnostics.push(...parsed.diagnostics);
  }
  return result;
}
