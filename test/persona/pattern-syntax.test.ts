import { unsupportedPatternSyntax } from '../../src/persona/pattern-syntax.js';

const ENGINE = 'which the linear-time engine (RE2 syntax) does not support';

describe('unsupportedPatternSyntax', () => {
  it.each([
    ['(a)\\1', `uses a backreference (\\\\1), ${ENGINE}`],
    ['(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10', `uses a backreference (\\\\10), ${ENGINE}`],
    ['(?<q>a)\\k<q>', `uses a backreference (\\\\k<q>), ${ENGINE}`],
    ["(?<q>a)\\k'q'", `uses a backreference (\\\\k'q'), ${ENGINE}`],
    ['a(?=b)', `uses a lookahead ((?=), ${ENGINE}`],
    ['a(?!b)', `uses a lookahead ((?!), ${ENGINE}`],
    ['(?<=a)b', `uses a lookbehind ((?<=), ${ENGINE}`],
    ['(?<!a)b', `uses a lookbehind ((?<!), ${ENGINE}`],
    ['release/([', 'is missing a closing ] (a character class is not closed)'],
    ['(a|b', 'is missing a closing )'],
    ['a)', 'has an unmatched )'],
  ])('names %j', (pattern, reason) => {
    expect(unsupportedPatternSyntax(pattern)).toBe(reason);
  });

  it.each([
    '^(main|release/.+)$',
    '\\d+\\.\\d+',
    '[(?=]',
    '[\\1]x',
    '[]a]',
    '[^]a]',
    '[[:alpha:]]+',
    '\\Q(?=\\1\\E',
    '\\Q(unclosed',
    '(?<name>x)(?P<other>y)',
    '(?i)abc',
    '\\\\1',
    'a\\(',
  ])('accepts %j', (pattern) => {
    expect(unsupportedPatternSyntax(pattern)).toBeUndefined();
  });

  it('cuts a long construct in its message', () => {
    const reason = unsupportedPatternSyntax(`(a)\\k<${'n'.repeat(100)}>`)!;
    expect(reason).toBe(`uses a backreference (\\\\k<), ${ENGINE}`);
  });

  it('scans a long hostile pattern in linear time', () => {
    const start = performance.now();
    expect(unsupportedPatternSyntax('[[:'.repeat(200_000))).toBe('is missing a closing ] (a character class is not closed)');
    expect(unsupportedPatternSyntax('('.repeat(500_000))).toBe('is missing a closing )');
    expect(performance.now() - start).toBeLessThan(500);
  });
});
