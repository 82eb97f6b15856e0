import type { PersonaSource, SourceResult } from './persona-source.js';
import { BUILTIN_DEFINITIONS } from './builtin-personas.generated.js';

/** The label of the built-in source, as the CLI and notices name it. */
export const BUILTIN_LABEL = 'built-in';

/**
 * The personas shipped in the package (`personas/*.yml`). They are validated
 * and compiled into the bundle at build time (`npm run generate`), so using
 * them costs no parsing at run time.
 */
export class BuiltinSource implements PersonaSource {
  readonly label = BUILTIN_LABEL;
  async load(): Promise<SourceResult> {
    return { label: this.label, definitions: BUILTIN_DEFINITIONS, diagnostics: [] };
  }
}
