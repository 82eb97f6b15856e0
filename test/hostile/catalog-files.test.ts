/**
 * Hostile catalog files: a library (and so its catalog files) can come from
 * a pull request, another repository or a URL. Each case is a clear located
 * error, in bounded time, never a stack trace; or legitimate input accepted
 * safely.
 */
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { MAX_CATALOG_OPTIONS } from '../../src/persona/catalog-schema.js';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';

const F = 'lib/catalogs.yml';

/** Every diagnostic as users see it; the file must give neither a persona nor a catalog entry. */
function rejected(text: string, file = F): string[] {
  const result = parsePersonaFile(file, text);
  expect(result.definitions).toEqual([]);
  expect(result.catalogs).toEqual([]);
  expect(result.diagnostics.length).toBeGreaterThan(0);
  const shown = result.diagnostics.map(formatDiagnostic);
  for (const line of shown) expect(line).not.toMatch(/\n\s+at |Maximum call stack|TypeError|RangeError/);
  return shown;
}

/** A build catalog file with `options` (YAML lines under `options:`). */
const build = (...options: string[]) => ['catalogs:', '  build:', '    options:', ...options, ''].join('\n');
/** Milliseconds `run` takes. */
const timed = (run: () => void): number => {
  const start = performance.now();
  run();
  return performance.now() - start;
};

describe('hostile catalog files: sizes', () => {
  it(`${MAX_CATALOG_OPTIONS + 1} options are one located error, not one per option, in bounded time`, () => {
    const options = Array.from({ length: MAX_CATALOG_OPTIONS + 1 }, (_, i) => `      - { id: o${i}, parameters: { p: [nested] } }`);
    let shown: string[] = [];
    expect(timed(() => (shown = rejected(build(...options))))).toBeLessThan(1_500);
    expect(shown).toEqual([`${F}:4:7 catalogs.build.options: options has 1001 items, more than 1000`]);
  });

  it(`${MAX_CATALOG_OPTIONS} options are legitimate and read quickly`, () => {
    const options = Array.from({ length: MAX_CATALOG_OPTIONS }, (_, i) => `      - { id: o${i}, parameters: { level: ${i % 4} }, estimates: { cost: ${i} } }`);
    let result = parsePersonaFile(F, '');
    expect(timed(() => (result = parsePersonaFile(F, build(...options))))).toBeLessThan(1_500);
    expect(result.diagnostics).toEqual([]);
    expect(result.catalogs[0]!.options).toHaveLength(MAX_CATALOG_OPTIONS);
    expect(result.catalogs[0]!.options.at(-1)!.origin).toEqual({ file: F, line: 1003, column: 9, path: 'catalogs.build.options[999]' });
  });

  it('1,000 wrong estimates, 51 parameters or 60 keys in one option: one error naming the map and its size', () => {
    const estimates = Array.from({ length: 1_000 }, (_, i) => `m${i}: x`).join(', ');
    let shown: string[] = [];
    expect(timed(() => (shown = rejected(build(`      - { id: a, estimates: { ${estimates} } }`))))).toBeLessThan(1_500);
    expect(shown).toEqual([`${F}:4:29 catalogs.build.options[0].estimates: estimates has 1000 entries, more than 50`]);
    const keys = Array.from({ length: 60 }, (_, i) => `k${i}: 1`).join(', ');
    expect(rejected(build(`      - { id: a, ${keys} }`))).toEqual([`${F}:4:9 catalogs.build.options[0]: options[0] has 61 entries, more than 50`]);
    const parameters = Array.from({ length: 51 }, (_, i) => `p${i}: 1`).join(', ');
    expect(rejected(build(`      - { id: a, parameters: { ${parameters} } }`))).toEqual([
      `${F}:4:30 catalogs.build.options[0].parameters: parameters has 51 entries, more than 50`,
    ]);
  });

  it('1,000 options with one id: each duplicate located, all at once, in bounded time', () => {
    const options = Array.from({ length: MAX_CATALOG_OPTIONS }, () => '      - { id: same }');
    let shown: string[] = [];
    expect(timed(() => (shown = rejected(build(...options))))).toBeLessThan(1_500);
    expect(shown).toHaveLength(MAX_CATALOG_OPTIONS - 1);
    expect(shown[0]).toBe(`${F}:5:15 catalogs.build.options[1].id: option id "same" is already used by options[0]`);
  });

  it('a catalog file over 1 MiB is refused before it is read', () => {
    const text = build(...Array.from({ length: 40_000 }, (_, i) => `      - { id: option-number-${i} }`));
    expect(rejected(text)).toEqual([`${F}: file is larger than 1048576 bytes (1 MiB), the most a persona file may be`]);
  });

  it('10,000-character strings in JSON: an id, a parameter value, a description, a key and a catalog name, each quoted cut short', () => {
    const long = 'a'.repeat(10_000);
    const document = { catalogs: { [long]: {}, build: { options: [{ id: long, description: long, parameters: { p: long, [long]: 1 } }] } } };
    const shown = rejected(JSON.stringify(document), 'lib/catalogs.json');
    expect(shown.map((l) => l.slice(l.indexOf(': ') + 2).replace(/a{40,}…?/g, 'A'))).toEqual([
      'unknown catalog "A" (the catalogs are build, test, instance-types, strategies)',
      'id is longer than 100 characters (10000)',
      'description is longer than 1000 characters (10000)',
      'value is longer than 200 characters (10000)',
      'invalid name "A" in parameters (names are letters, digits, "_", "." or "-", starting with a letter or "_", at most 64 characters)',
    ]);
    for (const line of shown) expect(line.length).toBeLessThan(400);
  });
});

describe('hostile catalog files: values', () => {
  it('NaN, Infinity and numbers too large for a double are refused, located', () => {
    expect(rejected(build('      - { id: a, estimates: { cost: .nan, time: -.inf, size: 1e999 } }'))).toEqual([
      `${F}:4:37 catalogs.build.options[0].estimates.cost: estimate must be a finite number, got NaN`,
      `${F}:4:49 catalogs.build.options[0].estimates.time: estimate must be a finite number, got -Infinity`,
      `${F}:4:62 catalogs.build.options[0].estimates.size: size 1e999 is too large for a number`,
    ]);
    expect(rejected('{"catalogs": {"test": {"options": [{"id": "a", "parameters": {"n": -2e400}}]}}}', 'lib/c.json')).toEqual([
      'lib/c.json:1:68 catalogs.test.options[0].parameters.n: n -2e400 is too large for a number',
    ]);
  });

  it('nested values where scalars belong: maps, lists, deep nesting, nulls', () => {
    const deep = `${'['.repeat(40)}x${']'.repeat(40)}`;
    expect(rejected(build(`      - { id: a, parameters: { m: { k: v }, l: [1], d: ${deep}, n: null }, estimates: { e: [1] } }`))).toEqual([
      `${F}:4:35 catalogs.build.options[0].parameters.m: a parameter must be a string, number or boolean, got object {"k":"v"}`,
      `${F}:4:48 catalogs.build.options[0].parameters.l: a parameter must be a string, number or boolean, got a list`,
      `${F}:4:56 catalogs.build.options[0].parameters.d: a parameter must be a string, number or boolean, got a list`,
      `${F}:4:142 catalogs.build.options[0].parameters.n: a parameter must be a string, number or boolean, got null`,
      `${F}:4:166 catalogs.build.options[0].estimates.e: estimate must be a number, got a list`,
    ]);
  });

  it('control characters and bidirectional overrides in strings are refused, never echoed', () => {
    const shown = rejected(build('      - id: a', '        description: "ok\\u001b]0;pwned\\u0007"', '        parameters: { p: "x\u202Ey" }'));
    expect(shown.map((l) => l.split(' ')[0])).toEqual([`${F}:5:22`, `${F}:6:26`]);
    // eslint-disable-next-line no-control-regex -- the escape, bell and override must not reach the message
    expect(shown.join('\n')).not.toMatch(/[\u001b\u0007\u202e]/);
  });
});

describe('hostile catalog files: structure', () => {
  it('prototype keys anywhere are refused, located, and pollute nothing', () => {
    const text = [
      'catalogs:',
      '  __proto__: { options: [] }',
      '  build:',
      '    metrics: { constructor: lower }',
      '    options:',
      '      - { id: a, parameters: { prototype: 1 }, estimates: { __proto__: 1 } }',
      '',
    ];
    expect(rejected(text.join('\n'))).toEqual([
      `${F}:2:3 catalogs.__proto__: key "__proto__" is not allowed`,
      `${F}:4:16 catalogs.build.metrics.constructor: key "constructor" is not allowed`,
      `${F}:6:32 catalogs.build.options[0].parameters.prototype: key "prototype" is not allowed`,
      `${F}:6:61 catalogs.build.options[0].estimates.__proto__: key "__proto__" is not allowed`,
    ]);
    expect(({} as Record<string, unknown>).options).toBeUndefined();
    expect(({} as Record<string, unknown>).lower).toBeUndefined();
  });

  it('names an object already has (toString, hasOwnProperty) are ordinary, safe names', () => {
    const result = parsePersonaFile(
      F,
      build('      - { id: a, parameters: { toString: 1 }, estimates: { hasOwnProperty: 2 } }').replace(
        '    options:',
        '    metrics: { hasOwnProperty: higher }\n    options:',
      ),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.catalogs[0]!.metrics).toEqual({ hasOwnProperty: 'higher' });
    expect(Object.hasOwn(result.catalogs[0]!.options[0]!.parameters, 'toString')).toBe(true);
  });

  it('an alias bomb is refused at its first alias', () => {
    const bomb = [
      'x-a: &a [x, x, x, x, x, x, x, x, x, x]',
      'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
    ];
    expect(rejected([...bomb, 'catalogs:', '  build:', '    options:', '      - { id: a, parameters: { p: *c } }', ''].join('\n'))).toEqual([
      `${F}:2:10: YAML aliases expand too far (more than 64 expansions)`,
    ]);
  });

  it('an unknown catalog, a persona beside catalogs, and a catalog inside a persona are located errors', () => {
    expect(rejected(['catalogs:', '  deploy: { options: [] }', 'name: Sneaky', 'risk_tolerance: high', ''].join('\n'))).toEqual([
      `${F}:2:3 catalogs.deploy: unknown catalog "deploy" (the catalogs are build, test, instance-types, strategies)`,
      `${F}:3:1 name: unknown key "name" beside "catalogs" (a catalog file holds only "catalogs" and "$schema": personas go in files of their own)`,
      `${F}:4:1 risk_tolerance: unknown key "risk_tolerance" beside "catalogs" (a catalog file holds only "catalogs" and "$schema": personas go in files of their own)`,
    ]);
    expect(rejected(['name: A', 'x-ok: 1', 'personas_: 1', ''].join('\n'))[0]).toMatch(/personas_: unknown key "personas_"/);
    const inside = parsePersonaFile(F, ['personas:', '  - name: A', '  - name: B', '    catalogs: { build: { options: [{ id: x }] } }', ''].join('\n'));
    expect(inside.catalogs).toEqual([]);
    expect(inside.definitions.map((d) => d.definition.id)).toEqual(['a']);
    expect(inside.diagnostics.map(formatDiagnostic)).toEqual([
      `${F}:4:5 personas[1].catalogs: unknown key "catalogs" (catalogs go in a file of their own, whose top level is "catalogs:")`,
    ]);
  });

  it('a YAML document that is not a map, or many documents, is refused like a persona file', () => {
    expect(rejected('- catalogs: {}\n')[0]).toMatch(/^lib\/catalogs\.yml:1:1: expected a persona object or \{ personas: \[\.\.\.\] \}, got a list$/);
    expect(rejected('catalogs:\n  build: {}\n---\ncatalogs:\n  test: {}\n')[0]).toMatch(/^lib\/catalogs\.yml:3:1/);
  });
});
