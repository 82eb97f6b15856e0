import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { prng, syntheticLibrary } from '../../bench/synthetic-library.js';
import { fastEntries } from '../../src/persona/fast-persona-check.js';
import { readFull } from '../../src/persona/parse-full.js';
import { readPersonaFile } from '../../src/persona/parse-persona-core.js';
import { validEntries } from '../../src/persona/parse-with-zod.js';
import { validCatalogs } from '../../src/persona/parse-catalogs.js';

const PATHS = { full: () => readFull, zod: () => validEntries, catalogs: () => validCatalogs };

const root = path.resolve(import.meta.dirname, '../..');

/** Both paths over one file: the fast path (the yaml library and zod only when it cannot prove the file valid) and the library with zod alone. */
function bothPaths(file: string, text: string): { fast: string; zod: string } {
  const fast = JSON.stringify(readPersonaFile(file, text, PATHS));
  const zod = JSON.stringify(readPersonaFile(file, text, PATHS, { fast: false }));
  return { fast, zod };
}

/** The bench's synthetic personas as persona files (what a user would write: no derived fields). */
function syntheticFiles(count: number): Array<[string, string]> {
  return syntheticLibrary(count).map(({ definition }, i) => {
    const { id: _id, ...written } = definition;
    return [`bench/persona-${i}.${i % 4 === 0 ? 'json' : 'yml'}`, i % 4 === 0 ? JSON.stringify(written) : stringify(written)];
  });
}

/** Values that break some rule somewhere: wrong types, blanks, control characters, odd numbers, hostile patterns. */
const HOSTILE_VALUES: unknown[] = [
  null,
  '',
  '   ',
  ' padded ',
  'tab\there',
  'line\nbreak',
  'esc\u001b[2J',
  'bidi\u202eevil',
  'nul\u0000',
  'del\u007f',
  'sep\u2028',
  'bom\ufeff',
  'nbsp\u00a0 ',
  '\u00a0lead',
  -1,
  0,
  0.5,
  1,
  1.5,
  1e308,
  Number.NaN,
  true,
  [],
  [1, [2]],
  ['a', { b: 1 }],
  {},
  { metric: 'x', weight: 0.1 },
  'x'.repeat(2000),
  '^(a+)+$',
  '(a)\\1',
  '(?=x)',
  '(?<name>x)\\k<name>',
  'a{1001}',
  '[z-a]',
  '(?i)abc',
  '\\pL',
  'release/([',
  '^[a-z]{2,}$',
  'switch:other',
  'switch:Bad',
  '5m',
  '5 minutes',
  'warning',
  'rollback',
  'in',
  'includes',
  'excludes',
  'matches',
  '>=',
  'Cost Optimization',
  '!!!',
  '__proto__',
];

/** A persona with one random field (possibly nested, possibly new) replaced by a hostile value. */
function mutate(persona: Record<string, unknown>, rand: () => number): Record<string, unknown> {
  const copy = structuredClone(persona) as Record<string, unknown>;
  let target: Record<string, unknown> | unknown[] = copy;
  for (let depth = 0; depth < 3; depth++) {
    const keys = Array.isArray(target) ? target.map((_v, i) => i) : Object.keys(target);
    if (!keys.length || rand() < 0.3) break;
    const key = keys[Math.floor(rand() * keys.length)]!;
    const next = (target as Record<string | number, unknown>)[key];
    if (next === null || typeof next !== 'object') break;
    target = next as Record<string, unknown> | unknown[];
  }
  const keys = Array.isArray(target) ? target.map((_v, i) => String(i)) : [...Object.keys(target), 'unknown_key', 'id', 'window', 'x-ext'];
  const key = keys[Math.floor(rand() * keys.length)]!;
  const value = HOSTILE_VALUES[Math.floor(rand() * HOSTILE_VALUES.length)];
  if (rand() < 0.1 && !Array.isArray(target)) delete target[key];
  else (target as Record<string, unknown>)[key] = value;
  return copy;
}

describe('the fast path agrees with zod', () => {
  it('on every built-in persona and every ```yaml persona of the README, each accepted by the fast path', () => {
    const files: Array<[string, string]> = readdirSync(path.join(root, 'personas'))
      .filter((f) => f.endsWith('.yml'))
      .map((f) => [`personas/${f}`, readFileSync(path.join(root, 'personas', f), 'utf8')]);
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const [, block] of readme.matchAll(/```yaml\n([\s\S]*?)```/g)) if (/^(name|personas):/m.test(block!)) files.push(['README.yml', block!]);
    expect(files.length).toBeGreaterThan(7);
    for (const [file, text] of files) {
      const { fast, zod } = bothPaths(file, text);
      expect({ file, fast }).toEqual({ file, fast: zod });
    }
    const builtin = readFileSync(path.join(root, 'personas/balanced.yml'), 'utf8');
    expect(JSON.parse(bothPaths('personas/balanced.yml', builtin).fast).definitions).toHaveLength(1);
  });

  it("on the bench's synthetic library (YAML and JSON), all of it proved by the fast path", () => {
    for (const [file, text] of syntheticFiles(8)) {
      const { fast, zod } = bothPaths(file, text);
      expect(fast).toBe(zod);
      expect(JSON.parse(fast).diagnostics).toEqual([]);
    }
    const data = syntheticLibrary(1)[0]!.definition;
    expect(fastEntries(JSON.parse(JSON.stringify({ ...data, id: undefined })) as Record<string, unknown>)).toHaveLength(1);
  });

  it('on 250 mutated personas: same acceptance, same output, same diagnostics', () => {
    const rand = prng(7);
    // Small bases (every kind of constraint, goal and threshold) keep the suite fast.
    const bases = syntheticLibrary(20).map(({ definition: d }) => ({
      ...d,
      constraints: d.constraints.slice(0, 5),
      optimization_goals: d.optimization_goals.slice(0, 3),
      monitoring_thresholds: d.monitoring_thresholds.slice(0, 3),
    })) as unknown as Array<Record<string, unknown>>;
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 250; i++) {
      const persona = mutate(bases[i % bases.length]!, rand);
      const text = i % 3 === 0 ? JSON.stringify(persona) : stringify(persona);
      const { fast, zod } = bothPaths(i % 3 === 0 ? 'm.json' : 'm.yml', text);
      expect({ i, text: text.slice(0, 300), fast }).toEqual({ i, text: text.slice(0, 300), fast: zod });
      if (JSON.parse(fast).diagnostics.length) rejected++;
      else accepted++;
    }
    // Both outcomes are well represented, so the comparison means something.
    expect(accepted).toBeGreaterThan(30);
    expect(rejected).toBeGreaterThan(30);
  });

  it('on hostile files: never accepts what zod rejects', () => {
    const hostile = [
      'name: " A "\nid: a\n',
      'name: A\nconstraints:\n  - { parameter: " p ", operator: "=", value: " v " }\n',
      'name: A\noptimization_goals:\n  - { metric: cost, weight: 0.5 }\n  - { metric: " cost ", weight: 0.2 }\n',
      'name: A\nconstraints:\n  - { parameter: p, operator: "<", value: 1e309 }\n',
      'name: A\nconstraints:\n  - { parameter: p, operator: "<", value: .inf }\n',
      'name: A\nconstraints:\n  - { parameter: p, operator: matches, value: "(a)\\\\1" }\n',
      'name: A\nconstraints:\n  - { parameter: p, operator: matches, value: "(?=a)" }\n',
      'name: A\nconstraints:\n  - { parameter: p, operator: in, value: ["a\\u001b[31m"] }\n',
      'name: A\nconstraints:\n  - { parameter: test_tiers, operator: includes, value: [unit, security] }\n  - { parameter: test_tiers, operator: excludes, value: [e2e] }\n',
      'name: A\nconstraints:\n  - { parameter: test_tiers, operator: includes, value: [] }\n',
      'name: A\nconstraints:\n  - { parameter: test_tiers, operator: excludes, value: unit }\n',
      'name: A\nconstraints:\n  - { parameter: test_tiers, operator: includes, value: [[unit]] }\n',
      'name: A\nconstraints:\n  - { parameter: test_tiers, operator: excludes, value: [{ tier: unit }] }\n',
      'name: A\nconstraints:\n  - { parameter: test_tiers, operator: includes, value: ["a\\u001b[31m"] }\n',
      'name: A\nconstraints:\n  - { parameter: test_tiers, operator: includes, value: [unit] }\n  - { parameter: test_tiers, operator: excludes, value: [unit] }\n',
      'name: "\\u202Eevil"\n',
      'name: "!!!"\n',
      'personas:\n  - name: A\n  - name: A\n    risk_tolerance: extreme\n',
      'personas: []\n',
      'name: A\ndescription: "line\\nbreak\\tand tab"\n',
      'name: A\ndescription: "esc \\u001b"\n',
      'name: A\nmonitoring_thresholds:\n  - { metric: m, operator: ">", value: 1, action: "switch:other" }\n',
    ];
    for (const text of hostile) {
      const { fast, zod } = bothPaths('h.yml', text);
      expect({ text, fast }).toEqual({ text, fast: zod });
    }
  });
});
