import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { MAX_STATE_BYTES, parseState, serializeState } from '../../src/switching/parse-state.js';
import type { PersonaState } from '../../src/switching/persona-state.js';
import { ROOT } from '../support/run-dist.js';
import { activeSwitch, clone, diagnosticsOf, minimalState, richState, stateWithoutGlobalActive, WHERE } from './state-fixtures.js';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests break documents anywhere
const read = (data: unknown) => parseState(JSON.stringify(data), WHERE);
/** The one diagnostic of reading `data` after `change`, as [path, message]. */
const problem = (change: (state: Data) => void, base: () => PersonaState = richState): [string | undefined, string] => {
  const data = clone(base()) as Data;
  change(data);
  const diagnostics = diagnosticsOf(() => read(data));
  expect(diagnostics).toHaveLength(1);
  expect(diagnostics[0]!.file).toBe(WHERE);
  return [diagnostics[0]!.path, diagnostics[0]!.message];
};
const TIMESTAMP = 'an ISO 8601 UTC timestamp such as "2026-01-31T12:00:00.000Z"';
const BLEND = 'a canonical blend id: a persona id such as "security-first", or "security-first:0.6,cost-optimization:0.4"';

describe('parseState: valid documents', () => {
  it.each([
    ['the smallest state', minimalState],
    ['a state before any global switch', stateWithoutGlobalActive],
    ['a state using every field', richState],
  ])('reads %s back exactly as serializeState wrote it', (_name, make) => {
    expect(parseState(serializeState(make()), WHERE)).toEqual(make());
  });

  it('returns fresh plain objects: nothing shared with the text, every object an ordinary one', () => {
    const state = parseState(serializeState(richState()), WHERE);
    const objects = [state, state.active, state.rollout, state.ttl, state.ttl!.revert_to, state.environments, state.environments!.production, state.acks[0]];
    expect(objects.every((o) => Object.getPrototypeOf(o) === Object.prototype)).toBe(true);
    state.previous.push(activeSwitch(1));
    expect(parseState(serializeState(richState()), WHERE).previous).toHaveLength(2);
  });

  it('reads a newer minor version and drops the fields it does not know, at every level', () => {
    const data = clone(richState()) as Data;
    data.schema_version = '1.7';
    data.audit = { kept: false };
    data.active.signed_by = 'bot';
    data.rollout.strategy = 'canary';
    data.environments.production.notes = ['x'];
    data.acks[0].latency_ms = 3;
    expect(read(data)).toEqual({ ...richState(), schema_version: '1.7' });
  });

  it('accepts a byte order mark, and a document of exactly 1 MiB', () => {
    expect(parseState(`\uFEFF${serializeState(minimalState())}`, WHERE)).toEqual(minimalState());
    const text = serializeState(minimalState());
    expect(parseState(text + ' '.repeat(MAX_STATE_BYTES - text.length), WHERE)).toEqual(minimalState());
  });
});

describe('parseState: one located message per problem', () => {
  it.each<[string, (s: Data) => void, string, string]>([
    [
      'a blend id that is not canonical',
      (s) => (s.active.persona = 'Security First'),
      'active.persona',
      `persona must be ${BLEND}, got string "Security First"`,
    ],
    ['a blend with an unweighted term', (s) => (s.rollout.to = 'a:0.6,b'), 'rollout.to', `to must be ${BLEND}, got string "a:0.6,b"`],
    ['an unknown ack result', (s) => (s.acks[2].result = 'ok'), 'acks[2].result', 'unknown result "ok" (expected one of applied, rejected, duplicate)'],
    ['a negative revision', (s) => (s.revision = -1), 'revision', 'revision must be at least 0, got number -1'],
    ['a fractional revision', (s) => (s.revision = 1.5), 'revision', 'revision must be a whole number, got number 1.5'],
    ['a revision given as text', (s) => (s.revision = '42'), 'revision', 'revision must be a whole number, got string "42"'],
    ['a missing actor', (s) => delete s.active.by, 'active.by', 'by is required'],
    ['missing acknowledgements', (s) => delete s.acks, 'acks', 'acks is required'],
    ['an empty actor', (s) => (s.previous[1].by = ''), 'previous[1].by', 'by must not be empty'],
    ['a step over 100 %', (s) => (s.rollout.steps[1] = 150), 'rollout.steps[1]', 'steps[1] must be at most 100, got number 150'],
    ['steps going down', (s) => (s.rollout.steps = [50, 10, 100]), 'rollout.steps[1]', 'steps must increase strictly, got 10 after 50'],
    ['steps not ending at 100', (s) => (s.rollout.steps = [10, 50]), 'rollout.steps', 'steps must end at 100 (every run on the target persona), got 50 last'],
    ['no steps', (s) => (s.rollout.steps = []), 'rollout.steps', 'steps must hold at least 1 entry, got an empty list'],
    ['a step past the last', (s) => (s.rollout.step = 3), 'rollout.step', 'step 3 is past the last of the 3 steps (0..2)'],
    [
      'paused_at while progressing',
      (s) => (s.rollout.status = 'progressing'),
      'rollout.paused_at',
      'paused_at is set but status is "progressing": only a paused rollout has one',
    ],
    ['paused without paused_at', (s) => delete s.rollout.paused_at, 'rollout.paused_at', 'paused_at is required while status is "paused"'],
    [
      'an interval in words',
      (s) => (s.rollout.interval = '30 minutes'),
      'rollout.interval',
      'interval must be a duration such as "30m", "4h" or "1h30m", got string "30 minutes"',
    ],
    ['an unknown bucket_by', (s) => (s.rollout.bucket_by = 'job'), 'rollout.bucket_by', 'unknown bucket_by "job" (expected one of run, ref, environment)'],
    ['a local time', (s) => (s.active.since = '2026-01-01 12:00'), 'active.since', `since must be ${TIMESTAMP}, got string "2026-01-01 12:00"`],
    [
      'an offset instead of Z',
      (s) => (s.acks[0].at = '2026-01-01T12:00:00+02:00'),
      'acks[0].at',
      `at must be ${TIMESTAMP}, got string "2026-01-01T12:00:00+02:00"`,
    ],
    ['30 February', (s) => (s.ttl.expires_at = '2026-02-30T00:00:00Z'), 'ttl.expires_at', 'expires_at "2026-02-30T00:00:00Z" is not a real date'],
    [
      'a bad correlation id',
      (s) => (s.acks[1].correlation_id = '-req'),
      'acks[1].correlation_id',
      'correlation_id must be a correlation id: a letter or digit, then letters, digits and . _ : / - (at most 128 characters), got string "-req"',
    ],
    ['a reason over 1000 characters', (s) => (s.active.reason = 'x'.repeat(1001)), 'active.reason', 'reason is 1001 characters long, over the 1000 allowed'],
    [
      'a carriage return in a reason',
      (s) => (s.acks[2].reason = 'a\rb'),
      'acks[2].reason',
      'reason contains a control character (U+000D) at position 2 (only line feeds and tabs are allowed)',
    ],
    ['a tab in an actor', (s) => (s.active.by = 'octo\tcat'), 'active.by', 'by contains a control character (U+0009) at position 5'],
    [
      '21 previous actives',
      (s) => (s.previous = Array.from({ length: 21 }, (_, i) => activeSwitch(i))),
      'previous',
      'previous holds 21 entries, over the 20 a state document keeps',
    ],
    ['a list for an object', (s) => (s.active = []), 'active', 'active must be an object, got an empty list'],
    ['a null ttl', (s) => (s.ttl = null), 'ttl', 'ttl must be an object, got null'],
    [
      'a bad status in an environment',
      (s) => (s.environments.production.rollout.status = 'done'),
      'environments.production.rollout.status',
      'unknown status "done" (expected one of progressing, paused, aborted, complete)',
    ],
    [
      'a bad date in an environment ttl',
      (s) => (s.environments.production.ttl.revert_to.since = '2026-04-31T00:00:00Z'),
      'environments.production.ttl.revert_to.since',
      'since "2026-04-31T00:00:00Z" is not a real date',
    ],
    ['an environment without active', (s) => delete s.environments['eu staging'].active, 'environments["eu staging"].active', 'active is required'],
    [
      'an environment name with a control character',
      (s) => (s.environments['prod\u001b'] = s.environments.production),
      'environments',
      'environment name "prod\\u001b" contains a control character (U+001B) at position 5',
    ],
    ['an empty environment name', (s) => (s.environments[''] = s.environments.production), 'environments', 'an environment name must not be empty'],
    [
      'a 256-character environment name',
      (s) => (s.environments['e'.repeat(256)] = s.environments.production),
      'environments',
      `environment name "${'e'.repeat(59)}…" is 256 characters long, over the 255 allowed`,
    ],
  ])('%s', (_name, change, path, message) => {
    expect(problem(change)).toEqual([path, message]);
  });

  it('reads as `file path: message`, one line, without a stack trace', () => {
    const data = clone(richState()) as Data;
    data.acks[2].result = 'ok';
    const error = (() => {
      try {
        read(data);
      } catch (e) {
        return e as Error;
      }
      throw new Error('not refused');
    })();
    expect(error.message).toBe(`${WHERE} acks[2].result: unknown result "ok" (expected one of applied, rejected, duplicate)`);
    expect(error.message).toBe(formatDiagnostic(diagnosticsOf(() => read(data))[0]!));
    expect(error.message).not.toMatch(/\n|\bat .*\.ts:\d+/);
  });
});

describe('parseState: the document as a whole', () => {
  const whole = (text: string) => diagnosticsOf(() => parseState(text, WHERE)).map((d) => ({ ...d }));

  it.each([
    ['a trailing comma', '{\n  "schema_version": "1.0",\n  "revision": 1,\n}\n', 4, 1, 'Expected double-quoted property name'],
    ['a bare word', '{\n  "schema_version": "1.0",\n  "revision": one\n}', 3, 15, 'unexpected token "o"'],
    ['text after the document', '{"schema_version": "1.0"}\n{}', 2, 1, 'Unexpected non-whitespace character after the document'],
    ['an unterminated string', '{"schema_version": "1.0', 1, 24, 'Unterminated string'],
    ['single quotes', "{'schema_version': '1.0'}", 1, 2, "Expected property name or '}'"],
  ])('locates a JSON syntax error by line and column: %s', (_name, text, line, column, message) => {
    expect(whole(text)).toEqual([{ file: WHERE, line, column, message: `the state is not valid JSON: ${message}` }]);
  });

  it.each([
    ['', 'the state is empty: expected the JSON document a state store writes'],
    [' \n', 'the state is empty: expected the JSON document a state store writes'],
    ['null', 'expected a state object (schema_version, revision, active, previous, acks…), got null'],
    ['[]', 'expected a state object (schema_version, revision, active, previous, acks…), got an empty list'],
    ['"state"', 'expected a state object (schema_version, revision, active, previous, acks…), got string "state"'],
  ])('refuses %j as a whole', (text, message) => {
    expect(whole(text)).toEqual([{ file: WHERE, message }]);
  });

  it('refuses a document over 1 MiB, counting bytes, before parsing it', () => {
    const text = serializeState(minimalState());
    const padded = text.replace('{', `{"x-pad": "${'é'.repeat(MAX_STATE_BYTES / 2)}",`);
    expect(padded.length).toBeLessThan(MAX_STATE_BYTES);
    expect(whole(padded)).toEqual([
      { file: WHERE, message: `the state is ${Buffer.byteLength(padded)} bytes, over the 1 MiB (1048576 bytes) a state document may hold` },
    ]);
  });

  it('refuses nesting deeper than 64 levels, even under a field it would ignore', () => {
    const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
    expect(read({ ...minimalState(), 'x-deep': nested(63) })).toEqual(minimalState());
    expect(whole(JSON.stringify({ ...minimalState(), 'x-deep': nested(64) }))).toEqual([
      { file: WHERE, message: 'the state nests deeper than 64 levels (under "x-deep"); a state document nests a few levels' },
    ]);
  });

  it.each([
    ['{"__proto__": {"polluted": true}}', '__proto__'],
    ['{"x-meta": {"constructor": {"prototype": 1}}}', 'x-meta.constructor'],
    ['{"x-ext": [{"prototype": null}]}', 'x-ext[0].prototype'],
    ['{"environments": {"__proto__": {}}}', 'environments.__proto__'],
  ])('refuses the key in %s wherever it is', (extra, path) => {
    const text = serializeState(minimalState()).replace(/^\{/, `{${extra.slice(1, -1)},`);
    const diagnostics = whole(text);
    expect(diagnostics).toEqual([
      {
        file: WHERE,
        path,
        message: `key "${path
          .split(/[.[\]]/)
          .filter(Boolean)
          .at(-1)}" is not allowed`,
      },
    ]);
    expect(({} as Data).polluted).toBeUndefined();
  });

  it.each<[unknown, string]>([
    [
      '2.0',
      'schema_version "2.0" was written by a newer release of pipeline-personas (this release reads 1.x): use that release in every workflow that reads or writes this state',
    ],
    [
      '12.3',
      'schema_version "12.3" was written by a newer release of pipeline-personas (this release reads 1.x): use that release in every workflow that reads or writes this state',
    ],
    ['0.9', 'schema_version "0.9" was written by an older release that this one cannot read (it reads 1.x)'],
    ['1.0.0', 'schema_version must be MAJOR.MINOR such as "1.0", got string "1.0.0"'],
    [1, 'schema_version must be MAJOR.MINOR such as "1.0", got number 1'],
    [undefined, 'schema_version is missing: expected a state document written by pipeline-personas (this release writes 1.0)'],
  ])('schema_version %j: the version is checked before any field', (version, message) => {
    // The rest of a newer major's document may look nothing like this release's: the version speaks first.
    expect(problem((s) => (version === undefined ? delete s.schema_version : ((s.schema_version = version), (s.active = 'v2 layout'))))).toEqual([
      'schema_version',
      message,
    ]);
  });
});

describe('parseState: on the resolve path', () => {
  /** Every module parse-state.ts loads, following relative imports (type-only imports load nothing). */
  function loadedModules(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const [, specifier] of text.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)) {
      if (!specifier!.startsWith('.')) seen.add(specifier!);
      else loadedModules(path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), specifier!.replace(/\.js$/, '.ts'))), seen);
    }
    return seen;
  }

  it('loads neither zod nor ajv: the generated validator is standalone', () => {
    const modules = [...loadedModules('src/switching/parse-state.ts')];
    expect(modules).toContain('src/switching/state-validator.generated.ts');
    expect(modules.filter((m) => !m.startsWith('src/'))).toEqual([]);
  });
});
