import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { changelogWith, ReleaseRepo } from './git-fixture.js';

const V020 = '### Added\n\n- The first minor of the fixture.';
const V021 = '### Fixed\n\n- A patch.';

describe('node scripts/release.mjs (a bare remote and a clone)', () => {
  let repo: ReleaseRepo;
  let notesFile: string;

  beforeEach(() => {
    repo = new ReleaseRepo();
    notesFile = path.join(repo.root, 'out', 'notes.md');
  });
  afterEach(() => repo.remove());

  it('moves v0.2 to the v0.2.0 commit, pushes it, and writes the 0.2.0 notes', () => {
    const commit = repo.commitAndTag({ version: '0.2.0', changelog: changelogWith(['0.2.0', V020], ['0.1.0', '- Old.']), tag: 'v0.2.0' });
    expect(repo.remoteCommit('refs/tags/v0.2')).toBeUndefined();

    const run = repo.release(['v0.2.0', '--notes-file', notesFile]);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(repo.remoteCommit('refs/tags/v0.2')).toBe(commit);
    expect(repo.git(['rev-parse', 'refs/tags/v0.2'])).toBe(commit);
    expect(readFileSync(notesFile, 'utf8')).toBe(`${V020}\n`);
    expect(run.stdout).toContain(`v0.2 -> ${commit} (v0.2.0), pushed to origin`);
  });

  it('moves v0.2 on to v0.2.1, and leaves it there when v0.2.0 is released again', () => {
    const first = repo.commitAndTag({ version: '0.2.0', changelog: changelogWith(['0.2.0', V020]), tag: 'v0.2.0' });
    expect(repo.release(['v0.2.0']).status).toBe(0);
    const second = repo.commitAndTag({ version: '0.2.1', changelog: changelogWith(['0.2.1', V021], ['0.2.0', V020]), tag: 'v0.2.1', lightweight: true });
    expect(second).not.toBe(first);

    const run = repo.release(['v0.2.1', '--notes-file', notesFile]);
    expect(run.status).toBe(0);
    expect(repo.remoteCommit('refs/tags/v0.2')).toBe(second);
    expect(readFileSync(notesFile, 'utf8')).toBe(`${V021}\n`);
    expect(run.stdout).toContain(`was ${first}`);

    const rerun = repo.release(['v0.2.0']);
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toContain('v0.2 stays where it is: v0.2.1 is newer than v0.2.0');
    expect(repo.remoteCommit('refs/tags/v0.2')).toBe(second);
  });

  it('fails with exit 1 when package.json has another version, and moves nothing', () => {
    repo.commitAndTag({ version: '0.2.0', changelog: changelogWith(['0.2.0', V020]), tag: 'v0.2.0' });
    expect(repo.release(['v0.2.0']).status).toBe(0);
    const before = repo.remoteCommit('refs/tags/v0.2');
    repo.commitAndTag({ version: '0.2.0', changelog: changelogWith(['0.2.1', V021], ['0.2.0', V020]), tag: 'v0.2.1' });

    const run = repo.release(['v0.2.1', '--notes-file', notesFile]);

    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'release: package.json says version "0.2.0" but the tag is v0.2.1: set "version": "0.2.1" (npm version 0.2.1 --no-git-tag-version), rebuild dist/, commit, and tag that commit\n',
    );
    expect(repo.remoteCommit('refs/tags/v0.2')).toBe(before);
    expect(existsSync(notesFile)).toBe(false);
  });

  it('fails with exit 1 when CHANGELOG.md has no section for the version, and creates no moving tag', () => {
    repo.commitAndTag({ version: '0.3.0', changelog: changelogWith(['0.2.0', V020]), tag: 'v0.3.0' });

    const run = repo.release(['v0.3.0', '--notes-file', notesFile]);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^release: CHANGELOG\.md has no "## \[0\.3\.0\]" section \(it has 0\.2\.0\)/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(repo.remoteCommit('refs/tags/v0.3')).toBeUndefined();
    expect(repo.git(['tag', '--list', 'v0.3'])).toBe('');
    expect(existsSync(notesFile)).toBe(false);
  });

  it('refuses a tag that does not exist and a pre-release tag', () => {
    repo.commitAndTag({ version: '1.0.0-rc.1', changelog: changelogWith(['1.0.0-rc.1', V020]), tag: 'v1.0.0-rc.1' });

    const missing = repo.release(['v0.9.0']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('release: tag v0.9.0 does not exist in this checkout');

    const pre = repo.release(['v1.0.0-rc.1']);
    expect(pre.status).toBe(1);
    expect(pre.stderr).toContain('pre-release and build tags are not released by this script');
    expect(repo.remoteCommit('refs/tags/v1')).toBeUndefined();
  });

  it('--dry-run prints the plan and the notes, and changes nothing', () => {
    const commit = repo.commitAndTag({ version: '0.2.0', changelog: changelogWith(['0.2.0', V020]), tag: 'v0.2.0' });

    const run = repo.release(['v0.2.0', '--dry-run', '--notes-file', notesFile]);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`would run: git tag --force v0.2 ${commit}`);
    expect(run.stdout).toContain('would run: git push --force origin refs/tags/v0.2 (new tag)');
    expect(run.stdout).toContain(V020);
    expect(repo.remoteCommit('refs/tags/v0.2')).toBeUndefined();
    expect(repo.git(['tag', '--list', 'v0.2'])).toBe('');
    expect(existsSync(notesFile)).toBe(false);
  });

  it('reports bad usage with exit 2', () => {
    expect(repo.release([])).toMatchObject({ status: 2, stderr: expect.stringContaining('expected one tag, got 0') });
    expect(repo.release(['v0.2.0', '--remote=--upload-pack=x'])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--remote must be a remote name'),
    });
    expect(repo.release(['v0.2.0', '--bogus'])).toMatchObject({ status: 2, stderr: expect.stringContaining('usage: node scripts/release.mjs') });
  });
});
