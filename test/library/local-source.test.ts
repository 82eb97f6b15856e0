import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { LocalSource } from '../../src/library/local-source.js';

const persona = (name: string) => `name: ${name}\nrisk_tolerance: low\n`;

/** A temporary directory holding `files` (path → text or bytes) and `links` (path → link target). */
function tree(files: Record<string, string | Uint8Array>, links: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'local-source-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  for (const [link, target] of Object.entries(links)) {
    mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
    symlinkSync(target, path.join(dir, link));
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
    'personas/.archive/old.yml': persona('Old'),
    'personas/nested/.drafts/deeper/draft.yml': persona('Draft'),
    'personas/notes.md': '# not a persona',
    'other/d.yml': persona('D'),
    'readme.txt': 'text',
  });

  it('reads one file, named relative to the workspace', async () => {
    expect(await ids(new LocalSource({ spec: 'personas/a.yml', workspace: ws }))).toEqual(['a@personas/a.yml']);
  });

  it('reads a directory recursively, in path order, skipping dot-files, dot-directories and other endings', async () => {
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
    expect(await failure(new LocalSource({ spec: 'missing', workspace: ws }))).toBe(
      `library: "missing" does not exist (resolved to ${path.join(ws, 'missing')})`,
    );
    expect(await failure(new LocalSource({ spec: 'readme.txt', workspace: ws }))).toBe('library: "readme.txt" is not a .json, .yml or .yaml file');
  });

  it('contributes nothing for a missing optional path', async () => {
    expect(await new LocalSource({ spec: '.github/personas', workspace: ws, optional: true }).load()).toEqual({
      label: '.github/personas',
      definitions: [],
      diagnostics: [],
    });
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

  it('reads a dot-directory given explicitly, but still skips dot-names below it', async () => {
    const dotted = tree({ '.github/personas/team.yml': persona('Team'), '.github/personas/.old/team.yml': persona('Old') });
    expect(await ids(new LocalSource({ spec: '.github/personas', workspace: dotted }))).toEqual(['team@.github/personas/team.yml']);
  });
});

describe('LocalSource: empty directories', () => {
  const ws = tree({ 'empty/notes.md': '# no personas', 'empty/.archive/old.yml': persona('Old') });
  mkdirSync(path.join(ws, 'bare'));

  it('fails on an explicit directory that holds no persona file', async () => {
    expect(await failure(new LocalSource({ spec: 'empty', workspace: ws }))).toBe('library: directory "empty" holds no .json, .yml or .yaml file');
    expect(await failure(new LocalSource({ spec: 'bare/', workspace: ws }))).toBe('library: directory "bare/" holds no .json, .yml or .yaml file');
  });

  it('contributes nothing, silently, for an empty optional directory', async () => {
    expect(await new LocalSource({ spec: 'empty', workspace: ws, optional: true }).load()).toEqual({ label: 'empty', definitions: [], diagnostics: [] });
  });
});

describe('LocalSource: symbolic links', () => {
  const ws = tree(
    { 'shared/s.yml': persona('S'), 'p/a.yml': persona('A'), 'p/inner/i.yml': persona('I'), 'outside/o.yml': persona('O') },
    {
      'p/alias.yml': 'a.yml',
      'p/inner-link': 'inner',
      'p/linked.yml': '../outside/o.yml',
      'p/shared': '../shared',
      'p/loop': '.',
      'p/inner/up': '..',
      'p/gone.yml': 'missing.yml',
      'p/self.yml': 'self.yml',
      'p/gone-notes.md': 'missing.md',
      'p/notes.md': '../outside/o.yml',
      'p/.hidden.yml': '../outside/o.yml',
    },
  );
  const outside = (link: string, target: string, where: string) => ({
    file: link,
    message: `symbolic link to "${target}", which leads outside ${where}: a link found in a directory or glob must stay inside it (name a file elsewhere directly in "library" to read it)`,
  });

  it('follows links inside the directory, under the link’s name, skips loops, and reports links that leave it or cannot be followed', async () => {
    const result = await new LocalSource({ spec: 'p', workspace: ws }).load();
    expect(result.definitions.map((d) => `${d.definition.id}@${d.origin.file}`)).toEqual([
      'a@p/a.yml',
      'a@p/alias.yml',
      'i@p/inner/i.yml',
      'i@p/inner-link/i.yml',
    ]);
    expect(result.diagnostics).toEqual([
      { file: 'p/gone.yml', message: 'broken symbolic link: its target "missing.yml" does not exist' },
      outside('p/linked.yml', '../outside/o.yml', '"p"'),
      { file: 'p/self.yml', message: 'symbolic link to "self.yml" cannot be followed (ELOOP)' },
      outside('p/shared', '../shared', '"p"'),
    ]);
  });

  it('holds a glob’s links to its static base, and skips loops without false duplicates', async () => {
    const flat = await new LocalSource({ spec: 'p/*.yml', workspace: ws }).load();
    expect(flat.definitions.map((d) => d.origin.file)).toEqual(['p/a.yml', 'p/alias.yml']);
    expect(flat.diagnostics.map((d) => d.file)).toEqual(['p/gone.yml', 'p/linked.yml', 'p/self.yml']);
    const deep = await new LocalSource({ spec: 'p/**/*.yml', workspace: ws }).load();
    expect(deep.definitions.map((d) => d.origin.file)).toEqual(['p/a.yml', 'p/alias.yml', 'p/inner/i.yml', 'p/inner-link/i.yml']);
    expect(deep.diagnostics.map((d) => d.file)).toEqual(['p/gone.yml', 'p/linked.yml', 'p/self.yml', 'p/shared']);
  });

  it('reads a link named explicitly wherever it leads: a file, or a directory walked from its real path', async () => {
    expect(await ids(new LocalSource({ spec: 'p/linked.yml', workspace: ws }))).toEqual(['o@p/linked.yml']);
    expect(await ids(new LocalSource({ spec: 'p/shared', workspace: ws }))).toEqual(['s@p/shared/s.yml']);
  });

  it('holds a glob without a static base to the workspace', async () => {
    const root = tree({ 'in/a.yml': persona('A'), 'elsewhere/e.yml': persona('E') }, { 'in/e.yml': '../elsewhere/e.yml' });
    const ws2 = path.join(root, 'in');
    const result = await new LocalSource({ spec: '*.yml', workspace: ws2 }).load();
    expect(result.definitions.map((d) => d.origin.file)).toEqual(['a.yml']);
    expect(result.diagnostics).toEqual([outside('e.yml', '../elsewhere/e.yml', 'the workspace')]);
  });
});

describe('LocalSource: text encoding', () => {
  const latin1 = Buffer.from('name: Café\nrisk_tolerance: low\n', 'latin1');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: Wide\nrisk_tolerance: low\n', 'utf16le')]);
  const utf16be = Buffer.from([0xfe, 0xff, 0x00, 0x6e]);
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name: Café\nrisk_tolerance: low\n', 'utf8')]);

  it('reports every file that is not UTF-8 as a diagnostic of it, with the other files’ problems', async () => {
    const ws = tree({
      'p/a-latin1.yml': latin1,
      'p/b-bad.yml': 'name: Bad\nrisk_tolerance: wild\n',
      'p/c-good.yml': persona('Good'),
      'p/d-wide.yml': utf16,
      'p/e-big.json': utf16be,
    });
    const result = await new LocalSource({ spec: 'p', workspace: ws }).load();
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['good']);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'p/a-latin1.yml: not UTF-8 text (persona files must be UTF-8)',
      'p/b-bad.yml:2:17 risk_tolerance: unknown risk tolerance "wild" (expected one of low, medium, high)',
      'p/d-wide.yml: is UTF-16; save it as UTF-8',
      'p/e-big.json: is UTF-16; save it as UTF-8',
    ]);
  });

  it('reads UTF-8 with and without a byte order mark', async () => {
    const ws = tree({ 'bom.yml': bom, 'plain.yml': 'name: Café\nrisk_tolerance: low\n' });
    const result = await new LocalSource({ spec: '*.yml', workspace: ws }).load();
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => [d.definition.id, d.definition.name])).toEqual([
      ['cafe', 'Café'],
      ['cafe', 'Café'],
    ]);
  });

  it('reports a single file that is not UTF-8', async () => {
    const ws = tree({ 'one.yml': latin1 });
    expect((await new LocalSource({ spec: 'one.yml', workspace: ws }).load()).diagnostics).toEqual([
      { file: 'one.yml', message: 'not UTF-8 text (persona files must be UTF-8)' },
    ]);
  });
});
