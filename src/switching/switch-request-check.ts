/**
 * The check every channel shares: a request in the canonical
 * `client_payload` shape, validated by its kind's zod schema, every problem
 * reported at once and located in the channel's own terms
 * (`client_payload.rollout.steps[2]`, `inputs.rollout-steps`, `--rollout`).
 */
import type { z } from 'zod';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';
import { didYouMean } from '../persona/closest.js';
import type { RequestChannel, SwitchAction, SwitchRequest } from './switch-request.js';
import { PAYLOAD_SCHEMAS, RolloutSchema, type PayloadKind } from './switch-request-schema.js';

/** A path into the canonical payload. */
export type PayloadPath = ReadonlyArray<string | number>;

/** The fields of a request whose origin is recorded. */
export type RequestField = keyof SwitchRequest['origins'];

/** How one channel names the places of a request, for diagnostics and origins. */
export interface RequestSource {
  channel: RequestChannel;
  /** The diagnostics' `file`: `the event payload`, `the command line`. */
  file: string;
  /** The display path of a canonical path (`client_payload.rollout.steps[2]`, `inputs.rollout-steps`). */
  pathOf(path: PayloadPath): string;
  /** Where a field was read (`client_payload.persona`, `input "persona"`, `--persona`). */
  originOf(field: RequestField): string;
  /** The message for a field this kind of request does not take (`input "persona" is not used by action "advance"`). */
  unused(key: string): string;
}

/** Every key any kind of request takes, at the top level. */
const KNOWN_KEYS = new Set(Object.values(PAYLOAD_SCHEMAS).flatMap((schema) => Object.keys(schema.shape)));

/** A diagnostic of `source` at a canonical path. */
export function diagnosticAt(source: RequestSource, path: PayloadPath, message: string): Diagnostic {
  return { file: source.file, path: source.pathOf(path), message };
}

/** The diagnostics of zod's issues, unknown keys with a "did you mean" and keys of another kind named as unused. */
function issueDiagnostics(kind: PayloadKind, issues: readonly z.core.$ZodIssue[], source: RequestSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code !== 'unrecognized_keys') {
      out.push(diagnosticAt(source, path, issue.message));
      continue;
    }
    const nested = path.length > 0;
    const candidates = nested ? Object.keys(RolloutSchema.shape) : Object.keys(PAYLOAD_SCHEMAS[kind].shape);
    for (const key of issue.keys) {
      const message = !nested && KNOWN_KEYS.has(key) ? source.unused(key) : `unknown key ${quote(key)}${didYouMean(key, candidates)}`;
      out.push(diagnosticAt(source, [...path, key], message));
    }
  }
  return out;
}

/** The parsed payload of any kind, as one type. */
interface CheckedPayload {
  persona?: string;
  action?: SwitchAction;
  environment?: string;
  rollout?: z.output<typeof RolloutSchema>;
  reason?: string;
  ttl?: string;
  correlation_id?: string;
}

/**
 * Validates a canonical payload of `kind` and builds the request.
 * `earlier` are problems the channel found already (reported together).
 * `action` is the request's action (`switch`, `revert`, or the rollout
 * command, which the payload also carries).
 * @throws ConfigurationError with every problem, each located.
 */
export function checkPayload(
  kind: PayloadKind,
  payload: Record<string, unknown>,
  source: RequestSource,
  newCorrelationId: () => string,
  earlier: readonly Diagnostic[] = [],
): SwitchRequest {
  const result = PAYLOAD_SCHEMAS[kind].safeParse(payload);
  const problems = [...earlier, ...(result.success ? [] : issueDiagnostics(kind, result.error.issues, source))];
  if (problems.length || !result.success) throw new ConfigurationError(problems);
  const data = result.data as CheckedPayload;
  const action: SwitchAction = kind === 'switch' ? 'switch' : kind === 'revert' ? 'revert' : data.action!;
  const origins: SwitchRequest['origins'] = { action: source.originOf('action') };
  const request: SwitchRequest = { action, channel: source.channel, reason: data.reason ?? '', correlation_id: '', origins };
  const fields = ['persona', 'environment', 'rollout', 'ttl'] as const;
  for (const field of fields) {
    if (data[field] === undefined) continue;
    Object.assign(request, { [field]: data[field] });
    origins[field] = source.originOf(field);
  }
  if (data.reason !== undefined) origins.reason = source.originOf('reason');
  if (data.correlation_id !== undefined) {
    request.correlation_id = data.correlation_id;
    origins.correlation_id = source.originOf('correlation_id');
  } else {
    request.correlation_id = newCorrelationId();
    origins.correlation_id = 'generated';
  }
  return request;
}
