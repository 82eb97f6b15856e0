/**
 * The inverse of reading: what a sender (the CLI) sends for a request, as a
 * `repository_dispatch` body or as `workflow_dispatch` inputs. Reading the
 * result back gives the same request.
 */
import { eventTypesOf, type EventTypes } from './switch-request-dispatch.js';
import { WORKFLOW_INPUTS } from './switch-request-inputs.js';
import type { SwitchRequest } from './switch-request.js';

/** The body of `POST /repos/{owner}/{repo}/dispatches`. */
export interface RepositoryDispatchBody {
  event_type: string;
  client_payload: Record<string, unknown>;
}

/** The fields every kind of request carries, as the canonical payload writes them (empty reason left out). */
function commonFields(request: SwitchRequest): Record<string, unknown> {
  return {
    ...(request.environment !== undefined ? { environment: request.environment } : {}),
    ...(request.reason ? { reason: request.reason } : {}),
    correlation_id: request.correlation_id,
  };
}

/**
 * The `repository_dispatch` body of a request, under the configured event
 * types. The correlation id is always sent, so the sender can wait for its
 * acknowledgement.
 */
export function toRepositoryDispatch(request: SwitchRequest, eventTypes?: Partial<EventTypes>): RepositoryDispatchBody {
  const types = eventTypesOf(eventTypes);
  if (request.action === 'revert') return { event_type: types.revert, client_payload: commonFields(request) };
  if (request.action !== 'switch') return { event_type: types.rollout, client_payload: { action: request.action, ...commonFields(request) } };
  const { rollout } = request;
  const client_payload: Record<string, unknown> = {
    persona: request.persona,
    ...commonFields(request),
    ...(rollout ? { rollout: { steps: [...rollout.steps], interval: rollout.interval, bucket_by: rollout.bucket_by } } : {}),
    ...(request.ttl !== undefined ? { ttl: request.ttl } : {}),
  };
  return { event_type: types.switch, client_payload };
}

/**
 * The `workflow_dispatch` inputs of a request: only the inputs it needs
 * (GitHub refuses inputs the workflow does not declare), `action` only when
 * it is not `switch`.
 */
export function toWorkflowDispatchInputs(request: SwitchRequest): Record<string, string> {
  const inputs: Record<string, string> = {};
  const set = (name: keyof typeof WORKFLOW_INPUTS, value: string | undefined) => {
    if (value !== undefined && value !== '') inputs[WORKFLOW_INPUTS[name]] = value;
  };
  if (request.action !== 'switch') set('action', request.action);
  set('persona', request.persona);
  set('environment', request.environment);
  set('steps', request.rollout?.steps.join(','));
  set('interval', request.rollout?.interval);
  set('bucket_by', request.rollout?.bucket_by);
  set('reason', request.reason);
  set('ttl', request.ttl);
  set('correlation_id', request.correlation_id);
  return inputs;
}
