/**
 * A hostile hand-over (the persona one job passes the next crosses a trust
 * boundary): the reader applies the persona-file rules. Each case is a
 * ConfigurationError naming the input and the path, in bounded time, or
 * safe acceptance.
 */
import { serializeHandover, toHandover } from '../../src/handover/handover-document.js';
import { readHandover } from '../../src/handover/read-handover.js';
import { diagnosticsOf, richPersona } from '../handover/handover-fixtures.js';

const LABEL = 'input "persona"';
const plain = (): Record<string, unknown> => JSON.parse(serializeHandover(toHandover(richPersona()))) as Record<string, unknown>;
const read = (data: unknown) => readHandover(JSON.stringify(data), LABEL);
const problems = async (data: unknown) => (await diagnosticsOf(read(data))).map((d) => [d.file, d.path, d.message]);
const constraints = (data: Record<string, unknown>) => data.constraints as Array<Record<string, unknown>>;
const withPattern = (pattern: string) => {
  const data = plain();
  return { ...data, constraints: constraints(data).map((c) => (c.operator === 'matches' ? { ...c, value: pattern } : c)) };
};
const patternIndex = () => constraints(plain()).findIndex((c) => c.operator === 'matches');

describe('hostile hand-over', () => {
  it('nesting 100,000 levels deep is a clear error, not a stack overflow, in bounded time', async () => {
    const text = `{"schema_version":"1.0","x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const start = performance.now();
    expect(await diagnosticsOf(readHandover(text, LABEL))).toEqual([
      { file: LABEL, message: 'hand-over nests deeper than 64 levels (under "x"); a hand-over written by resolve-persona nests a few levels' },
    ]);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('an OSC sequence in the name (terminal retitling) is refused at its path', async () => {
    expect(await problems({ ...plain(), name: '\u001b]0;pwned\u0007Release' })).toEqual([
      [LABEL, 'name', 'name contains a control character (U+001B) at position 1'],
    ]);
  });

  it('a bidirectional override in a constraint value is refused at its path', async () => {
    const data = plain();
    const index = constraints(data).findIndex((c) => c.operator === 'in');
    const broken = { ...data, constraints: constraints(data).map((c, i) => (i === index ? { ...c, value: ['canary', 'exe.\u202etxt'] } : c)) };
    expect(await problems(broken)).toEqual([
      [LABEL, `constraints[${index}].value[1]`, 'item contains a bidirectional control character (U+202E) at position 5'],
    ]);
  });

  it('a backreference is refused, naming the construct', async () => {
    expect(await problems(withPattern('^(a)\\1$'))).toEqual([
      [
        LABEL,
        `constraints[${patternIndex()}].value`,
        'pattern "^(a)\\\\1$" uses a backreference (\\\\1), which the linear-time engine (RE2 syntax) does not support',
      ],
    ]);
  });

  it('a repeat count the engine refuses is located in a dropped constraint of a conflict too', async () => {
    const data = plain();
    const conflicts = data.conflicts as Array<Record<string, unknown>>;
    expect(conflicts.length).toBeGreaterThan(0);
    const dropped = { parameter: 'branch', operator: 'matches', value: 'x{1,5000}' };
    const broken = { ...data, conflicts: [{ ...conflicts[0], dropped: [dropped] }, ...conflicts.slice(1)] };
    expect(await problems(broken)).toEqual([
      [LABEL, 'conflicts[0].dropped[0].value', 'pattern "x{1,5000}" is not valid RE2 syntax: invalid repeat count ({1,5000})'],
    ]);
  });

  it('a catastrophic-backtracking pattern is legitimate RE2: read at once, never run', async () => {
    const start = performance.now();
    const doc = await read(withPattern('^(a+)+$'));
    expect(doc.constraints[patternIndex()]!.value).toBe('^(a+)+$');
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('a 10 KB risk tolerance is quoted cut to about 60 characters', async () => {
    const [[, path, message]] = (await problems({ ...plain(), risk_tolerance: 'z'.repeat(10_000) })) as [[string, string, string]];
    expect(path).toBe('risk_tolerance');
    expect(message).toBe(`unknown risk tolerance "${'z'.repeat(59)}…" (expected one of low, medium, high)`);
  });

  it('a description with line feeds and tabs is read as written', async () => {
    expect((await read({ ...plain(), description: 'line one\n\tline two' })).description).toBe('line one\n\tline two');
  });
});
