import { choice, readInputs } from '../../runner/action-inputs.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { Inputs, ON_MISMATCH, type OnMismatch } from './constants.js';

const spec = {
  // The JSON is read by main (parsePipelineStages), so an empty value reads like the default and its error is located there.
  [Inputs.Stages]: (raw: string) => raw,
  [Inputs.OnMismatch]: choice(ON_MISMATCH, 'warn'),
};

/** What report-pipeline is told. */
export interface ReportSettings {
  /** The `stages` input as given (`${{ toJSON(needs) }}`), parsed by main. */
  stages: string;
  /** What a mismatch does. */
  onMismatch: OnMismatch;
}

/** Reads and checks every input at once; an error names each bad input. */
export function readSettings(runner: Pick<ActionRunner, 'input'>): ReportSettings {
  const values = readInputs(runner, spec);
  return { stages: values[Inputs.Stages], onMismatch: values[Inputs.OnMismatch] };
}
