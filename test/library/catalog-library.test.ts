/**
 * Catalog entries through the library: sources carry their catalog files'
 * entries (the built-in source none), the library keeps them in source
 * order, and what only file order would decide within one source is an
 * error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuiltinSource } from '../../src/library/builtin-source.js';
import { loadLibrary } from '../../src/library/load-library.js';
import { LocalSource } from '../../src/library/local-source.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import { noopLogger } from '../../src/logging/logger.js';
import { buildErrors, lines, source } from './library-fixtures.js';

/** A catalog file giving `catalog` the options `ids`. */
const catalogFile = (catalog: string, ids: string[], replace = false) =>
  lines('catalogs:', `  ${catalog}:`, `    replace: ${replace}`, '    options:', ...ids.map((id) => `      - { id: ${id}, estimates: { cost: 1 } }`));
const PERSONA = lines('name: Team', 'optimization_goals:', '  - { metric: cost, weight: 1 }');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A temporary directory holding `files`. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-library-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('sources carry catalog entries', () => {
  it('parseDocuments gives the personas of persona files and the entries of catalog files, in file order', async () => {
    const result = await source('lib', { 'a.yml': catalogFile('test', ['fuzz']), 'b.yml': PERSONA, 'c.yml': catalogFile('build', ['lto', 'pgo']) });
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['team']);
    expect(result.catalogs!.map((e) => [e.catalog, e.options.map((o) => `${o.id}@${o.origin.file}:${o.origin.line}`)])).toEqual([
      ['test', ['fuzz@a.yml:5']],
      ['build', ['lto@c.yml:5', 'pgo@c.yml:6']],
    ]);
  });

  it('a source without catalog files has no catalogs key, and the built-in source has none', async () => {
    expect(await source('lib', { 'b.yml': PERSONA })).not.toHaveProperty('catalogs');
    expect(await new BuiltinSource().load()).not.toHaveProperty('catalogs');
  });

  it('a local directory gives its catalog files in path order', async () => {
    const ws = tree({ 'lib/2-test.yml': catalogFile('test', ['fuzz']), 'lib/1-build.yaml': catalogFile('build', ['lto']), 'lib/team.yml': PERSONA });
    const result = await new LocalSource({ spec: 'lib', workspace: ws }).load();
    expect(result.catalogs!.map((e) => `${e.catalog}:${e.options[0]!.origin.file}`)).toEqual(['build:lib/1-build.yaml', 'test:lib/2-test.yml']);
    expect(result.definitions).toHaveLength(1);
  });

  it('a catalog file with a problem is a diagnostic of the source, like a persona file', async () => {
    const result = await source('lib', { 'bad.yml': lines('catalogs:', '  tset: {}') });
    expect(result.diagnostics).toEqual([
      { file: 'bad.yml', line: 2, column: 3, path: 'catalogs.tset', message: 'unknown catalog "tset" (did you mean "test"?)' },
    ]);
    expect(result).not.toHaveProperty('catalogs');
  });
});

describe('PersonaLibrary.catalogEntries', () => {
  it('keeps every source entry in source order (a later source wins when merged)', async () => {
    const first = await source('org', { 'x.yml': catalogFile('build', ['lto']) });
    const second = await source('repo', { 'y.yml': catalogFile('build', ['lto'], true), 'z.yml': catalogFile('test', ['fuzz']) });
    const library = PersonaLibrary.build([{ label: 'built-in', definitions: [], diagnostics: [] }, first, second]);
    expect(library.catalogEntries.map((e) => `${e.catalog}:${e.replace}:${e.options[0]!.origin.file}`)).toEqual([
      'build:false:x.yml',
      'build:true:y.yml',
      'test:false:z.yml',
    ]);
  });

  it('is empty for the built-in library alone', async () => {
    const library = await loadLibrary([new BuiltinSource()], noopLogger);
    expect(library.catalogEntries).toEqual([]);
    expect(library.size).toBeGreaterThan(0);
  });

  it('loads a library of catalog files only, beside the built-in personas', async () => {
    const ws = tree({ 'catalogs/build.yml': catalogFile('build', ['lto']) });
    const library = await loadLibrary([new BuiltinSource(), new LocalSource({ spec: 'catalogs', workspace: ws })], noopLogger);
    expect(library.catalogEntries.map((e) => e.options.map((o) => o.id))).toEqual([['lto']]);
    expect(library.ids()).toContain('security-first');
  });

  it('one option id for one catalog in two files of a source is an error at the later one', async () => {
    const result = await source('lib', { 'a.yml': catalogFile('test', ['fuzz', 'mutation']), 'b.yml': catalogFile('test', ['smoke', 'fuzz']) });
    expect(buildErrors([result])).toEqual(['b.yml:6:9 catalogs.test.options[1]: duplicate test option "fuzz": also defined at a.yml:5']);
  });

  it('the same id in two catalogs, or in two sources, is no clash', async () => {
    const one = await source('a', { 'a.yml': catalogFile('test', ['fuzz']), 'b.yml': catalogFile('build', ['fuzz']) });
    const two = await source('b', { 'c.yml': catalogFile('test', ['fuzz']) });
    expect(PersonaLibrary.build([one, two]).catalogEntries).toHaveLength(3);
  });

  it('two files of one source replacing one catalog is an error', async () => {
    const result = await source('lib', { 'a.yml': catalogFile('build', ['one'], true), 'b.yml': catalogFile('build', ['two'], true) });
    expect(buildErrors([result])).toEqual(['b.yml:5:9 catalogs.build.options[0]: catalog "build" is replaced twice in one source: also at a.yml:5']);
  });
});
