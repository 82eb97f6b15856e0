/**
 * Reading a `repository_dispatch` request: the event type (`payload.action`,
 * where GitHub delivers the sender's `event_type`) says the kind, and
 * `client_payload` is the canonical payload, checked for size, key count,
 * nesting and prototype keys before the schema sees it.
 */
import { DEFAULT_EVENT_TYPES as SHARED_EVENT_TYPES } from './switch-request.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { describeValue } from '../errors/describe-value.js';
import { formatPath, type Diagnostic } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';
import { isRecord } from '../persona/is-record.js';
import { FORBIDDEN_KEYS } from '../persona/vocabulary.js';
import { checkPayload, type PayloadPath, type RequestSource } from './switch-request-check.js';
import type { PayloadKind } from './switch-request-schema.js';
import type { SwitchRequest } from './switch-request.js';

/** The event types of the three kinds of request, as configured. */
export type EventTypes = Record<PayloadKind, string>;

/** The default event types. */
export const DEFAULT_EVENT_TYPES: EventTypes = SHARED_EVENT_TYPES;

/** The most top-level keys of `client_payload` (GitHub's limit). */
export const MAX_PAYLOAD_KEYS = 10;
/** The most characters of `client_payload` as JSON (GitHub's limit). */
export const MAX_PAYLOAD_CHARS = 65_535;
/** The deepest `client_payload` may nest (the format nests 3 levels). */
export const MAX_PAYLOAD_DEPTH = 16;
/** The diagnostics' `file` for both event channels. */
export const EVENT_PAYLOAD_FILE = 'the event payload';

/** The event types with the configured ones in place of the defaults. */
export function eventTypesOf(configured: Partial<EventTypes> = {}): EventTypes {
  return { ...DEFAULT_EVENT_TYPES, ...Object.fromEntries(Object.entries(configured).filter(([, v]) => v !== undefined)) };
}

/** How a `repository_dispatch` names places: `client_payload.<path>`. */
function dispatchSource(eventType: string): RequestSource {
  return {
    channel: 'repository_dispatch',
    file: EVENT_PAYLOAD_FILE,
    pathOf: (path) => formatPath(['client_payload', ...path]),
    originOf: (field) => (field === 'action' ? `event_type ${quote(eventType)}` : `client_payload.${field}`),
    unused: (key) => `key ${quote(key)} is not used by a ${quote(eventType)} event`,
  };
}

/**
 * Problems no schema should walk into: prototype keys anywhere, nesting
 * deeper than {@link MAX_PAYLOAD_DEPTH}, more than {@link MAX_PAYLOAD_KEYS}
 * top-level keys, more than {@link MAX_PAYLOAD_CHARS} characters. The walk
 * uses no recursion.
 */
function structuralProblems(payload: Record<string, unknown>, source: RequestSource): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const at = (path: PayloadPath, message: string) => problems.push({ file: source.file, path: source.pathOf(path), message });
  const stack: Array<[unknown, PayloadPath]> = [[payload, []]];
  let tooDeep = false;
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (!isRecord(node) && !Array.isArray(node)) continue;
    if (path.length >= MAX_PAYLOAD_DEPTH) {
      if (!tooDeep) at(path, `client_payload nests deeper than ${MAX_PAYLOAD_DEPTH} levels`);
      tooDeep = true;
      continue;
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (const [key, value] of entries) {
      if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) at([...path, key], `key ${quote(key)} is not allowed`);
      else stack.push([value, [...path, key]]);
    }
  }
  const keys = Object.keys(payload).length;
  if (keys > MAX_PAYLOAD_KEYS) at([], `client_payload has ${keys} top-level keys; at most ${MAX_PAYLOAD_KEYS} are allowed`);
  if (!tooDeep) {
    const chars = JSON.stringify(payload).length;
    if (chars > MAX_PAYLOAD_CHARS) at([], `client_payload is ${chars} characters of JSON; at most ${MAX_PAYLOAD_CHARS} are allowed`);
  }
  return problems;
}

/** The kind an event type names, or a diagnostic naming it and the expected ones. */
function kindOf(eventType: unknown, types: EventTypes): PayloadKind | Diagnostic {
  const expected = Object.values(types)
    .map((t) => quote(t))
    .join(', ');
  if (typeof eventType !== 'string')
    return { file: EVENT_PAYLOAD_FILE, path: 'action', message: `the event has no event type (expected ${expected}), got ${describeValue(eventType)}` };
  const kind = (Object.keys(types) as PayloadKind[]).find((k) => types[k] === eventType);
  return kind ?? { file: EVENT_PAYLOAD_FILE, path: 'action', message: `unknown event type ${quote(eventType)} (expected ${expected})` };
}

/**
 * Reads the request of a `repository_dispatch` event payload.
 * @throws ConfigurationError with every problem, located under `client_payload`.
 */
export function readDispatchRequest(payload: unknown, configured: Partial<EventTypes> | undefined, newCorrelationId: () => string): SwitchRequest {
  if (!isRecord(payload))
    throw new ConfigurationError({ file: EVENT_PAYLOAD_FILE, message: `the event payload must be an object, got ${describeValue(payload)}` });
  const kind = kindOf(payload.action, eventTypesOf(configured));
  if (typeof kind !== 'string') throw new ConfigurationError(kind);
  const source = dispatchSource(payload.action as string);
  const body = payload.client_payload ?? {};
  if (!isRecord(body))
    throw new ConfigurationError({ file: EVENT_PAYLOAD_FILE, path: 'client_payload', message: `client_payload must be an object, got ${describeValue(body)}` });
  const structural = structuralProblems(body, source);
  if (structural.length) throw new ConfigurationError(structural);
  return checkPayload(kind, body, source, newCorrelationId);
}
