import { BUILTIN_LABEL } from '../library/builtin-source.js';
import type { PersonaLibrary } from '../library/persona-library.js';
import { buildLibrary } from '../wiring/build-library.js';
import { DEFAULT_LIBRARY } from '../wiring/common-inputs.js';
import type { CommandContext } from './context.js';

export { BUILTIN_LABEL };

/** The library and, for each persona, the source that defined it. */
export interface CliLibrary {
  library: PersonaLibrary;
  /** The label of the source whose definition won (`built-in`, `.github/personas`). */
  sourceOf(id: string): string;
  /** Labels of earlier sources whose persona of this id was overridden. */
  overrides(id: string): string[];
  /** `built-in`, or `file:line` of the definition. */
  whereDefined(id: string): string;
  /** How many of the library's personas each source contributed, in source order. */
  counts(): Array<{ label: string; count: number }>;
}

/**
 * Loads the built-in personas plus `entries`: files, directories or globs
 * relative to the current directory, `https://` URLs, `github:` folders (read
 * with `GITHUB_TOKEN` or `GH_TOKEN`, at `GITHUB_API_URL`), through the same
 * wiring as the actions. With no entries it reads `.github/personas`,
 * skipped silently when absent, as resolve-persona does; an entry given
 * explicitly must exist. Throws a ConfigurationError listing every problem.
 */
export async function loadCliLibrary(entries: readonly string[] | undefined, context: CommandContext): Promise<CliLibrary> {
  const explicit = entries !== undefined && entries.length > 0;
  const library = await buildLibrary(
    { library: explicit ? [...entries] : [DEFAULT_LIBRARY], token: context.io.env.GITHUB_TOKEN || context.io.env.GH_TOKEN || '', cache: false },
    { workspace: context.io.cwd, logger: context.logger, apiUrl: context.io.env.GITHUB_API_URL, defaultIsOptional: !explicit },
  );
  const sourceOf = (id: string): string => library.sourceOf(id) ?? 'unknown';
  let counted: Array<{ label: string; count: number }> | undefined;
  return {
    library,
    sourceOf,
    overrides: (id) => library.overridden(id),
    whereDefined(id) {
      const label = sourceOf(id);
      const origin = library.origin(id);
      if (label === BUILTIN_LABEL || !origin) return label;
      return `${origin.file}${origin.line !== undefined ? `:${origin.line}` : ''}`;
    },
    counts() {
      // One pass over the ids, computed once: callers ask per source, and a library can hold 10,000 personas.
      if (!counted) {
        const counts = new Map(library.sourceLabels().map((label) => [label, 0]));
        for (const id of library.ids()) {
          const label = sourceOf(id);
          counts.set(label, (counts.get(label) ?? 0) + 1);
        }
        counted = [...counts].map(([label, count]) => ({ label, count }));
      }
      return counted.map((c) => ({ ...c }));
    },
  };
}
