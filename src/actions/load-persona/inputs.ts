import { readInputs, type InputParser } from '../../runner/action-inputs.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { DEFAULT_ARTIFACT_NAME, Inputs } from './constants.js';

/** The download folder: required (the composite's first step creates it). */
const directory: InputParser<string> = (raw) => {
  if (!raw) throw new Error('is empty: the reader runs as the last step of actions/load-persona, which sets it to the download folder');
  return raw;
};

/** A workflow run id (digits) or '' for this run. */
const runId: InputParser<string> = (raw) => {
  if (raw && !/^\d{1,20}$/.test(raw)) throw new Error('expected a workflow run id (digits) or empty for this run');
  return raw;
};

const spec = {
  [Inputs.Directory]: directory,
  [Inputs.Name]: (raw: string) => raw || DEFAULT_ARTIFACT_NAME,
  [Inputs.RunId]: runId,
};

/** What the reader is told by the composite's steps. */
export interface LoadSettings {
  /** The folder the artifact was downloaded into. */
  directory: string;
  /** The artifact's name (messages only). */
  name: string;
  /** The run it came from; '' for this run (messages only). */
  runId: string;
}

/** Reads and checks every input at once; an error names each bad input. */
export function readSettings(runner: Pick<ActionRunner, 'input'>): LoadSettings {
  const values = readInputs(runner, spec);
  return { directory: values[Inputs.Directory], name: values[Inputs.Name], runId: values[Inputs.RunId] };
}
