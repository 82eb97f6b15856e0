import { CONFLICT_POLICIES, type ConflictPolicy } from '../blend/blend-constraints.js';
import { bool, choice, lines, text } from '../runner/action-inputs.js';

/** The inputs every action that reads the persona library has, by name (as in action.yml). */
export const CommonInputs = {
  Library: 'library',
  Token: 'token',
  Cache: 'cache',
  OnConflict: 'on-conflict',
} as const;

/** The library read when the `library` input is empty; skipped silently when absent. */
export const DEFAULT_LIBRARY = '.github/personas';

/**
 * Parsers of the common inputs, to spread into an action's own input spec so
 * that one `readInputs` call reports every bad input at once.
 */
export const commonInputSpec = {
  [CommonInputs.Library]: lines([DEFAULT_LIBRARY]),
  [CommonInputs.Token]: text(),
  [CommonInputs.Cache]: bool(true),
  [CommonInputs.OnConflict]: choice(CONFLICT_POLICIES, 'strict'),
};

/** What building the library and blending need, from the action's inputs or the CLI's options. */
export interface LibrarySettings {
  /** Library entries after the built-in personas: paths, globs, `https://` URLs, `github:` specs. */
  library: string[];
  /** Token for `github:` sources; '' for none. */
  token: string;
  /** Keep remote sources across runs in the Actions cache. */
  cache: boolean;
  onConflict: ConflictPolicy;
}

/** The {@link LibrarySettings} out of values read with {@link commonInputSpec}. */
export function librarySettings(values: { [K in keyof typeof commonInputSpec]: ReturnType<(typeof commonInputSpec)[K]> }): LibrarySettings {
  return {
    library: values[CommonInputs.Library],
    token: values[CommonInputs.Token],
    cache: values[CommonInputs.Cache],
    onConflict: values[CommonInputs.OnConflict],
  };
}
