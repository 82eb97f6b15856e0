import { createPatternEngine, MAX_PATTERN_INSTRUCTIONS } from '../../src/edge/pattern-engine-re2.js';
import { loadPatternEngine } from '../../src/edge/pattern-engine-loader.js';
import { isPatternSyntaxError, PatternSyntaxError } from '../../src/errors/pattern-syntax-error.js';
import { cachingPatternEngine, patternProblem, requirePatternEngine, type PatternEngine } from '../../src/persona/pattern-engine.js';

const engine: PatternEngine = createPatternEngine();

describe('the re2js pattern engine', () => {
  it('searches the value, like RegExp.test: anywhere unless anchored', () => {
    expect(engine.compile('release').test('pre-release-1')).toBe(true);
    expect(engine.compile('^release').test('pre-release-1')).toBe(false);
    expect(engine.compile('^(main|release/.+)$').test('release/1.2')).toBe(true);
    expect(engine.compile('^(main|release/.+)$').test('mainline')).toBe(false);
    expect(engine.compile('\\d+\\.\\d+').test('v1.22')).toBe(true);
    expect(engine.compile('(?i)^MAIN$').test('main')).toBe(true);
    expect(engine.compile('^\\p{L}+$').test('Sécurité')).toBe(true);
  });

  it('matches a catastrophic-backtracking pattern in linear time', () => {
    const start = performance.now();
    expect(engine.compile('^(a+)+$').test(`${'a'.repeat(30_000)}!`)).toBe(false);
    expect(engine.compile('(x+x+)+y').test('x'.repeat(30_000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it.each([
    ['(a)\\1', 'is not valid RE2 syntax: invalid escape sequence (\\\\1)'],
    ['a(?=b)', 'is not valid RE2 syntax: invalid or unsupported Perl syntax ((?=)'],
    ['a{1001}', 'is not valid RE2 syntax: invalid repeat count ({1001})'],
    ['a++', 'is not valid RE2 syntax: invalid nested repetition operator (++)'],
    ['\\u0041', 'is not valid RE2 syntax: invalid escape sequence (\\\\u)'],
  ])('refuses %j with a PatternSyntaxError', (pattern, reason) => {
    let thrown: unknown;
    try {
      engine.compile(pattern);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PatternSyntaxError);
    expect(isPatternSyntaxError(thrown)).toBe(true);
    expect((thrown as PatternSyntaxError).reason).toBe(reason);
  });

  it('cuts the fragment it quotes from re2js (which may quote the rest of the pattern)', () => {
    expect(patternProblem(`(?<${'-'.repeat(200)}>a)`, engine)).toBe(
      `pattern "(?<${'-'.repeat(56)}…" is not valid RE2 syntax: invalid named capture ((?<${'-'.repeat(16)}…)`,
    );
  });

  it(`refuses a program over ${MAX_PATTERN_INSTRUCTIONS} instructions`, () => {
    expect(() => engine.compile('(?:a{1000}|b)'.repeat(11))).toThrow(/is too large for the linear-time engine \(\d+ instructions, at most 10000\)/);
    expect(() => engine.compile('(?:a{1000}|b)'.repeat(9))).not.toThrow();
  });

  it('is what loadPatternEngine gives outside the bundles', async () => {
    expect((await loadPatternEngine()).compile('^a').test('ab')).toBe(true);
  });
});

describe('patternProblem', () => {
  it('names a backreference or lookaround before the engine, and works without one', () => {
    expect(patternProblem('(a)\\1')).toBe('pattern "(a)\\\\1" uses a backreference (\\\\1), which the linear-time engine (RE2 syntax) does not support');
    expect(patternProblem('a(?<!b)', engine)).toBe('pattern "a(?<!b)" uses a lookbehind ((?<!), which the linear-time engine (RE2 syntax) does not support');
    expect(patternProblem('a\\Z')).toBeUndefined();
    expect(patternProblem('a\\Z', engine)).toBe('pattern "a\\\\Z" is not valid RE2 syntax: invalid escape sequence (\\\\Z)');
    expect(patternProblem('^ok$', engine)).toBeUndefined();
  });

  it('refuses a pattern over 1000 characters, quoting only its start', () => {
    expect(patternProblem('a'.repeat(1001))).toBe(`pattern "${'a'.repeat(59)}…" is 1001 characters long, over the 1000 a pattern may have`);
  });

  it('lets other errors of the engine through (a bug, not a user error)', () => {
    expect(() =>
      patternProblem('x', {
        compile: () => {
          throw new TypeError('boom');
        },
      }),
    ).toThrow(TypeError);
  });
});

describe('requirePatternEngine and cachingPatternEngine', () => {
  it('a missing engine is a plain Error', () => {
    expect(() => requirePatternEngine(undefined)).toThrow(/no pattern engine was given/);
    expect(requirePatternEngine(engine)).toBe(engine);
  });

  it('compiles each pattern once', () => {
    const compiled: string[] = [];
    const cached = cachingPatternEngine({ compile: (p) => (compiled.push(p), engine.compile(p)) });
    cached.compile('^a');
    cached.compile('^a');
    cached.compile('^b');
    expect(compiled).toEqual(['^a', '^b']);
  });
});
