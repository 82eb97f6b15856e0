import { choice, readInputs, text } from '../../runner/action-inputs.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import type { Toolchain } from '../../planning/toolchain.js';
import { stageInputSpec, stageSettings, type StageSettings } from '../../wiring/stage-inputs.js';
import { DEPENDENCY_CACHE_CHOICES, Inputs, TOOLCHAIN_CHOICES } from './constants.js';

const spec = {
  ...stageInputSpec,
  [Inputs.Toolchain]: choice(TOOLCHAIN_CHOICES, 'auto'),
  [Inputs.Runners]: text(),
  [Inputs.DependencyCache]: choice(DEPENDENCY_CACHE_CHOICES, 'auto'),
};

/** adapt-build's inputs, typed. */
export interface BuildSettings extends StageSettings {
  /** The toolchain, or `auto` to detect it from the working directory. */
  toolchain: Toolchain | 'auto';
  /** The `runners` map as written (YAML: size → label or list of labels); '' for no runner suggestion. */
  runners: string;
  dependencyCache: (typeof DEPENDENCY_CACHE_CHOICES)[number];
}

/** Reads and checks every input at once; an error names each bad input. */
export function readSettings(runner: Pick<ActionRunner, 'input'>): BuildSettings {
  const values = readInputs(runner, spec);
  return { ...stageSettings(values), toolchain: values[Inputs.Toolchain], runners: values[Inputs.Runners], dependencyCache: values[Inputs.DependencyCache] };
}
