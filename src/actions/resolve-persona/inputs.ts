import { bool, choice, lines, readInputs, text } from '../../runner/action-inputs.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { DEFAULT_LIBRARY, DEFAULT_PERSONA, Inputs } from './constants.js';

const spec = {
  [Inputs.Persona]: text(),
  [Inputs.Default]: text(DEFAULT_PERSONA),
  [Inputs.Library]: lines([DEFAULT_LIBRARY]),
  [Inputs.OnConflict]: choice(['strict', 'weighted'], 'strict'),
  [Inputs.Token]: text(),
  [Inputs.Cache]: bool(true),
  [Inputs.Artifact]: bool(true),
};

/** resolve-persona's inputs, typed. */
export interface ResolveSettings {
  /** Blend expression from the `persona` input; '' when unset. */
  persona: string;
  default: string;
  /** Library entries: paths, globs, `https://` URLs, `github:` folders. */
  library: string[];
  onConflict: 'strict' | 'weighted';
  token: string;
  cache: boolean;
  artifact: boolean;
}

/** Reads and checks every input at once; an error names each bad input. */
export function readSettings(runner: Pick<ActionRunner, 'input'>): ResolveSettings {
  const s = readInputs(runner, spec);
  return {
    persona: s[Inputs.Persona],
    default: s[Inputs.Default],
    library: s[Inputs.Library],
    onConflict: s[Inputs.OnConflict],
    token: s[Inputs.Token],
    cache: s[Inputs.Cache],
    artifact: s[Inputs.Artifact],
  };
}
