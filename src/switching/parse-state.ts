/**
 * Reads the state document (`state.json`) on every read of every store,
 * on the resolve path: no zod here. The validator generated from the zod
 * schema (state-validator.generated.ts) checks it; this module adds what JSON
 * schema cannot say and words the first problem as one located message.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import { describeValue } from '../errors/describe-value.js';
import { formatPath } from '../errors/diagnostic.js';
import { jsonSyntaxError } from '../errors/json-syntax-error.js';
import { quote } from '../errors/quote.js';
import { controlCharacterMessage, NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_IN_FREE_TEXT } from '../persona/control-characters.js';
import { isRecord } from '../persona/is-record.js';
import { FORBIDDEN_KEYS, MAX_NESTING_DEPTH } from '../persona/vocabulary.js';
import { type PersonaState, type RolloutState, type ScopeState, STATE_SCHEMA_VERSION } from './persona-state.js';
import { STATE_EXPECTED, STATE_KEYS, validate } from './state-validator.generated.js';

/** Largest state document read, in bytes of UTF-8. */
export const MAX_STATE_BYTES = 1024 * 1024;

type Path = Array<string | number>;
/** One problem: where in the document (empty: the whole document) and what. */
type Problem = { path: Path; message: string };
/** An error of the generated (ajv) validator. */
type SchemaError = { instancePath: string; keyword: string; params: Record<string, unknown>; propertyName?: string };

const validateState = validate as ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
const EXPECTED = STATE_EXPECTED as Record<string, string>;
const KEYS = STATE_KEYS as Record<'state' | 'environment' | 'active' | 'rollout' | 'ttl' | 'ack', string[]>;
const MAJOR = Number(STATE_SCHEMA_VERSION.split('.')[0]);
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Parses and validates a state document read from a store. `where` names it
 * in messages (`state.json on branch "persona-state" of octo-org/app`). A
 * corrupt state is an error, never replaced: at most 1 MiB, strict JSON,
 * nesting at most 64 levels, no `__proto__`/`constructor`/`prototype` key
 * anywhere, `schema_version` 1.x, every field as schema/state.schema.json
 * says, rollout steps and pauses coherent, timestamps real dates. Fields a
 * newer minor version added are dropped: the result is a fresh plain object
 * holding the known fields only.
 * @throws ConfigurationError with one diagnostic naming `where` as its file,
 * the field's path (`acks[3].result`) and what was expected.
 */
export function parseState(text: string, where: string): PersonaState {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_STATE_BYTES)
    throw located(where, { path: [], message: `the state is ${bytes} bytes, over the 1 MiB (${MAX_STATE_BYTES} bytes) a state document may hold` });
  const source = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  if (!source.trim()) throw located(where, { path: [], message: 'the state is empty: expected the JSON document a state store writes' });
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    const { message, ...position } = syntaxProblem(source, error);
    throw located(where, { path: [], message: `the state is not valid JSON: ${message}` }, position);
  }
  if (!isRecord(data))
    throw located(where, { path: [], message: `expected a state object (schema_version, revision, active, previous, acks…), got ${describeValue(data)}` });
  const problem = structureProblem(data) ?? versionProblem(data.schema_version) ?? schemaProblem(data) ?? ruleProblem(data as unknown as PersonaState);
  if (problem) throw located(where, problem);
  return copyState(data);
}

/** The user error for `problem` in the document `where`. */
function located(where: string, problem: Problem, position: { line?: number; column?: number } = {}): ConfigurationError {
  return new ConfigurationError({ file: where, ...position, ...(problem.path.length ? { path: formatPath(problem.path) } : {}), message: problem.message });
}

/**
 * V8's syntax error located by line and column, quoting at most the
 * offending token: V8's "Unexpected token" message quotes the raw source
 * around it (control characters included), from 10 characters before it.
 */
function syntaxProblem(source: string, error: unknown): { message: string; line?: number; column?: number } {
  const { message, ...where } = jsonSyntaxError(source, error);
  const token = /^Unexpected token '(.*?)', (\.{3})?"(.*)"(\.{3})? is not valid JSON$/s.exec(message);
  if (!token) return { message: message.replace(/ after JSON at position \d+$/, ' after the document').replace(/ at position \d+$/, ''), ...where };
  const [, text, cutBefore, context, cutAfter] = token;
  const offset = cutBefore ? source.indexOf(context!) + 10 : cutAfter ? context!.length - 10 : source.indexOf(text!);
  const before = source.slice(0, offset);
  const position = offset < 0 || where.line ? where : { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
  return { message: `unexpected token ${quote(text!)}`, ...position };
}

/** The text a store writes for `state`: indented by 2, ending with a newline. */
export function serializeState(state: PersonaState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** Whether an ISO 8601 timestamp names a real instant as written (`Date.parse` turns 30 February into 2 March). */
export function isRealDate(timestamp: string): boolean {
  const ms = Date.parse(timestamp);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === timestamp.slice(0, 19);
}

/**
 * The first rule of a schema-valid rollout that JSON schema cannot express
 * and it breaks, at its path inside the rollout: steps strictly increasing
 * and ending at 100, `step` an index into them, `paused_at` exactly while
 * paused. Shared with the zod schema (state-schema.ts).
 */
export function rolloutRuleProblem(rollout: RolloutState): Problem | undefined {
  const { steps, step, status, paused_at: pausedAt } = rollout;
  for (let i = 1; i < steps.length; i++)
    if (steps[i]! <= steps[i - 1]!) return { path: ['steps', i], message: `steps must increase strictly, got ${steps[i]} after ${steps[i - 1]}` };
  if (steps.at(-1) !== 100) return { path: ['steps'], message: `steps must end at 100 (every run on the target persona), got ${String(steps.at(-1))} last` };
  if (step >= steps.length) return { path: ['step'], message: `step ${step} is past the last of the ${steps.length} steps (0..${steps.length - 1})` };
  if (status === 'paused' && pausedAt === undefined) return { path: ['paused_at'], message: 'paused_at is required while status is "paused"' };
  if (status !== 'paused' && pausedAt !== undefined)
    return { path: ['paused_at'], message: `paused_at is set but status is ${JSON.stringify(status)}: only a paused rollout has one` };
  return undefined;
}

/**
 * One iterative walk (JSON may nest deeply): the first value nested deeper
 * than {@link MAX_NESTING_DEPTH} levels, else the `__proto__`,
 * `constructor` or `prototype` key with the smallest path, else nothing.
 * Paths are built only for what is found. Shared with the zod schema.
 */
export function structureProblem(root: Record<string, unknown>): Problem | undefined {
  type Node = { value: unknown; key?: string | number; parent?: Node; depth: number };
  const pathOf = (node: Node): Path => {
    const path: Path = [];
    for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) path.unshift(n.key);
    return path;
  };
  const stack: Node[] = [{ value: root, depth: 0 }];
  let forbidden: string | undefined;
  let forbiddenPath: Path = [];
  while (stack.length) {
    const node = stack.pop()!;
    const { value, depth } = node;
    if ((Array.isArray(value) || isRecord(value)) && depth >= MAX_NESTING_DEPTH)
      return {
        path: [],
        message: `the state nests deeper than ${MAX_NESTING_DEPTH} levels (under ${quote(String(pathOf(node)[0]))}); a state document nests a few levels`,
      };
    if (Array.isArray(value)) value.forEach((item, i) => stack.push({ value: item, key: i, parent: node, depth: depth + 1 }));
    else if (isRecord(value))
      for (const [key, child] of Object.entries(value)) {
        const next = { value: child, key, parent: node, depth: depth + 1 };
        const path = FORBIDDEN_KEYS.has(key) ? formatPath(pathOf(next)) : undefined;
        if (path !== undefined && (forbidden === undefined || path < forbidden)) [forbidden, forbiddenPath] = [path, pathOf(next)];
        stack.push(next);
      }
  }
  return forbidden === undefined ? undefined : { path: forbiddenPath, message: `key ${quote(String(forbiddenPath.at(-1)))} is not allowed` };
}

/** Unless `version` is `MAJOR.MINOR` with this release's major: what is wrong with it. */
function versionProblem(version: unknown): Problem | undefined {
  const at: Path = ['schema_version'];
  if (version === undefined)
    return {
      path: at,
      message: `schema_version is missing: expected a state document written by pipeline-personas (this release writes ${STATE_SCHEMA_VERSION})`,
    };
  const match = typeof version === 'string' ? /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(version) : null;
  if (!match) return { path: at, message: `schema_version must be MAJOR.MINOR such as "${STATE_SCHEMA_VERSION}", got ${describeValue(version)}` };
  const major = Number(match[1]);
  if (major > MAJOR)
    return {
      path: at,
      message: `schema_version ${quote(String(version))} was written by a newer release of pipeline-personas (this release reads ${MAJOR}.x): use that release in every workflow that reads or writes this state`,
    };
  if (major < MAJOR)
    return { path: at, message: `schema_version ${quote(String(version))} was written by an older release that this one cannot read (it reads ${MAJOR}.x)` };
  return undefined;
}

/** The generated validator's first error as a located problem, or nothing when the document is valid. */
function schemaProblem(data: Record<string, unknown>): Problem | undefined {
  if (validateState(data)) return undefined;
  const error = validateState.errors?.[0];
  if (!error) return { path: [], message: 'the state does not match schema/state.schema.json' };
  const { path, value } = resolvePointer(data, error.instancePath);
  if (error.propertyName !== undefined) return { path, message: environmentNameProblem(error.propertyName, error) };
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    return { path: [...path, missing], message: `${missing} is required` };
  }
  return { path, message: schemaMessage(fieldName(path), error, value) };
}

/** What is wrong with an environment name (a key of `environments`), the name quoted. */
function environmentNameProblem(name: string, { keyword, params }: SchemaError): string {
  if (FORBIDDEN_KEYS.has(name)) return `environment name ${quote(name)} is not allowed`;
  if (!name) return 'an environment name must not be empty';
  if (keyword === 'maxLength') return `environment name ${quote(name)} is ${name.length} characters long, over the ${String(params.limit)} allowed`;
  return controlCharacterMessage(`environment name ${quote(name)}`, name) ?? `environment name ${quote(name)} is not allowed`;
}

const TYPE_NOUNS: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
};

/** One sentence for one validator error at `name` (`persona`, `steps[2]`), of the value found there. */
function schemaMessage(name: string, { keyword, params }: SchemaError, value: unknown): string {
  const got = `got ${describeValue(value)}`;
  const length = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
  switch (keyword) {
    case 'type':
      return `${name} must be ${TYPE_NOUNS[String(params.type)] ?? String(params.type)}, ${got}`;
    case 'enum': {
      const options = (params.allowedValues as unknown[]).join(', ');
      return typeof value === 'string' ? `unknown ${name} ${quote(value)} (expected one of ${options})` : `${name} must be one of ${options}, ${got}`;
    }
    case 'pattern':
      if (params.pattern === NO_CONTROL_CHARACTERS.source || params.pattern === NO_CONTROL_CHARACTERS_IN_FREE_TEXT.source)
        return controlCharacterMessage(name, value, params.pattern !== NO_CONTROL_CHARACTERS.source) ?? `${name} contains a control character`;
      return `${name} must be ${EXPECTED[String(params.pattern)] ?? `text matching ${String(params.pattern)}`}, ${got}`;
    case 'minimum':
      return `${name} must be at least ${String(params.limit)}, ${got}`;
    case 'maximum':
      return `${name} must be at most ${String(params.limit)}, ${got}`;
    case 'minLength':
      return `${name} must not be empty`;
    case 'maxLength':
      return `${name} is ${length} characters long, over the ${String(params.limit)} allowed`;
    case 'minItems':
      return `${name} must hold at least ${String(params.limit)} entry, ${got}`;
    case 'maxItems':
      return `${name} holds ${length} entries, over the ${String(params.limit)} a state document keeps`;
    default:
      return `${name} does not match schema/state.schema.json (${keyword}), ${got}`;
  }
}

/** The field a message names: the last key of the path, with the list's name before an index (`steps[2]`). */
function fieldName(path: Path): string {
  if (!path.length) return 'the state';
  return typeof path.at(-1) === 'number' ? formatPath(path.slice(-2)) : String(path.at(-1));
}

/** A JSON pointer of the validator (`/acks/3/result`) as a path (list indexes as numbers) and the value there. */
function resolvePointer(data: unknown, pointer: string): { path: Path; value: unknown } {
  const path: Path = [];
  let value = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(value) ? Number(key) : undefined;
    path.push(index ?? key);
    value = index !== undefined ? (value as unknown[])[index] : isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  }
  return { path, value };
}

/** The first rule JSON schema cannot express that a schema-valid state breaks, in every scope: rollouts, then real dates. */
function ruleProblem(state: PersonaState): Problem | undefined {
  const scopes: Array<[Path, Partial<ScopeState> & { previous?: PersonaState['previous'] }]> = [
    [[], state],
    ...Object.entries(state.environments ?? {}).map(([name, scope]): [Path, typeof scope] => [['environments', name], scope]),
  ];
  const dates: Array<[Path, string | undefined]> = state.acks.map((ack, i) => [['acks', i, 'at'], ack.at]);
  for (const [at, scope] of scopes) {
    const rule = scope.rollout && rolloutRuleProblem(scope.rollout);
    if (rule) return { path: [...at, 'rollout', ...rule.path], message: rule.message };
    const { active, rollout, ttl, previous = [] } = scope;
    dates.push([[...at, 'active', 'since'], active?.since], ...previous.map((p, i): [Path, string] => [[...at, 'previous', i, 'since'], p.since]));
    if (rollout) for (const key of ['started_at', 'updated_at', 'paused_at'] as const) dates.push([[...at, 'rollout', key], rollout[key]]);
    if (ttl) dates.push([[...at, 'ttl', 'expires_at'], ttl.expires_at], [[...at, 'ttl', 'revert_to', 'since'], ttl.revert_to.since]);
  }
  const bad = dates.find(([, date]) => date !== undefined && !isRealDate(date));
  return bad && { path: bad[0], message: `${fieldName(bad[0])} ${quote(bad[1]!)} is not a real date` };
}

/** Copies `value` with the keys in `keys` only; `nested` copies the values of some keys. */
function pick(value: unknown, keys: string[], nested: Record<string, (v: unknown) => unknown> = {}): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (!Object.hasOwn(source, key)) continue;
    const copy = nested[key];
    out[key] = copy ? copy(source[key]) : Array.isArray(source[key]) ? [...source[key]] : source[key];
  }
  return out;
}

/** A schema-valid state as a fresh plain object of known fields only. */
function copyState(data: Record<string, unknown>): PersonaState {
  const active = (v: unknown) => pick(v, KEYS.active);
  const actives = (v: unknown) => (v as unknown[]).map(active);
  const scope = {
    active,
    previous: actives,
    rollout: (v: unknown) => pick(v, KEYS.rollout),
    ttl: (v: unknown) => pick(v, KEYS.ttl, { revert_to: active }),
  };
  const environments = (v: unknown) => Object.fromEntries(Object.entries(v as object).map(([name, s]) => [name, pick(s, KEYS.environment, scope)]));
  return pick(data, KEYS.state, { ...scope, environments, acks: (v) => (v as unknown[]).map((a) => pick(a, KEYS.ack)) }) as unknown as PersonaState;
}
