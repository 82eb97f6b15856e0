/**
 * Reading a request from `workflow_dispatch` inputs and from the CLI's
 * flags: both are flat strings, converted to the canonical payload
 * (`rollout-steps: "10,50,100"` → `rollout.steps: [10, 50, 100]`) and checked
 * by the same schemas, with places named in their own terms.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import { describeValue } from '../errors/describe-value.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';
import { didYouMean } from '../persona/closest.js';
import { isRecord } from '../persona/is-record.js';
import { EVENT_PAYLOAD_FILE } from './switch-request-dispatch.js';
import { checkPayload, type PayloadPath, type RequestField, type RequestSource } from './switch-request-check.js';
import type { PayloadKind } from './switch-request-schema.js';
import { SWITCH_ACTIONS, type SwitchAction, type SwitchRequest } from './switch-request.js';

/** The most inputs a `workflow_dispatch` event may carry (GitHub's limit). */
export const MAX_WORKFLOW_INPUTS = 25;
/** The diagnostics' `file` for the CLI. */
export const COMMAND_LINE_FILE = 'the command line';

/** The request's fields by their flat name: workflow_dispatch input names. */
export const WORKFLOW_INPUTS = {
  persona: 'persona',
  environment: 'environment',
  steps: 'rollout-steps',
  interval: 'rollout-interval',
  bucket_by: 'rollout-bucket-by',
  reason: 'reason',
  ttl: 'ttl',
  correlation_id: 'correlation-id',
  action: 'action',
} as const;

/** The same fields as CLI flags. */
export const CLI_FLAGS = {
  persona: '--persona',
  environment: '--environment',
  steps: '--rollout',
  interval: '--interval',
  bucket_by: '--bucket-by',
  reason: '--reason',
  ttl: '--ttl',
  correlation_id: '--correlation-id',
  action: 'the command',
} as const;

type FlatName = keyof typeof WORKFLOW_INPUTS;
/** A request as flat strings, by field; undefined when absent. */
export type FlatRequest = Partial<Record<FlatName, string>>;

/** The flat name of a canonical path: `rollout.steps[2]` → `steps`. */
function flatNameOf(path: PayloadPath): FlatName {
  const [first, second] = path;
  if (first === 'rollout') return second === 'interval' || second === 'bucket_by' ? second : 'steps';
  return (first as FlatName | undefined) ?? 'action';
}

/** The flat name holding a request field. */
const fieldName = (field: RequestField): FlatName => (field === 'rollout' ? 'steps' : field);

/** The kind of request an action is. */
function kindOf(action: SwitchAction): PayloadKind {
  return action === 'switch' ? 'switch' : action === 'revert' ? 'revert' : 'rollout';
}

/** `10, 50,100` → [10, 50, 100]; undefined when it is not comma-separated whole numbers. */
function parseSteps(text: string): number[] | undefined {
  const parts = text.split(',').map((p) => p.trim());
  return parts.every((p) => /^\d{1,6}$/.test(p)) ? parts.map(Number) : undefined;
}

/**
 * The canonical payload of flat fields; `ignoreLoneRollout` drops an
 * interval or bucket without steps (a workflow form preselects them),
 * otherwise they are an error.
 */
function toPayload(flat: FlatRequest, names: Record<FlatName, string>, at: (name: FlatName, message: string) => void, ignoreLoneRollout: boolean) {
  const payload: Record<string, unknown> = {};
  for (const field of ['persona', 'environment', 'reason', 'ttl', 'correlation_id'] as const) if (flat[field] !== undefined) payload[field] = flat[field];
  const action = flat.action ?? 'switch';
  if (action !== 'switch' && action !== 'revert') payload.action = action;
  if (flat.steps !== undefined) {
    const steps = parseSteps(flat.steps);
    if (!steps) at('steps', `${names.steps} must be whole numbers separated by commas ("10,50,100"), got ${quote(flat.steps)}`);
    const rollout: Record<string, unknown> = { steps };
    if (flat.interval !== undefined) rollout.interval = flat.interval;
    if (flat.bucket_by !== undefined) rollout.bucket_by = flat.bucket_by;
    if (steps) payload.rollout = rollout;
  } else if (!ignoreLoneRollout)
    for (const name of ['interval', 'bucket_by'] as const) if (flat[name] !== undefined) at(name, `${names[name]} needs ${names.steps}`);
  return payload;
}

/** The action of a flat request, or a problem. */
function actionOf(flat: FlatRequest): SwitchAction | string {
  const action = flat.action ?? 'switch';
  if ((SWITCH_ACTIONS as readonly string[]).includes(action)) return action as SwitchAction;
  return `unknown action ${quote(action)}${didYouMean(action, SWITCH_ACTIONS)} (expected one of ${SWITCH_ACTIONS.join(', ')})`;
}

/** Checks a flat request read through `names`; the shared path of workflow_dispatch and the CLI. */
function readFlat(flat: FlatRequest, source: RequestSource, names: Record<FlatName, string>, ignoreLoneRollout: boolean, newCorrelationId: () => string) {
  const problems: Diagnostic[] = [];
  const at = (name: FlatName, message: string) => problems.push({ file: source.file, path: source.pathOf([name === 'steps' ? 'rollout' : name]), message });
  const action = actionOf(flat);
  if (!(SWITCH_ACTIONS as readonly string[]).includes(action))
    throw new ConfigurationError({ file: source.file, path: source.pathOf(['action']), message: action });
  const payload = toPayload(flat, names, at, ignoreLoneRollout);
  return checkPayload(kindOf(action as SwitchAction), payload, source, newCorrelationId, problems);
}

/** The string value of one input: booleans and numbers as text, blank as absent. */
function inputValue(value: unknown): string | undefined | { problem: string } {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'boolean' || typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return { problem: `must be a string, got ${describeValue(value)}` };
  return text.trim() === '' ? undefined : text;
}

/**
 * Reads the request of a `workflow_dispatch` event payload from its
 * `inputs` (other inputs are ignored: the workflow may have its own).
 * @throws ConfigurationError with every problem, located as `inputs.<name>`.
 */
export function readWorkflowDispatchRequest(payload: unknown, newCorrelationId: () => string): SwitchRequest {
  const fail = (path: string | undefined, message: string): never => {
    throw new ConfigurationError({ file: EVENT_PAYLOAD_FILE, ...(path ? { path } : {}), message });
  };
  if (!isRecord(payload)) return fail(undefined, `the event payload must be an object, got ${describeValue(payload)}`);
  const inputs = payload.inputs ?? {};
  if (!isRecord(inputs)) return fail('inputs', `inputs must be an object, got ${describeValue(inputs)}`);
  const count = Object.keys(inputs).length;
  if (count > MAX_WORKFLOW_INPUTS) fail('inputs', `the event has ${count} inputs; at most ${MAX_WORKFLOW_INPUTS} are allowed`);
  const flat: FlatRequest = {};
  const problems: Diagnostic[] = [];
  for (const [name, input] of Object.entries(WORKFLOW_INPUTS) as Array<[FlatName, string]>) {
    const value = Object.hasOwn(inputs, input) ? inputValue(inputs[input]) : undefined;
    if (typeof value === 'object') problems.push({ file: EVENT_PAYLOAD_FILE, path: `inputs.${input}`, message: `input ${quote(input)} ${value.problem}` });
    else if (value !== undefined) flat[name] = value;
  }
  if (problems.length) throw new ConfigurationError(problems);
  const source = flatSource('workflow_dispatch', EVENT_PAYLOAD_FILE, WORKFLOW_INPUTS, flat.action ?? 'switch');
  return readFlat(flat, source, WORKFLOW_INPUTS, true, newCorrelationId);
}

/** How a flat channel names places: `inputs.rollout-steps` and `input "rollout-steps"`, or `--rollout`. */
function flatSource(channel: 'workflow_dispatch' | 'cli', file: string, names: Record<FlatName, string>, action: string): RequestSource {
  const cli = channel === 'cli';
  const command = action === 'switch' || action === 'revert' ? `persona ${action}` : `persona rollout ${action}`;
  const label = (name: FlatName) => (cli ? names[name] : `input ${quote(names[name])}`);
  return {
    channel,
    file,
    pathOf: (path) => (cli ? names[flatNameOf(path)] : `inputs.${names[flatNameOf(path)]}`),
    originOf: (field) => label(fieldName(field)),
    unused: (key) => `${label(flatNameOf([key]))} is not used by ${cli ? quote(command) : `action ${quote(action)}`}`,
  };
}

/** The CLI's flags for a request (`persona switch|rollout|revert`); undefined when not given. */
export interface CliRequestFlags {
  action: SwitchAction;
  persona?: string;
  environment?: string;
  /** `10,50,100`. */
  rollout?: string;
  interval?: string;
  bucketBy?: string;
  reason?: string;
  ttl?: string;
  correlationId?: string;
}

/**
 * Builds a request from the CLI's flags, with the checks of the event
 * channels (an interval or bucket without `--rollout` is an error here).
 * @throws ConfigurationError located by flag (`--rollout`).
 */
export function requestFromCli(flags: CliRequestFlags, newCorrelationId: () => string): SwitchRequest {
  const { action, persona, environment, rollout, interval, bucketBy, reason, ttl, correlationId } = flags;
  const given = { action, persona, environment, steps: rollout, interval, bucket_by: bucketBy, reason, ttl, correlation_id: correlationId };
  const flat = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as FlatRequest;
  return readFlat(flat, flatSource('cli', COMMAND_LINE_FILE, CLI_FLAGS, action), CLI_FLAGS, false, newCorrelationId);
}
