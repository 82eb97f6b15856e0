import { PersonaOutputs } from '../../handover/persona-outputs.js';
import { CommonInputs } from '../../wiring/common-inputs.js';
import { StateInputs } from '../../wiring/state-inputs.js';

/** resolve-persona's input names, as in actions/resolve-persona/action.yml. */
export const Inputs = {
  Mode: 'mode',
  Persona: 'persona',
  Default: 'default',
  ...CommonInputs,
  ...StateInputs,
  Policy: 'policy',
  SwitchEventType: 'switch-event-type',
  RolloutEventType: 'rollout-event-type',
  RevertEventType: 'revert-event-type',
  OidcAudience: 'oidc-audience',
  CommitStatus: 'commit-status',
  Artifact: 'artifact',
} as const;

/** resolve-persona's output names: the persona outputs every persona-handing action shares, and those of `mode: switch`. */
export const Outputs = {
  ...PersonaOutputs,
  Previous: 'previous',
  Result: 'result',
} as const;

/** `resolve` (default): find the active persona; `switch`: apply the triggering request to the state store. */
export const MODES = ['resolve', 'switch'] as const;
/** One of {@link MODES}. */
export type Mode = (typeof MODES)[number];

/** The persona used when nothing else selects one. */
export const DEFAULT_PERSONA = 'balanced';
/** Name of the uploaded artifact. */
export const ARTIFACT_NAME = 'persona';
/** Path of the persona file under `RUNNER_TEMP`. */
export const PERSONA_FILE = 'persona/persona.json';
export { DEFAULT_POLICY_PATH as DEFAULT_POLICY, DEFAULT_OIDC_AUDIENCE } from '../../authz/authz-defaults.js';
export { DEFAULT_EVENT_TYPES } from '../../switching/switch-request.js';
