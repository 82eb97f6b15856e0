import { bool, oneLine, text } from '../runner/action-inputs.js';

/** The longest environment name GitHub accepts. */
const MAX_ENVIRONMENT = 255;

/** The inputs of every action that reads the state store (resolve-persona, and the stage actions later), by name. */
export const StateInputs = {
  State: 'state',
  Environment: 'environment',
  StateRequired: 'state-required',
} as const;

/**
 * Parsers of the state inputs; `state` stays raw text here (its forms are
 * parsed with the repository and workspace: `parseStateSpec`).
 */
export function stateInputSpec(defaultState: string) {
  return {
    [StateInputs.State]: text(defaultState),
    [StateInputs.Environment]: oneLine(MAX_ENVIRONMENT),
    [StateInputs.StateRequired]: bool(true),
  };
}

/** The state settings, typed. */
export interface StateSettings {
  /** The `state` input as written (`branch`, `branch:<name>`, `github:OWNER/REPO[@branch]`, `file:<path>`, `none`). */
  state: string;
  /** The environment whose entry of the state is read first; '' for the global entry only. */
  environment: string;
  /** False: an unreachable store with no cached copy falls back to `default` with a warning instead of failing. */
  stateRequired: boolean;
}

/** The {@link StateSettings} of values read with {@link stateInputSpec}. */
export function stateSettings(values: Record<(typeof StateInputs)[keyof typeof StateInputs], unknown>): StateSettings {
  return {
    state: String(values[StateInputs.State]).trim(),
    environment: String(values[StateInputs.Environment]).trim(),
    stateRequired: values[StateInputs.StateRequired] as boolean,
  };
}
