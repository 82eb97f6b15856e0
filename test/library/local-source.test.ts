import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import { LocalSource } from '../../src/library/local-source.js';

const persona = (name: string) => `name: ${name}\nrisk_tolerance: low\n`;

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'local-source-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const ids = async (source: LocalSource) => (await source.load()).definitions.map((d) => `${d.definition.id}@${d.origin.file}`);
const failure = async (source: LocalSource) => {
  const error = await source.load().catch((e: unknown) => e);
  expect(isConfigurationError(error)).toBe(true);
  return (error as Error).message;
};

describe('LocalSource', () => {
  const ws = tree({
    'personas/a.yml': persona('A'),
    'personas/nested/b.yaml': persona('B'),
    'personas/nested/deeper/c.json': '{ "name": "C" }',
    'personas/.hidden.yml': persona('Hidden'),
    'personas/notes.md': '# not a persona',
    'other/d.yml': persona('D'),
    'readme.txt': 'text',
  });

  it('reads one file, named relative to the workspace', async () => {
    expect(await ids(new LocalSource({ spec: 'personas/a.yml', workspace: ws }))).toEqual(['a@personas/a.yml']);
  });

  it('reads a directory recursively, in path order, skipping dot-files and other endings', async () => {
    expect(await ids(new LocalSource({ spec: 'personas', workspace: ws }))).toEqual([
      'a@personas/a.yml',
      'b@personas/nested/b.yaml',
      'c@personas/nested/deeper/c.json',
    ]);
  });

  it('expands globs, keeping only persona files', async () => {
    expect(await ids(new LocalSource({ spec: '**/*.{yml,md}', workspace: ws }))).toEqual(['d@other/d.yml', 'a@personas/a.yml']);
  });

  it('fails on a glob that matches nothing, a missing path and a file that is not a persona file', async () => {
    expect(await failure(new LocalSource({ spec: 'nothing/*.yml', workspace: ws }))).toBe('library: glob "nothing/*.yml" matches no .json, .yml or .yaml file');
    expect(await failure(new LocalSource({ spec: 'missing', workspace: ws }))).toBe(`library: "missing" does not exist (resolved to ${path.join(ws, 'missing')})`);
    expect(await failure(new LocalSource({ spec: 'readme.txt', workspace: ws }))).toBe('library: "readme.txt" is not a .json, .yml or .yaml file');
  });

  it('contributes nothing for a missing optional path', async () => {
    expect(await new LocalSource({ spec: '.github/personas', workspace: ws, optional: true }).load()).toEqual({ label: '.github/personas', definitions: [], diagnostics: [] });
  });

  it('shows files outside the workspace by their absolute path', async () => {
    const elsewhere = tree({ 'x.yml': persona('X') });
    expect(await ids(new LocalSource({ spec: path.join(elsewhere, 'x.yml'), workspace: ws }))).toEqual([`x@${path.join(elsewhere, 'x.yml')}`]);
  });

  it('reports parse errors of every file as diagnostics', async () => {
    const bad = tree({ 'p/one.yml': 'name: One\nrisk_tolerance: wild\n', 'p/two.yml': 'nmae: Two\n' });
    const result = await new LocalSource({ spec: 'p', workspace: bad }).load();
    expect(result.definitions).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([
      'p/one.yml:2:17 unknown risk tolerance "wild" (expected one of low, medium, high)',
      'p/two.yml:1:1 name is required',
      'p/two.yml:1:1 unknown key "nmae" (did you mean "name"?)',
    ]);
  });
});
