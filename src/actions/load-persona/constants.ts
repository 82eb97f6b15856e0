import { PersonaOutputs } from '../../handover/persona-outputs.js';

/**
 * The reader's input names. actions/load-persona is a composite action: its
 * last step runs dist/load-persona/index.js with these set as `INPUT_*`
 * through `env:` (they are not the composite's own inputs).
 */
export const Inputs = {
  /** The folder actions/download-artifact downloaded the artifact into. */
  Directory: 'directory',
  /** The artifact's name, for messages. */
  Name: 'name',
  /** The run the artifact came from ('' for this run), for messages. */
  RunId: 'run-id',
} as const;

/** load-persona's output names: the persona outputs resolve-persona sets, and where the hand-over file now is. */
export const Outputs = {
  ...PersonaOutputs,
  Path: 'path',
} as const;

/** The artifact resolve-persona uploads (its ARTIFACT_NAME); the composite's `name` default. */
export const DEFAULT_ARTIFACT_NAME = 'persona';
/** The hand-over file inside that artifact (resolve-persona uploads persona.json with its folder as the root). */
export const ARTIFACT_FILE = 'persona.json';
