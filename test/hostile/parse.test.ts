import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { MAX_NESTING_DEPTH } from '../../src/persona/yaml-limits.js';

const SECRET = 'ghs_S3CR3TS3CR3TS3CR3TS3CR3T';
const GIT_CONFIG = [
  '[core]',
  '\trepositoryformatversion = 0',
  '[remote "origin"]',
  `\turl = https://x-access-token:${SECRET}@github.com/o/r.git`,
  '\tfetch = +refs/heads/*:refs/remotes/origin/*',
  '',
].join('\n');

/** Every diagnostic of a file as users see it; the file must give no persona. */
function rejected(file: string, text: string): string[] {
  const result = parsePersonaFile(file, text);
  expect(result.definitions).toEqual([]);
  expect(result.diagnostics.length).toBeGreaterThan(0);
  const shown = result.diagnostics.map(formatDiagnostic);
  for (const line of shown) expect(line).not.toMatch(/\n\s+at |Maximum call stack/);
  return shown;
}

describe('hostile persona files: messages quote at most the offending token', () => {
  it('a .git/config read as YAML: located, and the credential line is never printed', () => {
    const shown = rejected('.github/personas/x.yml', GIT_CONFIG);
    expect(shown[0]).toMatch(/^\.github\/personas\/x\.yml:\d+:\d+/);
    for (const line of shown) expect(line).not.toContain(SECRET);
  });

  it('a .git/config read as JSON: V8 would quote the source around the token; only the token is quoted', () => {
    const shown = rejected('.github/personas/x.json', `{"url": ${SECRET}}`);
    for (const line of shown) expect(line).not.toContain(SECRET.slice(0, 12));
    expect(shown).toHaveLength(1);
    expect(shown[0]).toBe('.github/personas/x.json:1:9: invalid JSON: unexpected token "g"');
  });

  it('an unknown tag and an unknown key are quoted and cut to about 60 characters', () => {
    const long = 'A'.repeat(500);
    const shown = rejected('a.yml', `name: !${long} x\n`);
    expect(shown[0]).toMatch(/^a\.yml:1:7: Unresolved tag: "!A{58}…"$/);
    const unknown = rejected('a.yml', `name: A\n${long}: 1\n`);
    expect(unknown[0]).toMatch(/unknown key "A{59}…"$/);
    expect(unknown[0]!.match(/"A+…"/)![0].length).toBeLessThanOrEqual(62);
  });
});

describe('hostile persona files: nesting, aliases, numbers', () => {
  it(`nesting deeper than ${MAX_NESTING_DEPTH} levels is a located error, at the first level too deep`, () => {
    const block = ['name: A', 'x-a:', ...Array.from({ length: MAX_NESTING_DEPTH }, (_, i) => `${' '.repeat(2 * i + 2)}k${i}:`)].join('\n') + ' 1\n';
    expect(rejected('a.yml', block)).toEqual([
      `a.yml:${MAX_NESTING_DEPTH + 2}:${2 * MAX_NESTING_DEPTH + 1}: nested deeper than 64 levels of mappings and lists (the most a persona file may have)`,
    ]);
    // One level less is legitimate (the x- key is ignored).
    const ok = ['name: A', 'x-a:', ...Array.from({ length: MAX_NESTING_DEPTH - 2 }, (_, i) => `${' '.repeat(2 * i + 2)}k${i}:`)].join('\n') + ' 1\n';
    expect(parsePersonaFile('a.yml', ok).diagnostics).toEqual([]);
  });

  it('20,000 nested lists in YAML and in JSON: a located error in bounded time, never a stack overflow', () => {
    const start = performance.now();
    const flow = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    expect(rejected('a.yml', `name: A\nx-a: ${flow}\n`)).toEqual([
      `a.yml:2:69: nested deeper than 64 levels of mappings and lists (the most a persona file may have)`,
    ]);
    expect(rejected('a.json', `{"name": "A", "x-a": ${flow}}`)[0]).toMatch(/^a\.json:1:\d+: nested deeper than 64 levels/);
    expect(rejected('a.yml', `name: A\nx-a:\n  ${'- '.repeat(20_000)}x\n`)[0]).toMatch(/^a\.yml:3:\d+: nested deeper than 64 levels/);
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it('an alias bomb is refused at the line and column of its first alias', () => {
    const bomb = [
      'name: A',
      'x-a: &a [x, x, x, x, x, x, x, x, x, x]',
      'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'x-c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      '',
    ];
    expect(rejected('a.yml', bomb.join('\n'))).toEqual(['a.yml:3:10: YAML aliases expand too far (more than 64 expansions)']);
  });

  it('aliases that stack nesting past the bound are refused, located', () => {
    // Each anchor nests 60 levels (under the bound); five aliases stack them to 300.
    const lines = ['name: A', 'x-0: &a0 [x]'];
    for (let i = 1; i <= 5; i++) lines.push(`x-${i}: &a${i} ${'['.repeat(60)}*a${i - 1}${']'.repeat(60)}`);
    lines.push('deep: *a5');
    const shown = rejected('a.yml', `${lines.join('\n')}\n`);
    expect(shown).toEqual(['a.yml:3:70: aliases nest the data deeper than 256 levels']);
  });

  it('1e309 says it is too large for a number, naming the token and its place', () => {
    const text =
      'name: A\nconstraints:\n  - { parameter: p, operator: "<", value: 1e309 }\nmonitoring_thresholds:\n  - { metric: m, operator: ">", value: -2e400 }\n';
    expect(rejected('a.yml', text)).toEqual([
      'a.yml:3:43 constraints[0].value: value 1e309 is too large for a number',
      'a.yml:5:40 monitoring_thresholds[0].value: value -2e400 is too large for a number',
    ]);
    expect(rejected('a.json', '{"name": "A", "optimization_goals": [{"metric": "m", "weight": 1e999}]}')).toEqual([
      'a.json:1:64 optimization_goals[0].weight: weight 1e999 is too large for a number',
    ]);
  });
});

describe('hostile persona files: the fast path never lets through what the schema refuses', () => {
  it('a __proto__ key in plain YAML is refused and pollutes nothing', () => {
    expect(rejected('a.yml', 'name: A\n__proto__:\n  risk_tolerance: low\n')).toEqual(['a.yml:2:1 __proto__: key "__proto__" is not allowed']);
    expect(({} as Record<string, unknown>).risk_tolerance).toBeUndefined();
  });

  it('control characters and bidirectional overrides in plain values are refused with their place', () => {
    const shown = rejected('a.yml', 'name: "A\\u001b]0;pwned\\u0007"\nconstraints:\n  - { parameter: p, operator: "=", value: "x\u202Ey" }\n');
    expect(shown.map((l) => l.split(' ')[0])).toEqual(['a.yml:1:7', 'a.yml:3:43']);
    // eslint-disable-next-line no-control-regex -- the escape, bell and override must not reach the message
    expect(shown.join('\n')).not.toMatch(/[\u001b\u0007\u202e]/);
  });

  it('legitimate files with odd but valid content are accepted: quotes, comments, unicode, a no-break space', () => {
    const text =
      "# team\nname: 'Équipe ''Rouge'''  # comment\ndescription: \"Line one\\nLine two\\tend\"\nid: rouge\nconstraints:\n  - { parameter: branch, operator: matches, value: '^release/[0-9]+$' }\n";
    const result = parsePersonaFile('a.yml', text);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions[0]!.definition).toMatchObject({ id: 'rouge', name: "Équipe 'Rouge'", description: 'Line one\nLine two\tend' });
  });
});
