/**
 * A request to change the active persona, as read from either channel
 * (`repository_dispatch`, `workflow_dispatch`) or the CLI, after its
 * grammar was checked. Pure types.
 */
import type { BucketBy } from './persona-state.js';

/** What a request asks for. `switch` is the default of `workflow_dispatch`'s `action` input. */
export const SWITCH_ACTIONS = ['switch', 'advance', 'pause', 'resume', 'abort', 'revert'] as const;
export type SwitchAction = (typeof SWITCH_ACTIONS)[number];

/** The `repository_dispatch` event types of the three request kinds (configurable by the action's `*-event-type` inputs). */
export const DEFAULT_EVENT_TYPES = { switch: 'persona-switch', rollout: 'persona-rollout', revert: 'persona-revert' } as const;

/** Where a request came from (`watch-monitor`: a remediation of the watch). */
export type RequestChannel = 'repository_dispatch' | 'workflow_dispatch' | 'cli' | 'watch-monitor';

/** The rollout part of a switch. */
export interface RolloutRequest {
  /** Strictly increasing percentages, 1..100, ending at 100. */
  steps: number[];
  /** A duration (`30m`). */
  interval: string;
  bucket_by: BucketBy;
}

/** A checked request. */
export interface SwitchRequest {
  action: SwitchAction;
  channel: RequestChannel;
  /** The blend expression, for `switch` only (as written; canonicalised when applied). */
  persona?: string;
  /** The environment scope; the global scope when absent. */
  environment?: string;
  rollout?: RolloutRequest;
  /** Free text, '' when absent. Data, never executed. */
  reason: string;
  /** A duration (`4h`). */
  ttl?: string;
  /** Given by the sender or generated. */
  correlation_id: string;
  /** Where each field was read, for messages: `client_payload.persona`, `input "persona"`. */
  origins: Partial<Record<'persona' | 'environment' | 'rollout' | 'reason' | 'ttl' | 'correlation_id' | 'action', string>>;
}

/** A correlation id: letters, digits and `. _ : / -`, at most 128 characters, starting with a letter or digit. */
export const CORRELATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
