/**
 * Catalog files: a library file whose top level is `catalogs:` gives
 * catalog entries, located like personas, with every problem reported at
 * once; it skips the fast path; schema/catalog.schema.json is fresh and as
 * strict as the parser.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { CATALOG_NAMES, catalogJsonSchemaText } from '../../src/persona/catalog-schema.js';
import { validCatalogs } from '../../src/persona/parse-catalogs.js';
import { readFull } from '../../src/persona/parse-full.js';
import { readPersonaFile } from '../../src/persona/parse-persona-core.js';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { validEntries } from '../../src/persona/parse-with-zod.js';
import { everyPropertyDescribed, strictAjv } from '../handover/json-schema-checks.js';
import { lines } from './helpers.js';

const F = '.github/personas/catalogs.yml';
const errorsOf = (text: string, file = F): string[] => parsePersonaFile(file, text).diagnostics.map(formatDiagnostic);

/** The contract's example. */
const EXAMPLE = lines(
  '$schema: ../../schema/catalog.schema.json',
  'catalogs:',
  '  build:',
  '    replace: false              # optional; true replaces the built-in options',
  '    metrics: { carbon: lower }  # directions of metrics new to this catalog',
  '    goals: { sustainability: carbon }',
  '    options:',
  '      - id: release-lto',
  '        description: Release with LTO',
  '        parameters: { optimization_level: 3, lto: true, hardening: false, runner_size: large }',
  '        estimates: { build_time: 9, performance: 0.97, cost: 3 }',
  '      - id: green',
  '        estimates: { carbon: 1 }',
);

describe('catalog files: valid', () => {
  it('gives one entry per catalog, each option with its file, line, column and path, and no persona', () => {
    const result = parsePersonaFile(F, EXAMPLE);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions).toEqual([]);
    expect(result.catalogs).toEqual([
      {
        catalog: 'build',
        replace: false,
        metrics: { carbon: 'lower' },
        goals: { sustainability: 'carbon' },
        options: [
          {
            id: 'release-lto',
            description: 'Release with LTO',
            parameters: { optimization_level: 3, lto: true, hardening: false, runner_size: 'large' },
            estimates: { build_time: 9, performance: 0.97, cost: 3 },
            origin: { file: F, line: 8, column: 9, path: 'catalogs.build.options[0]' },
          },
          { id: 'green', parameters: {}, estimates: { carbon: 1 }, origin: { file: F, line: 12, column: 9, path: 'catalogs.build.options[1]' } },
        ],
      },
    ]);
  });

  it('keeps the catalogs in file order, defaults replace/metrics/goals, and ignores x- keys', () => {
    const text = lines(
      'x-owner: platform',
      'catalogs:',
      '  test:',
      '    options:',
      '      - { id: fuzz, x-note: later, estimates: { duration: 30 } }',
      '  build:',
      '    replace: true',
      '    options: [{ id: only }]',
    );
    const { catalogs, diagnostics } = parsePersonaFile(F, text);
    expect(diagnostics).toEqual([]);
    expect(catalogs.map((c) => [c.catalog, c.replace, c.metrics, c.goals, c.options.map((o) => o.id)])).toEqual([
      ['test', false, {}, {}, ['fuzz']],
      ['build', true, {}, {}, ['only']],
    ]);
    expect(catalogs[0]!.options[0]).not.toHaveProperty('x-note');
  });

  it('reads strict JSON catalog files, located by line and column', () => {
    const text = JSON.stringify({ catalogs: { test: { options: [{ id: 'mutation', estimates: { duration: 40, coverage: 5 } }] } } }, null, 2);
    const { catalogs, diagnostics } = parsePersonaFile('lib/catalogs.json', text);
    expect(diagnostics).toEqual([]);
    expect(catalogs[0]!.options[0]!.origin).toEqual({ file: 'lib/catalogs.json', line: 5, column: 9, path: 'catalogs.test.options[0]' });
  });

  it('exports the catalog names the parser accepts', () => {
    expect(CATALOG_NAMES).toEqual(['build', 'test', 'instance-types', 'strategies']);
  });
});

describe('catalog files: located errors, every one at once', () => {
  it('misspelled keys and catalog names get a "did you mean", each at its line and column', () => {
    const text = lines(
      'catalogs:',
      '  buidl:',
      '    options: []',
      '  test:',
      '    replce: true',
      '    options:',
      '      - id: unit',
      '        estimate: { duration: 1 }',
    );
    expect(errorsOf(text)).toEqual([
      `${F}:2:3 catalogs.buidl: unknown catalog "buidl" (did you mean "build"?)`,
      `${F}:5:5 catalogs.test.replce: unknown key "replce" (did you mean "replace"?)`,
      `${F}:8:9 catalogs.test.options[0].estimate: unknown key "estimate" (did you mean "estimates"?)`,
    ]);
  });

  it('an unknown catalog with nothing close lists the catalogs', () => {
    expect(errorsOf(lines('catalogs:', '  deploy: { options: [] }'))).toEqual([
      `${F}:2:3 catalogs.deploy: unknown catalog "deploy" (the catalogs are build, test, instance-types, strategies)`,
    ]);
  });

  it('wrong values: types, directions, ids, duplicates, an empty replacement', () => {
    const text = lines(
      'catalogs:',
      '  build:',
      '    replace: yes',
      '    metrics: { carbon: down }',
      '    goals: { green: 3 }',
      '    options:',
      '      - id: Fast',
      '      - id: fast',
      '        parameters: { lto: [true] }',
      '        estimates: { cost: cheap }',
      '      - id: fast',
      '  test:',
      '    replace: true',
      '    options: []',
    );
    expect(errorsOf(text)).toEqual([
      `${F}:3:14 catalogs.build.replace: replace must be true or false, got string "yes"`,
      `${F}:4:24 catalogs.build.metrics.carbon: a metric direction must be lower or higher, got string "down"`,
      `${F}:5:21 catalogs.build.goals.green: metric must be a string, got number 3`,
      `${F}:7:13 catalogs.build.options[0].id: invalid option id "Fast" (ids are [a-z0-9][a-z0-9-]*)`,
      `${F}:9:28 catalogs.build.options[1].parameters.lto: a parameter must be a string, number or boolean, got a list`,
      `${F}:10:28 catalogs.build.options[1].estimates.cost: estimate must be a number, got string "cheap"`,
      `${F}:11:13 catalogs.build.options[2].id: option id "fast" is already used by options[1]`,
      `${F}:14:14 catalogs.test.options: replace: true needs at least one option (a catalog with no options can choose nothing)`,
    ]);
    expect(parsePersonaFile(F, text).catalogs).toEqual([]);
  });

  it('keeps the valid catalog of a file whose other catalog is wrong (the file still fails)', () => {
    const result = parsePersonaFile(F, lines('catalogs:', '  build: { options: [{ id: ok }] }', '  test: { options: [{ id: 7 }] }'));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([`${F}:3:27 catalogs.test.options[0].id: id must be a string, got number 7`]);
    expect(result.catalogs.map((c) => c.catalog)).toEqual(['build']);
  });

  it('a catalog or an option that is not a map, and catalogs with no catalog', () => {
    expect(errorsOf(lines('catalogs:', '  build:', '  test: { options: [unit] }'))).toEqual([
      `${F}:2:9 catalogs.build: catalogs.build must be a catalog object, got null`,
      `${F}:3:21 catalogs.test.options[0]: catalogs.test.options[0] must be a catalog option object with an id, got string "unit"`,
    ]);
    expect(errorsOf('catalogs: {}\n')).toEqual([`${F}:1:11 catalogs: catalogs must name at least one catalog (build, test, instance-types, strategies)`]);
    expect(errorsOf('catalogs: [build]\n')).toEqual([
      `${F}:1:11 catalogs: catalogs must be a map of catalog names (build, test, instance-types, strategies) to entries, got a list`,
    ]);
  });

  it('personas beside catalogs, or catalogs inside a persona, point to files of their own', () => {
    expect(errorsOf(lines('name: Team', 'catalogs:', '  build: { options: [{ id: a }] }'))).toEqual([
      `${F}:1:1 name: unknown key "name" beside "catalogs" (a catalog file holds only "catalogs" and "$schema": personas go in files of their own)`,
    ]);
    expect(errorsOf(lines('personas:', '  - name: A', '    catalogs: {}'))).toEqual([
      `${F}:3:5 personas[0].catalogs: unknown key "catalogs" (catalogs go in a file of their own, whose top level is "catalogs:")`,
    ]);
    expect(errorsOf(lines('name: A', 'catalog: {}'))).toEqual([`${F}:2:1 catalog: unknown key "catalog" (did you mean "catalogs"?)`]);
  });
});

describe('catalog files: which path reads them', () => {
  /** The pipeline with counting paths. */
  function traced(text: string): { full: number; zod: number; catalogs: number } {
    const calls = { full: 0, zod: 0, catalogs: 0 };
    readPersonaFile(F, text, {
      full: () => (calls.full++, readFull),
      zod: () => (calls.zod++, validEntries),
      catalogs: () => (calls.catalogs++, validCatalogs),
    });
    return calls;
  }

  it('a block-style catalog file goes straight to the yaml library and the catalogs path', () => {
    expect(traced(EXAMPLE)).toEqual({ full: 1, zod: 0, catalogs: 1 });
  });

  it('a flow-style one is routed on its parsed keys', () => {
    expect(traced('{ catalogs: { build: { options: [{ id: a }] } } }\n')).toEqual({ full: 1, zod: 0, catalogs: 1 });
  });

  it('a plain persona file still takes the fast path alone, even with "catalogs" in its text', () => {
    expect(traced(lines('name: Catalogs', 'description: "catalogs: not a key"'))).toEqual({ full: 0, zod: 0, catalogs: 0 });
  });
});

describe('schema/catalog.schema.json', () => {
  const text = catalogJsonSchemaText();
  const schema = JSON.parse(text) as Record<string, unknown>;
  const validate = strictAjv().compile(schema);

  it('is fresh (npm run generate) and describes every property', () => {
    expect(readFileSync(path.join(import.meta.dirname, '../../schema/catalog.schema.json'), 'utf8')).toBe(text);
    expect(everyPropertyDescribed(schema)).toEqual([]);
  });

  const documents: Array<[string, string]> = [
    ['the example', EXAMPLE],
    ['an unknown catalog', lines('catalogs:', '  deploy: { options: [] }')],
    ['no catalog', 'catalogs: {}\n'],
    ['a bad direction', lines('catalogs:', '  build: { metrics: { carbon: down } }')],
    ['a nested parameter', lines('catalogs:', '  build: { options: [{ id: a, parameters: { p: { q: 1 } } }] }')],
    ['a long parameter string', lines('catalogs:', `  build: { options: [{ id: a, parameters: { p: ${'x'.repeat(201)} } }] }`)],
    ['51 estimates', lines('catalogs:', `  build: { options: [{ id: a, estimates: { ${Array.from({ length: 51 }, (_, i) => `m${i}: 1`).join(', ')} } }] }`)],
    ['a bad key name', lines('catalogs:', '  build: { options: [{ id: a, estimates: { "bad key": 1 } }] }')],
    ['a persona key', lines('name: A', 'catalogs:', '  build: { options: [] }')],
    ['x- keys', lines('x-a: 1', 'catalogs:', '  test: { x-b: 2, options: [{ id: a, x-c: 3 }] }')],
  ];
  it.each(documents)('agrees with the parser on %s', (_name, document) => {
    const parsed = parsePersonaFile(F, document);
    expect(validate(parse(document))).toBe(parsed.diagnostics.length === 0);
  });
});
