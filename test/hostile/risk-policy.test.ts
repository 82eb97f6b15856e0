import { blendPersonas } from '../../src/blend/blend.js';
import { failurePolicy } from '../../src/blend/failure-policy.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { toHandover } from '../../src/handover/handover-document.js';
import { readHandover } from '../../src/handover/read-handover.js';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { persona } from '../blend/fixtures.js';
import { diagnosticsOf } from '../handover/handover-fixtures.js';

const F = '.github/personas/team.yml';
const file = (...policy: string[]) => ['name: Team', 'risk_policy:', ...policy, ''].join('\n');

/** The diagnostics of a file that must give no persona, as users see them, none with a stack trace. */
function rejected(text: string): string[] {
  const result = parsePersonaFile(F, text);
  expect(result.definitions).toEqual([]);
  const shown = result.diagnostics.map(formatDiagnostic);
  expect(shown.length).toBeGreaterThan(0);
  for (const line of shown) expect(line).not.toMatch(/\n\s+at |Maximum call stack/);
  return shown;
}

describe('hostile risk_policy in a persona file', () => {
  it('a 200,000-digit duration: a located error in bounded time, quoting about 60 characters', () => {
    const start = performance.now();
    const shown = rejected(file(`  retry_delay: "${'9'.repeat(200_000)}s"`));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^\.github\/personas\/team\.yml:3:16 risk_policy\.retry_delay: retry_delay "9{50,60}…" is not a duration/);
    expect(shown[0]!.length).toBeLessThan(300);
  });

  it('a near-match that would make a backtracking pattern explode is refused quickly', () => {
    const start = performance.now();
    const shown = rejected(file(`  timeouts: { build: "${'1h'.repeat(50_000)}!" }`));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(shown[0]).toMatch(/^\.github\/personas\/team\.yml:3:22 risk_policy\.timeouts\.build: build timeout ".{55,62}" is not a duration/);
  });

  it.each([
    ['infinity', '.inf'],
    ['not a number', '.nan'],
    ['a number too large for a double', '1e400'],
    ['an enormous whole number', '123456789012345678901234567890'],
  ])('retries of %s: a located error, no persona', (_what, value) => {
    const shown = rejected(file(`  retries: ${value}`));
    expect(shown[0]).toMatch(/^\.github\/personas\/team\.yml:3:12 /);
  });

  it('__proto__ and constructor keys in the policy and its timeouts are refused and pollute nothing', () => {
    const shown = rejected(file('  __proto__: { retries: 10 }', '  timeouts:', '    constructor: { build: 1m }'));
    expect(shown).toEqual([expect.stringMatching(/^\.github\/personas\/team\.yml:3:3 /), expect.stringMatching(/^\.github\/personas\/team\.yml:5:5 /)]);
    expect(({} as Record<string, unknown>).retries).toBeUndefined();
    const json = parsePersonaFile('team.json', '{"name":"Team","risk_policy":{"__proto__":{"after_retries":"continue"}}}');
    expect(json.definitions).toEqual([]);
    expect(({} as Record<string, unknown>).after_retries).toBeUndefined();
  });

  it('control and bidirectional characters in a duration are named, not printed', () => {
    const shown = rejected(file('  retry_delay: "1\\u202Es"', '  after_retries: "fail\\u0000"'));
    expect(shown).toHaveLength(2);
    const joined = shown.join('\n');
    expect(joined).not.toContain('\u202E');
    expect(joined).not.toContain('\u0000');
    expect(shown[0]).toMatch(/risk_policy\.retry_delay: .*U\+202E/);
  });

  it('a 10,000-character unknown key: the message quotes about 60 characters of it', () => {
    const result = parsePersonaFile('team.json', `{"name":"Team","risk_policy":{"${'r'.repeat(10_000)}":1}}`);
    expect(result.definitions).toEqual([]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ file: 'team.json', line: 1, column: 31 });
    expect(result.diagnostics[0]!.message).toMatch(/^unknown key "r{50,60}…"$/);
  });

  it('legitimate extremes are accepted: 0 and 10 retries, 1s and 1h delays, 1m and 6h timeouts', () => {
    for (const [retries, delay, timeout] of [
      [0, '1s', '1m'],
      [10, '1h', '6h'],
      [3, '59m59s', '5h59m60s'],
    ] as const) {
      const result = parsePersonaFile(
        F,
        file(`  retries: ${retries}`, `  retry_delay: ${delay}`, `  timeouts: { build: ${timeout}, test: ${timeout}, deploy: ${timeout} }`),
      );
      expect(result.diagnostics).toEqual([]);
    }
  });
});

describe('hostile risk_policy in a blend and a hand-over', () => {
  it('a heavily weighted persona declaring the loosest policy cannot loosen a careful one', () => {
    const reckless = persona('reckless', {
      risk_tolerance: 'high',
      risk_policy: { retries: 10, retry_delay: '1s', after_retries: 'continue', violations: 'warn', timeouts: { build: '6h', test: '6h', deploy: '6h' } },
    });
    const blended = blendPersonas([
      { persona: reckless, weight: 0.99 },
      { persona: persona('careful', { risk_tolerance: 'low' }), weight: 0.01 },
    ]);
    expect(failurePolicy(blended)).toEqual(failurePolicy({ risk_tolerance: 'low' }));
  });

  it('a tampered hand-over policy is refused with its path, without a stack trace', async () => {
    const doc = toHandover(blendPersonas([{ persona: persona('p', { risk_policy: { retries: 1 } }), weight: 1 }]));
    const tampered = [
      { ...doc, risk_policy: { retries: 1e308, from: ['p'] } },
      { ...doc, risk_policy: { timeouts_ms: { deploy: Number.MAX_SAFE_INTEGER }, from: ['p'] } },
      { ...doc, risk_policy: 'continue' },
      { ...doc, risk_policy: { retries: 1, from: ['p'], after_retries: ['continue'] } },
    ];
    const paths = ['risk_policy.retries', 'risk_policy.timeouts_ms.deploy', 'risk_policy', 'risk_policy.after_retries'];
    for (const [i, data] of tampered.entries()) {
      const diagnostics = await diagnosticsOf(readHandover(JSON.stringify(data), 'persona.json'));
      expect(diagnostics.map((d) => d.path)).toEqual([paths[i]]);
      expect(diagnostics[0]!.message).not.toMatch(/\n\s+at /);
    }
    const polluted = `{"schema_version":"1.2","risk_policy":{"__proto__":{"retries":0},"from":["p"]}}`;
    await expect(readHandover(polluted, 'persona.json')).rejects.toThrow(/key "__proto__" is not allowed/);
  });
});
