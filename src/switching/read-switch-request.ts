/**
 * Reading a switch request from the triggering event: `repository_dispatch`
 * (the event type says the kind, `client_payload` the fields) or
 * `workflow_dispatch` (the `action` input says the kind). Every problem is
 * a ConfigurationError whose diagnostics carry `file: 'the event payload'`
 * and the path of the offending field (`client_payload.rollout.steps[2]`,
 * `inputs.rollout-steps`), all reported at once where practical.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { EVENT_PAYLOAD_FILE, readDispatchRequest, type EventTypes } from './switch-request-dispatch.js';
import { readWorkflowDispatchRequest } from './switch-request-inputs.js';
import type { SwitchRequest } from './switch-request.js';

export { COMMAND_LINE_FILE, requestFromCli, type CliRequestFlags } from './switch-request-inputs.js';
export { DEFAULT_EVENT_TYPES, EVENT_PAYLOAD_FILE, type EventTypes } from './switch-request-dispatch.js';
export { toRepositoryDispatch, toWorkflowDispatchInputs } from './switch-request-build.js';

/** The event names mode `switch` handles. */
export const SWITCH_EVENT_NAMES = ['repository_dispatch', 'workflow_dispatch'] as const;

/** The triggering event: `GITHUB_EVENT_NAME` and the parsed `GITHUB_EVENT_PATH`. */
export interface TriggeringEvent {
  name: string;
  payload: unknown;
}

/** How requests are read. */
export interface ReadRequestOptions {
  /** The event types of `repository_dispatch` requests; the defaults are `persona-switch`, `persona-rollout`, `persona-revert`. */
  eventTypes?: Partial<EventTypes>;
  /** Makes the correlation id of a request that names none (randomCorrelationId in production). */
  newCorrelationId: () => string;
}

/**
 * The request an event carries.
 * @throws ConfigurationError for any other event, or a request outside the format.
 */
export function readSwitchRequest(event: TriggeringEvent, options: ReadRequestOptions): SwitchRequest {
  if (event.name === 'repository_dispatch') return readDispatchRequest(event.payload, options.eventTypes, options.newCorrelationId);
  if (event.name === 'workflow_dispatch') return readWorkflowDispatchRequest(event.payload, options.newCorrelationId);
  throw new ConfigurationError({
    file: EVENT_PAYLOAD_FILE,
    message: `mode "switch" handles the repository_dispatch and workflow_dispatch events; this run was triggered by ${quote(event.name)}`,
  });
}
