import { PersonaOutputs } from '../../handover/persona-outputs.js';
import { CommonInputs } from '../../wiring/common-inputs.js';

/** resolve-persona's input names, as in actions/resolve-persona/action.yml. */
export const Inputs = {
  Persona: 'persona',
  Default: 'default',
  ...CommonInputs,
  Artifact: 'artifact',
} as const;

/** resolve-persona's output names: the persona outputs every persona-handing action shares. */
export const Outputs = PersonaOutputs;

/** The persona used when nothing else selects one. */
export const DEFAULT_PERSONA = 'balanced';
/** Name of the uploaded artifact. */
export const ARTIFACT_NAME = 'persona';
/** Path of the persona file under `RUNNER_TEMP`. */
export const PERSONA_FILE = 'persona/persona.json';
