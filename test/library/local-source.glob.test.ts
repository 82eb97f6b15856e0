import nodeFs, { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planGlob } from '../../src/library/local-glob.js';
import { LocalSource } from '../../src/library/local-source.js';
import type { FileIo } from '../../src/library/read-regular-file.js';

const persona = (name: string) => `name: ${name}\nrisk_tolerance: low\n`;

/** A temporary directory holding `files` (path → text) and `links` (path → link target). */
function tree(files: Record<string, string>, links: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'local-glob-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  for (const [link, target] of Object.entries(links)) symlinkSync(target, path.join(dir, link));
  return dir;
}

describe('planGlob', () => {
  it('walks from the static prefix of the glob', () => {
    expect(planGlob('.github/personas/**/*.yml').base).toBe('.github/personas');
    expect(planGlob('teams/*/personas/*.yml').base).toBe('teams');
    expect(planGlob('*.yml').base).toBe('');
    expect(planGlob('{a,b}/*.yml').base).toBe('');
    expect(planGlob('../shared/*.yml').base).toBe('../shared');
    expect(planGlob('/srv/personas/*.yml').base).toBe('/srv/personas');
    expect(planGlob('/*.yml').base).toBe('/');
  });

  it('matches persona files below the base only', () => {
    const { filter } = planGlob('teams/*/personas/*.{yml,md}');
    expect(['a/personas/x.yml', 'a/personas/x.md', 'a/x.yml', 'a/personas/deep/x.yml', 'a/personas/.x.yml'].filter(filter.file)).toEqual(['a/personas/x.yml']);
  });

  it('enters a directory only when the pattern can match below it', () => {
    const fixed = planGlob('teams/*/personas/*.yml').filter;
    expect(['a', 'a/personas', 'a/other', 'a/personas/deeper', '.hidden'].filter(fixed.directory)).toEqual(['a', 'a/personas']);
    const deep = planGlob('p/x*/**/*.yml').filter;
    expect(['x1', 'y1', 'x1/a/b', 'x1/.git', 'x1/a/.cache/b'].filter(deep.directory)).toEqual(['x1', 'x1/a/b']);
    const dotted = planGlob('p/*/.drafts/*.yml').filter;
    expect(['a', '.a', 'a/.drafts', 'a/.git', 'a/drafts'].filter(dotted.directory)).toEqual(['a', 'a/.drafts']);
    expect(['a/.drafts/x.yml', '.a/.drafts/x.yml'].filter(dotted.file)).toEqual(['a/.drafts/x.yml']);
  });

  it('falls back to every directory without a dot for braces across a slash', () => {
    const { filter } = planGlob('{a/b,c}/*.yml');
    expect(['a', 'a/b', 'zzz', '.git'].filter(filter.directory)).toEqual(['a', 'a/b', 'zzz']);
    expect(['a/b/x.yml', 'c/x.yml', 'a/x.yml'].filter(filter.file)).toEqual(['a/b/x.yml', 'c/x.yml']);
  });
});

describe('LocalSource: globs', () => {
  it('expands braces, extglobs and literal dot segments, and reads a base outside the workspace written explicitly', async () => {
    const root = tree({
      'ws/a/one.yml': persona('One'),
      'ws/b/two.yaml': persona('Two'),
      'ws/c/three.yml': persona('Three'),
      'ws/p/team/.drafts/d.yml': persona('Draft'),
      'shared/s.yml': persona('Shared'),
    });
    const ws = path.join(root, 'ws');
    const ids = async (spec: string) => (await new LocalSource({ spec, workspace: ws }).load()).definitions.map((d) => `${d.definition.id}@${d.origin.file}`);
    expect(await ids('{a,b}/*.{yml,yaml}')).toEqual(['one@a/one.yml', 'two@b/two.yaml']);
    expect(await ids('+(a|c)/*.yml')).toEqual(['one@a/one.yml', 'three@c/three.yml']);
    expect(await ids('p/*/.drafts/*.yml')).toEqual(['draft@p/team/.drafts/d.yml']);
    expect(await ids('../shared/*.yml')).toEqual([`shared@${path.join(root, 'shared/s.yml')}`]);
  });

  it('never looks at links in directories the glob cannot match below', async () => {
    const ws = tree({ 'p/a.yml': persona('A'), 'p/sub/keep.txt': '' }, { 'p/sub/evil.yml': '/etc/hostname' });
    expect(await new LocalSource({ spec: 'p/*.yml', workspace: ws }).load()).toEqual({
      label: 'p/*.yml',
      definitions: [expect.objectContaining({ origin: expect.objectContaining({ file: 'p/a.yml' }) })],
      diagnostics: [],
    });
  });
});

describe('LocalSource: bounded reads', () => {
  const count = 120;
  const files = Object.fromEntries(Array.from({ length: count }, (_, i) => [`p/f${String(i).padStart(3, '0')}.yml`, persona(`F${i}`)]));
  const ws = tree(files);

  /** `node:fs` calls that count the files read, and how many were read before any parse could finish (the first microtask). */
  function countingIo() {
    const seen = { opened: 0, burst: -1 };
    const io: FileIo = {
      ...nodeFs,
      openSync: (file, flags) => {
        if (seen.opened++ === 0) queueMicrotask(() => (seen.burst = seen.opened));
        return nodeFs.openSync(file, flags);
      },
    };
    return { seen, io };
  }

  it('reads and parses 16 files at a time by default, keeping path order', async () => {
    const { seen, io } = countingIo();
    const result = await new LocalSource({ spec: 'p', workspace: ws, io }).load();
    expect(result.definitions.map((d) => d.origin.file)).toEqual(Object.keys(files));
    expect(seen).toEqual({ opened: count, burst: 16 });
  });

  it('honours a smaller limit', async () => {
    const { seen, io } = countingIo();
    const result = await new LocalSource({ spec: 'p/*.yml', workspace: ws, io, concurrency: 3 }).load();
    expect(result.definitions).toHaveLength(count);
    expect(seen).toEqual({ opened: count, burst: 3 });
  });
});
