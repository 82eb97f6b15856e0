import { bool, readInputs, text } from '../../runner/action-inputs.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { commonInputSpec, librarySettings, type LibrarySettings } from '../../wiring/common-inputs.js';
import { DEFAULT_PERSONA, Inputs } from './constants.js';

const spec = {
  [Inputs.Persona]: text(),
  [Inputs.Default]: text(DEFAULT_PERSONA),
  ...commonInputSpec,
  [Inputs.Artifact]: bool(true),
};

/** resolve-persona's inputs, typed. */
export interface ResolveSettings extends LibrarySettings {
  /** Blend expression from the `persona` input; '' when unset. */
  persona: string;
  /** Blend expression used when nothing else selects a persona. */
  default: string;
  /** Upload the hand-over as the `persona` artifact. */
  artifact: boolean;
}

/** Reads and checks every input at once; an error names each bad input. */
export function readSettings(runner: Pick<ActionRunner, 'input'>): ResolveSettings {
  const values = readInputs(runner, spec);
  return {
    ...librarySettings(values),
    persona: values[Inputs.Persona],
    default: values[Inputs.Default],
    artifact: values[Inputs.Artifact],
  };
}
