import { bool, choice, readInputs, text } from '../../runner/action-inputs.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { commonInputSpec, librarySettings, type LibrarySettings } from '../../wiring/common-inputs.js';
import { stateInputSpec, stateSettings, type StateSettings } from '../../wiring/state-inputs.js';
import { DEFAULT_EVENT_TYPES, DEFAULT_OIDC_AUDIENCE, DEFAULT_PERSONA, DEFAULT_POLICY, Inputs, type Mode, MODES } from './constants.js';

const spec = {
  [Inputs.Mode]: choice(MODES, 'resolve'),
  [Inputs.Persona]: text(),
  [Inputs.Default]: text(DEFAULT_PERSONA),
  ...commonInputSpec,
  ...stateInputSpec('branch'),
  [Inputs.Policy]: text(DEFAULT_POLICY),
  [Inputs.SwitchEventType]: text(DEFAULT_EVENT_TYPES.switch),
  [Inputs.RolloutEventType]: text(DEFAULT_EVENT_TYPES.rollout),
  [Inputs.RevertEventType]: text(DEFAULT_EVENT_TYPES.revert),
  [Inputs.OidcAudience]: text(DEFAULT_OIDC_AUDIENCE),
  [Inputs.CommitStatus]: bool(false),
  [Inputs.Artifact]: bool(true),
};

/** resolve-persona's inputs, typed. */
export interface ResolveSettings extends LibrarySettings, StateSettings {
  mode: Mode;
  /** Blend expression from the `persona` input; '' when unset. */
  persona: string;
  /** Blend expression used when nothing else selects a persona. */
  default: string;
  /** Path of the policy file in the store's repository (read from its default branch). */
  policy: string;
  /** The `repository_dispatch` event types of switch, rollout and revert requests. */
  eventTypes: { switch: string; rollout: string; revert: string };
  /** The audience of the OIDC token requested for a protected persona. */
  oidcAudience: string;
  /** `mode: switch`: set a commit status with the outcome on the triggering commit. */
  commitStatus: boolean;
  /** Upload the hand-over as the `persona` artifact. */
  artifact: boolean;
}

/** Reads and checks every input at once; an error names each bad input. */
export function readSettings(runner: Pick<ActionRunner, 'input'>): ResolveSettings {
  const values = readInputs(runner, spec);
  return {
    ...librarySettings(values),
    ...stateSettings(values),
    mode: values[Inputs.Mode],
    persona: values[Inputs.Persona],
    default: values[Inputs.Default],
    policy: values[Inputs.Policy],
    eventTypes: { switch: values[Inputs.SwitchEventType], rollout: values[Inputs.RolloutEventType], revert: values[Inputs.RevertEventType] },
    oidcAudience: values[Inputs.OidcAudience],
    commitStatus: values[Inputs.CommitStatus],
    artifact: values[Inputs.Artifact],
  };
}
