/**
 * The zod schema's own messages (the parser adds file and line): control
 * characters named with their position, untrusted values quoted and cut to
 * about 60 characters, `matches` patterns checked for RE2 syntax.
 */
import { describeValue } from '../../src/errors/describe-value.js';
import { formatPath } from '../../src/errors/diagnostic.js';
import { PersonaDefinitionSchema } from '../../src/persona/persona-schema.js';

const issuesOf = (persona: Record<string, unknown>): Array<[string, string]> => {
  const result = PersonaDefinitionSchema.safeParse({ name: 'A', ...persona });
  return result.success ? [] : result.error.issues.map((i) => [formatPath(i.path as Array<string | number>), i.message]);
};
const constraint = (operator: string, value: unknown, parameter = 'p') => ({ constraints: [{ parameter, operator, value }] });
const long = 'x'.repeat(5000);

describe('PersonaDefinitionSchema: control characters', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['name', { name: '\u001b]0;owned\u0007' }, 'name', 'name contains a control character (U+001B) at position 1'],
    ['id', { id: 'a\u0000' }, 'id', 'id contains a control character (U+0000) at position 2'],
    ['extends', { extends: 'base\u202e' }, 'extends', 'extends contains a bidirectional control character (U+202E) at position 5'],
    ['a parameter', constraint('=', 1, 'p\n'), 'constraints[0].parameter', 'parameter contains a control character (U+000A) at position 2'],
    ['a scalar value', constraint('!=', 'a\u007f'), 'constraints[0].value', 'value contains a control character (U+007F) at position 2'],
    ['a list item', constraint('in', ['ok', 'b\u2067']), 'constraints[0].value[1]', 'item contains a bidirectional control character (U+2067) at position 2'],
    ['a pattern', constraint('matches', '^a\tb'), 'constraints[0].value', 'value contains a control character (U+0009) at position 3'],
    [
      'a goal metric',
      { optimization_goals: [{ metric: 'cost\r', weight: 1 }] },
      'optimization_goals[0].metric',
      'metric contains a control character (U+000D) at position 5',
    ],
    [
      'a threshold metric',
      { monitoring_thresholds: [{ metric: '\u0008m', operator: '>', value: 1 }] },
      'monitoring_thresholds[0].metric',
      'metric contains a control character (U+0008) at position 1',
    ],
    [
      'a window',
      { monitoring_thresholds: [{ metric: 'm', operator: '>', value: 1, window: '5m\u0000' }] },
      'monitoring_thresholds[0].window',
      'window contains a control character (U+0000) at position 3',
    ],
    [
      'an action',
      { monitoring_thresholds: [{ metric: 'm', operator: '>', value: 1, action: 'alert\u001b' }] },
      'monitoring_thresholds[0].action',
      'action contains a control character (U+001B) at position 6',
    ],
    [
      'a description',
      { description: 'ok\n\tstill ok\u001b[2J' },
      'description',
      'description contains a control character (U+001B) at position 13 (only line feeds and tabs are allowed)',
    ],
  ])('in %s: one located issue naming the character', (_what, persona, path, message) => {
    expect(issuesOf(persona)).toEqual([[path, message]]);
  });

  it('checks before trimming, so what the JSON schema refuses zod refuses too', () => {
    expect(issuesOf({ name: 'A\n' })).toEqual([['name', 'name contains a control character (U+000A) at position 2']]);
  });

  it('lets a description hold line feeds and tabs', () => {
    expect(issuesOf({ description: 'line one\n\tline two\n' })).toEqual([]);
  });
});

describe('PersonaDefinitionSchema: quoted values are cut', () => {
  it.each<[string, Record<string, unknown>]>([
    ['an unknown operator', constraint(long, 1)],
    ['an invalid id', { id: `X${long}` }],
    ['an unknown action', { monitoring_thresholds: [{ metric: 'm', operator: '>', value: 1, action: long }] }],
    ['an invalid window', { monitoring_thresholds: [{ metric: 'm', operator: '>', value: 1, window: long }] }],
    ['a wrong value type', constraint('<', long)],
    ['a too-long pattern', constraint('matches', long)],
    ['an unknown risk tolerance', { risk_tolerance: long }],
  ])('%s', (_what, persona) => {
    const [issue] = issuesOf(persona);
    expect(issue![1]).toMatch(/"X?x{58,59}…"/);
    expect(issue![1].length).toBeLessThan(200);
  });

  it('describeValue cuts and escapes like quote()', () => {
    expect(describeValue('a\u001bb')).toBe('string "a\\u001bb"');
    expect(describeValue(long)).toBe(`string "${'x'.repeat(59)}…"`);
    expect(describeValue({ a: long })).toBe(`object {"a":"${'x'.repeat(53)}…`);
    expect(describeValue(3)).toBe('number 3');
  });
});

describe('PersonaDefinitionSchema: matches patterns', () => {
  it.each([
    ['(a)\\1', 'pattern "(a)\\\\1" uses a backreference (\\\\1), which the linear-time engine (RE2 syntax) does not support'],
    ['x(?=y)', 'pattern "x(?=y)" uses a lookahead ((?=), which the linear-time engine (RE2 syntax) does not support'],
    ['(?<!y)x', 'pattern "(?<!y)x" uses a lookbehind ((?<!), which the linear-time engine (RE2 syntax) does not support'],
    ['release/([', 'pattern "release/([" is missing a closing ] (a character class is not closed)'],
  ])('locates %j at the value', (pattern, message) => {
    expect(issuesOf(constraint('matches', pattern))).toEqual([['constraints[0].value', message]]);
  });

  it('accepts RE2 patterns JavaScript would refuse, and leaves the rest to the engine', () => {
    expect(issuesOf(constraint('matches', '(?P<v>\\d+)\\z'))).toEqual([]);
    expect(issuesOf(constraint('matches', '^(main|release/.+)$'))).toEqual([]);
  });
});
