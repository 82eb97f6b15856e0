/**
 * Hostile persona content, through the real path (files on disk →
 * buildLibrary → blend): patterns that would backtrack for ever, syntax the
 * linear-time engine refuses, control characters, long values. Each case is
 * a located user error (ConfigurationError, file, line and field, no raw
 * control character, values cut short) in bounded time, or safe acceptance.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveBlend } from '../../src/blend/blend.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { buildLibrary } from '../../src/wiring/build-library.js';

const DIR = '.github/personas';
let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'hostile-content-'));
  mkdirSync(path.join(workspace, DIR), { recursive: true });
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const write = (files: Record<string, string>) => Object.entries(files).forEach(([f, text]) => writeFileSync(path.join(workspace, DIR, f), text));
const build = () => buildLibrary({ library: [DIR], token: '', cache: false }, { workspace, logger: new MemoryLogger() });

/** The formatted diagnostics of the user error `run` fails with, and how long it took. */
async function failure(run: () => Promise<unknown>): Promise<{ errors: string[]; ms: number }> {
  const start = performance.now();
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  const ms = performance.now() - start;
  expect(error).toBeInstanceOf(ConfigurationError);
  const errors = (error as ConfigurationError).diagnostics.map(formatDiagnostic);
  // eslint-disable-next-line no-control-regex -- no message may carry a raw control character
  for (const e of errors) expect(e).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]|\n {4}at /);
  return { errors, ms };
}

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const branch = (operator: string, value: string) => `  - { parameter: branch, operator: ${operator}, value: ${value} }`;
const ENGINE = 'which the linear-time engine (RE2 syntax) does not support';

describe('hostile content: patterns', () => {
  it('a catastrophic-backtracking pattern and a long value never requested do not hang the library build', async () => {
    write({ 'trap.yml': yaml('name: Trap', 'constraints:', branch('in', `["${'a'.repeat(30_000)}!"]`), branch('matches', '"^(a+)+$"')) });
    const { errors, ms } = await failure(build);
    expect(ms).toBeLessThan(1000);
    expect(errors).toEqual([
      expect.stringMatching(/^\.github\/personas\/trap\.yml:3:5 constraints\[0\]: persona "trap" has constraints on "branch" that cannot all hold/),
    ]);
    expect(errors[0]!.length).toBeLessThan(400);
  });

  it("a catastrophic-backtracking pattern filtering another persona's set blends in linear time", async () => {
    write({
      'values.yml': yaml('name: Values', 'constraints:', branch('in', `["${'a'.repeat(30_000)}!", aaaa]`)),
      'pattern.yml': yaml('name: Pattern', 'constraints:', branch('matches', '"^(a+)+$"')),
    });
    const library = await build();
    const start = performance.now();
    expect(resolveBlend(library, 'values+pattern').constraints[0]).toEqual({ parameter: 'branch', operator: '=', value: 'aaaa', from: ['values'] });
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it.each([
    ['a backreference', 52, '"(a)\\\\1"', `pattern "(a)\\\\1" uses a backreference (\\\\1), ${ENGINE}`],
    ['a named backreference', 52, '"(?P<x>a)\\\\k<x>"', `pattern "(?P<x>a)\\\\k<x>" uses a backreference (\\\\k<x>), ${ENGINE}`],
    ['a lookahead', 52, '"^(?!main$)"', `pattern "^(?!main$)" uses a lookahead ((?!), ${ENGINE}`],
    ['a lookbehind', 52, '"(?<=v)\\\\d+"', `pattern "(?<=v)\\\\d+" uses a lookbehind ((?<=), ${ENGINE}`],
    ['a repeat count over 1000', 5, '"^a{2000}$"', 'pattern "^a{2000}$" is not valid RE2 syntax: invalid repeat count ({2000})'],
    ['an escape RE2 does not know', 5, '"end\\\\Z"', 'pattern "end\\\\Z" is not valid RE2 syntax: invalid escape sequence (\\\\Z)'],
  ])('%s is a located error naming the construct (at the value when the parser finds it, else at the constraint)', async (_what, column, pattern, message) => {
    write({ 'p.yml': yaml('name: P', 'constraints:', branch('in', '[main]'), branch('matches', pattern)) });
    expect((await failure(build)).errors).toEqual([`.github/personas/p.yml:4:${column} constraints[1].value: ${message}`]);
  });

  it('a pattern that compiles to a huge program is refused at its constraint', async () => {
    write({ 'big.yml': yaml('name: Big', 'constraints:', branch('matches', JSON.stringify('(?:a{1000}|b)'.repeat(20)))) });
    const { errors, ms } = await failure(build);
    expect(errors).toEqual([
      expect.stringMatching(
        /^\.github\/personas\/big\.yml:3:5 constraints\[0\]\.value: pattern "\(\?:a\{1000\}\|b\)[^"]{46}…" is too large for the linear-time engine \(\d+ instructions, at most 10000\)$/,
      ),
    ]);
    expect(ms).toBeLessThan(1500);
  });

  it('a 100 KB pattern is refused, quoting only its first 60 characters', async () => {
    write({ 'long.yml': yaml('name: Long', 'constraints:', branch('matches', `"${'ab'.repeat(50_000)}"`)) });
    const { errors } = await failure(build);
    expect(errors).toEqual([
      `.github/personas/long.yml:3:52 constraints[0].value: pattern "${'ab'.repeat(29)}a…" is 100000 characters long, over the 1000 a pattern may have`,
    ]);
  });

  it('accepts and applies legitimate RE2 patterns', async () => {
    write({
      'train.yml': yaml('name: Train', 'constraints:', branch('in', '[main, release/1.2, hotfix-7]')),
      'release.yml': yaml(
        'name: Release',
        'constraints:',
        branch('matches', '"^(?:release/\\\\d+\\\\.\\\\d+|main)$"'),
        branch('matches', '"(?i)^[[:alpha:]]"'),
      ),
    });
    const blended = resolveBlend(await build(), 'train+release');
    expect(blended.constraints[0]).toEqual({ parameter: 'branch', operator: 'in', value: ['main', 'release/1.2'], from: ['train'] });
  });
});

describe('hostile content: control characters and long values', () => {
  it.each([
    [
      'an ANSI/OSC sequence in a name',
      yaml('name: "\\e]0;owned\\aEvil"'),
      '.github/personas/p.yml:1:7 name: name contains a control character (U+001B) at position 1',
    ],
    [
      'a bidirectional override in a goal metric',
      yaml('name: P', 'optimization_goals:', '  - { metric: "cost\\u202Etxt", weight: 1 }'),
      '.github/personas/p.yml:3:15 optimization_goals[0].metric: metric contains a bidirectional control character (U+202E) at position 5',
    ],
    [
      'a newline in a threshold metric (summary injection)',
      yaml('name: P', 'monitoring_thresholds:', '  - { metric: "m\\n| forged |", operator: ">", value: 1 }'),
      '.github/personas/p.yml:3:15 monitoring_thresholds[0].metric: metric contains a control character (U+000A) at position 2',
    ],
    [
      'DEL in a list item',
      yaml('name: P', 'constraints:', branch('not_in', '[ok, "x\\x7f"]')),
      '.github/personas/p.yml:3:56 constraints[0].value[1]: item contains a control character (U+007F) at position 2',
    ],
    [
      'a carriage return in a description',
      yaml('name: P', 'description: "one\\rtwo"'),
      '.github/personas/p.yml:2:14 description: description contains a control character (U+000D) at position 4 (only line feeds and tabs are allowed)',
    ],
  ])('%s is a located error that never echoes the character', async (_what, text, message) => {
    write({ 'p.yml': text });
    expect((await failure(build)).errors).toEqual([message]);
  });

  it('a NUL in a parameter of a JSON file is located', async () => {
    write({ 'p.json': JSON.stringify({ name: 'P', constraints: [{ parameter: 'a\u0000b', operator: '=', value: 1 }] }) });
    expect((await failure(build)).errors).toEqual([
      expect.stringMatching(
        /^\.github\/personas\/p\.json:1:\d+ constraints\[0\]\.parameter: parameter contains a control character \(U\+0000\) at position 2$/,
      ),
    ]);
  });

  it('accepts line feeds and tabs in a description, and non-ASCII text anywhere', async () => {
    write({ 'p.yml': yaml('name: Sécurité 安全', 'description: "line one\\n\\tline two"', 'constraints:', branch('=', 'zürich')) });
    const persona = (await build()).get('securite');
    expect([persona.name, persona.description]).toEqual(['Sécurité 安全', 'line one\n\tline two']);
  });

  it('an unknown operator of 10 KB is quoted cut to about 60 characters', async () => {
    write({ 'p.yml': yaml('name: P', 'constraints:', `  - { parameter: p, operator: "${'<'.repeat(10_000)}", value: 1 }`) });
    const { errors } = await failure(build);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`unknown operator "${'<'.repeat(59)}…"`);
    expect(errors[0]!.length).toBeLessThan(250);
  });

  it('nothing is written while the library is refused', async () => {
    write({ 'p.yml': yaml('name: "\\e[2J"') });
    await failure(build);
    expect(readdirSync(workspace)).toEqual(['.github']);
  });
});

describe('hostile content: set requirements', () => {
  const tiers = (operator: string, items: string[]) => `  - { parameter: test_tiers, operator: ${operator}, value: [${items.join(', ')}] }`;
  const many = (n: number, prefix = 'tier') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  it('10,000-item includes lists on both sides build and blend fast, and keep their set form', async () => {
    write({
      'wide.yml': yaml('name: Wide', 'constraints:', tiers('in', many(10_000)), tiers('includes', many(10_000))),
      'other.yml': yaml('name: Other', 'constraints:', tiers('includes', many(10_000).reverse()), tiers('excludes', ['nothing-listed'])),
    });
    const library = await build();
    const start = performance.now();
    const blended = resolveBlend(library, 'wide+other');
    expect(performance.now() - start).toBeLessThan(1000);
    expect(blended.constraints.map((c) => [c.operator, Array.isArray(c.value) ? c.value.length : c.value, c.from])).toEqual([
      ['in', 10_000, ['wide']],
      ['includes', 10_000, ['other', 'wide']],
      ['excludes', 1, ['other']],
    ]);
  });

  it("a 10,000-item requirement outside another persona's set fails fast with a short message naming both personas", async () => {
    write({
      'wide.yml': yaml('name: Wide', 'constraints:', tiers('includes', many(10_000))),
      'narrow.yml': yaml('name: Narrow', 'constraints:', tiers('in', ['unit'])),
    });
    const library = await build();
    const start = performance.now();
    const error = (() => {
      try {
        resolveBlend(library, 'wide+narrow');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(performance.now() - start).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.message).toMatch(
      /^constraints conflict on "test_tiers": "narrow" requires test_tiers in \[unit\] .* but "wide" requires test_tiers includes \[tier-0, .*, … \(9990 more\)\]/,
    );
    expect(error!.message.length).toBeLessThan(600);
  });

  it('a persona requiring 10,000 items it also excludes is a located file error, quoted short', async () => {
    write({ 'self.yml': yaml('name: Self', 'constraints:', tiers('includes', many(10_000)), tiers('excludes', many(10_000).slice(5_000))) });
    const { errors, ms } = await failure(build);
    expect(ms).toBeLessThan(2000);
    expect(errors).toEqual([
      '.github/personas/self.yml:3:5 constraints[0]: persona "self" has constraints on "test_tiers" that cannot all hold: test_tiers includes [tier-0, tier-1, tier-2, tier-3, tier-4, tier-5, tier-6, tier-7, tier-8, tier-9, … (9990 more)] and test_tiers excludes [tier-5000, tier-5001, tier-5002, tier-5003, tier-5004, tier-5005, tier-5006, tier-5007, tier-5008, tier-5009, … (4990 more)] (tier-5000 is required by "includes" but excluded by "excludes")',
    ]);
  });

  it('nested lists and control characters in an includes list are located errors', async () => {
    write({
      'p.yml': yaml(
        'name: P',
        'constraints:',
        '  - { parameter: test_tiers, operator: includes, value: [unit, [security]] }',
        '  - { parameter: test_tiers, operator: excludes, value: ["e2e\\e[2J"] }',
      ),
    });
    const { errors } = await failure(build);
    expect(errors).toEqual([
      '.github/personas/p.yml:3:64 constraints[0].value[1]: items of "includes" must be strings, numbers or booleans, got a list',
      expect.stringMatching(/^\.github\/personas\/p\.yml:4:58 constraints\[1\]\.value\[0\]: item contains /),
    ]);
  });
});
