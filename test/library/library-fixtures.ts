import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import type { Diagnostic } from '../../src/errors/diagnostic.js';
import type { LocatedDefinition } from '../../src/persona/persona.js';
import { parseDocuments, type PersonaSource, type SourceResult } from '../../src/library/persona-source.js';

/** A source that always yields the same definitions and diagnostics; the in-memory fake. */
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

/** Joins lines into a file's text. */
export const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** A source whose files are inline YAML, read the way every source reads its documents. */
export async function source(label: string, files: Record<string, string>): Promise<SourceResult> {
  return parseDocuments(
    label,
    Object.entries(files).map(([file, text]) => ({ file, text })),
  );
}

/** The formatted diagnostics a failing build reports. */
export function buildErrors(results: SourceResult[]): string[] {
  try {
    PersonaLibrary.build(results);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).diagnostics.map(formatDiagnostic);
  }
  throw new Error('expected the library to fail');
}
