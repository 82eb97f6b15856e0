/** resolve-persona's input names, as in actions/resolve-persona/action.yml. */
export const Inputs = {
  Persona: 'persona',
  Default: 'default',
  Library: 'library',
  OnConflict: 'on-conflict',
  Token: 'token',
  Cache: 'cache',
  Artifact: 'artifact',
} as const;

/** resolve-persona's output names. */
export const Outputs = {
  Persona: 'persona',
  Id: 'id',
  Name: 'name',
  RiskTolerance: 'risk-tolerance',
  Goals: 'goals',
  Source: 'source',
} as const;

/** The library used when the input is empty; silently skipped when absent. */
export const DEFAULT_LIBRARY = '.github/personas';
/** The persona used when nothing else selects one. */
export const DEFAULT_PERSONA = 'balanced';
/** Name of the uploaded artifact. */
export const ARTIFACT_NAME = 'persona';
/** Path of the persona file under `RUNNER_TEMP`. */
export const PERSONA_FILE = 'persona/persona.json';
/** GitHub's limit on one job's outputs, in bytes. */
export const MAX_JOB_OUTPUT_BYTES = 1024 * 1024;
