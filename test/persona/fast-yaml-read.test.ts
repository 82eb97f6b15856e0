import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { prng, syntheticLibrary } from '../../bench/synthetic-library.js';
import { fastOffset, fastReadYaml } from '../../src/persona/fast-yaml-read.js';
import { readFull } from '../../src/persona/parse-full.js';
import { positionsOf } from '../../src/persona/yaml-positions.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Every path to a value of `data`. */
function pathsOf(data: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(data)) return [prefix, ...data.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (data && typeof data === 'object') return [prefix, ...Object.entries(data).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return [prefix];
}

/** When the fast reader reads `text`, it gives the yaml library's data and positions. Returns whether it read it. */
function agrees(text: string): boolean {
  const fast = fastReadYaml(text);
  if (!fast) return false;
  const doc = parseDocument(text, { uniqueKeys: true, strict: true, merge: false, prettyErrors: false, logLevel: 'error' });
  expect({ text, errors: doc.errors.map((e) => e.message) }).toEqual({ text, errors: [] });
  expect({ text, data: JSON.stringify(fast.data) }).toEqual({ text, data: JSON.stringify(doc.toJS()) });
  const full = readFull(text, false, () => undefined)!;
  const at = positionsOf(text);
  for (const p of [...pathsOf(fast.data), ['missing'], ['constraints', 99, 'x']])
    for (const key of [false, true]) expect({ text, p, key, at: at(fastOffset(fast, p, key)) }).toEqual({ text, p, key, at: full.locate(p, key) });
  return true;
}

const builtins = readdirSync(path.join(root, 'personas')).map((f) => readFileSync(path.join(root, 'personas', f), 'utf8'));

describe('fastReadYaml', () => {
  it('reads every built-in persona and the synthetic library as the yaml library does', () => {
    for (const text of builtins) expect(agrees(text)).toBe(true);
    for (const { definition } of syntheticLibrary(2)) expect(agrees(stringify(definition))).toBe(true);
    expect(agrees(stringify({ personas: syntheticLibrary(2).map((d) => d.definition) }))).toBe(true);
  });

  it('reads the plain forms persona files use: comments, flow lists and maps, quotes, numbers, booleans, null', () => {
    const text = [
      '# a comment',
      'name: "Quoted: name"   # trailing comment',
      "id: 'it''s'",
      'description: plain text with # inside and a:colon',
      'x-a: [1, -2, 0.5, 10.25, true, False, null, ~, "a, b", \'c\', [], {}]',
      'x-b: { k: v, "q k": 1, n: { m: [x] } }',
      'constraints:',
      '- parameter: p',
      '  operator: matches',
      '  value: ^[a-z]{2,}$',
      '-   { parameter: q, operator: in, value: [a, b] }',
      'x-c:',
      '  - - nested',
      '    - list',
      '  -',
      '    k: v',
      '',
    ].join('\n');
    expect(agrees(text)).toBe(true);
    // Only spaces are YAML white space: a no-break space is part of the value.
    expect(agrees('name: \u00a0A\u00a0\n')).toBe(true);
  });

  it('leaves everything outside the subset to the library', () => {
    const outside = [
      'name: A\n\tid: a\n',
      'name: A\r\n',
      'name: &x A\nid: *x\n',
      'name: !tag A\n',
      'description: |\n  block\n',
      'description: >\n  folded\n',
      'name: "esc\\n"\n',
      'name: a\n  continued\n',
      '---\nname: A\n',
      'name: A\n---\nname: B\n',
      'name: A\nname: B\n',
      '__proto__: {}\nname: A\n',
      'x: { __proto__: 1 }\nname: A\n',
      'x: 1e3\nname: A\n',
      'x: 0x1F\nname: A\n',
      'x: +1\nname: A\n',
      'x: 007\nname: A\n',
      'x: .inf\nname: A\n',
      'x: 12345678901234567890\nname: A\n',
      'x: [a, b,]\nname: A\n',
      'x: [a,\n  b]\nname: A\n',
      'true: 1\nname: A\n',
      'x:\nname: A\n',
      '- a\n- b\n',
      'name: "unterminated\n',
      'name: a: b\n',
      'name: A\n  x: 1\n',
      'name: A\u2028B\n',
      'x: ' + '['.repeat(70) + ']'.repeat(70) + '\nname: A\n',
    ];
    for (const text of outside) expect({ text, read: fastReadYaml(text) }).toEqual({ text, read: undefined });
  });

  it('agrees with the library on 1,500 random small documents whenever it reads one', () => {
    const rand = prng(11);
    const atoms = [
      'a',
      'b c',
      '-1',
      '0',
      '1.5',
      '2.',
      '.5',
      '1e2',
      'true',
      'no',
      'null',
      '~',
      '"q"',
      "'s'",
      "'it''s'",
      'x: y',
      'a#b',
      'a #b',
      '[a]',
      '{a: b}',
      '[]',
      '{}',
      '#',
      '- x',
      '?',
      '%',
      '@x',
      '`x',
      '5m',
      'release/.*',
      '^[a-z]{2,}$',
      '',
      ' ',
      'É',
      ':',
      'a:',
      '"a\\"b"',
    ];
    const pick = () => atoms[Math.floor(rand() * atoms.length)]!;
    let read = 0;
    for (let i = 0; i < 1500; i++) {
      const lines = ['name: A'];
      for (let l = 0; l < 4; l++) {
        const shapes = [
          `k${l}: ${pick()}`,
          `k${l}: [${pick()}, ${pick()}]`,
          `k${l}: { a: ${pick()}, b: ${pick()} }`,
          `k${l}:\n  - ${pick()}\n  -  ${pick()}`,
          `k${l}:\n- ${pick()}`,
          `k${l}:\n    a: ${pick()}\n    b: [${pick()}]`,
          `k${l}:\n  - a: ${pick()}\n    b: ${pick()}`,
        ];
        lines.push(shapes[Math.floor(rand() * shapes.length)]!);
      }
      if (agrees(`${lines.join('\n')}\n`)) read++;
    }
    expect(read).toBeGreaterThan(25);
  });
});
