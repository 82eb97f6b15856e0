import { randomCorrelationId } from '../../switching/correlation-id.js';
import { CORRELATION_ID_PATTERN, type RequestChannel, type SwitchRequest } from '../../switching/switch-request.js';
import { readTriggeringEvent } from '../../wiring/triggering-event.js';

/** A field of a record, or undefined. */
const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);

/**
 * The request a rejection of an unreadable request is recorded under: the
 * channel of the event, and the correlation id it carries when that one is
 * within the grammar (so `persona status --correlation-id` finds the
 * rejection), else a generated one. Nothing else of the payload is kept.
 */
export function fallbackRequest(env: Readonly<Record<string, string | undefined>>): SwitchRequest {
  let given: unknown;
  try {
    const payload = readTriggeringEvent(env, true)?.payload;
    given = field(field(payload, 'client_payload'), 'correlation_id') ?? field(field(payload, 'inputs'), 'correlation-id');
  } catch {
    given = undefined;
  }
  const channel: RequestChannel = env.GITHUB_EVENT_NAME === 'workflow_dispatch' ? 'workflow_dispatch' : 'repository_dispatch';
  const correlationId = typeof given === 'string' && CORRELATION_ID_PATTERN.test(given) ? given : randomCorrelationId();
  return { action: 'switch', channel, reason: '', correlation_id: correlationId, origins: {} };
}
