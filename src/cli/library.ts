import { DEFAULT_LIBRARY } from '../actions/resolve-persona/constants.js';
import { createSources } from '../library/create-sources.js';
import { loadLibrary } from '../library/load-library.js';
import type { PersonaLibrary } from '../library/persona-library.js';
import type { PersonaSource, SourceResult } from '../library/persona-source.js';
import type { CommandContext } from './context.js';

/** Label of the built-in source. */
export const BUILTIN_LABEL = 'built-in';

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

/** Keeps what a source loaded, to tell afterwards which source each persona came from. */
class RecordingSource implements PersonaSource {
  readonly label: string;
  result: SourceResult | undefined;
  constructor(private readonly inner: PersonaSource) {
    this.label = inner.label;
  }
  async load(): Promise<SourceResult> {
    this.result = await this.inner.load();
    return this.result;
  }
}

/**
 * Loads the built-in personas plus `entries`: files, directories or globs
 * relative to the current directory, `https://` URLs, `github:` folders (read
 * with `GITHUB_TOKEN` or `GH_TOKEN`, at `GITHUB_API_URL`). With no entries it reads
 * `.github/personas`, skipped silently when absent, as resolve-persona does;
 * an entry given explicitly must exist. Throws a ConfigurationError listing
 * every problem.
 */
export async function loadCliLibrary(entries: readonly string[] | undefined, context: CommandContext): Promise<CliLibrary> {
  const explicit = entries !== undefined && entries.length > 0;
  const sources = (
    await createSources(explicit ? entries : [DEFAULT_LIBRARY], {
      workspace: context.io.cwd,
      logger: context.logger,
      ...(explicit ? {} : { optionalPath: DEFAULT_LIBRARY }),
      token: context.io.env.GITHUB_TOKEN || context.io.env.GH_TOKEN || undefined,
      apiUrl: context.io.env.GITHUB_API_URL || undefined,
    })
  ).map((s) => new RecordingSource(s));
  const library = await loadLibrary(sources, context.logger);
  const results = sources.flatMap((s) => (s.result ? [s.result] : []));
  const definedIn = (id: string) => results.filter((r) => r.definitions.some((d) => d.definition.id === id));
  const sourceOf = (id: string): string => {
    const origin = library.origin(id);
    return results.findLast((r) => r.definitions.some((d) => d.origin === origin))?.label ?? definedIn(id).at(-1)?.label ?? 'unknown';
  };
  return {
    library,
    sourceOf,
    overrides: (id) =>
      definedIn(id)
        .map((r) => r.label)
        .slice(0, -1),
    whereDefined(id) {
      const label = sourceOf(id);
      const origin = library.origin(id);
      if (label === BUILTIN_LABEL || !origin) return label;
      return `${origin.file}${origin.line !== undefined ? `:${origin.line}` : ''}`;
    },
    counts() {
      const counts = new Map(results.map((r) => [r.label, 0]));
      for (const id of library.ids()) counts.set(sourceOf(id), (counts.get(sourceOf(id)) ?? 0) + 1);
      return [...counts].map(([label, count]) => ({ label, count }));
    },
  };
}
