import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { appendAllOrNothing, describeFsError, makeFolders, nodeRunnerFs, runnerTemp, type RunnerFs } from '../../src/runner/runner-files.js';
import { fsError, fullDisk, readOnlyUnder } from './faulty-fs.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runner-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A file holding `text`. */
function fileWith(text: string): string {
  const file = path.join(dir, 'output');
  writeFileSync(file, text);
  return file;
}

/** The error `body` throws. */
function thrown(body: () => void): Error {
  try {
    body();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('appendAllOrNothing', () => {
  it('appends the whole text in one go', () => {
    const file = fileWith('before\n');
    appendAllOrNothing('GITHUB_OUTPUT', file, 'a<<d\n1\nd\n');
    expect(readFileSync(file, 'utf8')).toBe('before\na<<d\n1\nd\n');
  });

  it('keeps writing when the system takes a part of the buffer at a time', () => {
    const file = fileWith('');
    const calls: number[] = [];
    const slow: RunnerFs = {
      ...nodeRunnerFs,
      writeSync: (fd, buffer, offset, length) => {
        calls.push(length);
        return nodeRunnerFs.writeSync(fd, buffer, offset, Math.min(length, 3));
      },
    };
    appendAllOrNothing('GITHUB_OUTPUT', file, 'héllo wörld', slow);
    expect(readFileSync(file, 'utf8')).toBe('héllo wörld');
    expect(calls.length).toBeGreaterThan(3);
  });

  it('cuts the file back to its previous length when the disk fills after a partial write', () => {
    const file = fileWith('earlier<<x\nkept\nx\n');
    const before = statSync(file).size;
    const error = thrown(() => appendAllOrNothing('GITHUB_OUTPUT', file, 'persona<<d\n{"id":"a"}\nd\nid<<d\na\nd\n', fullDisk(20)));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(
      `cannot write ${file} (GITHUB_OUTPUT): ENOSPC (no space left on device); nothing was written (the part written was cut off again)`,
    );
    expect(statSync(file).size).toBe(before);
    expect(readFileSync(file, 'utf8')).toBe('earlier<<x\nkept\nx\n');
  });

  it('says the file may hold a partial write when cutting it back fails too', () => {
    const file = fileWith('');
    const stuck: RunnerFs = {
      ...fullDisk(4),
      ftruncateSync: () => {
        throw fsError('EIO');
      },
    };
    expect(() => appendAllOrNothing('GITHUB_ENV', file, 'NAME<<d\nvalue\nd\n', stuck)).toThrow(
      `cannot write ${file} (GITHUB_ENV): ENOSPC (no space left on device); the file may end with part of this write (cutting it back failed: EIO (input/output error))`,
    );
  });

  it('names the code when the file cannot be opened (a missing folder, a read-only file system)', () => {
    const missing = path.join(dir, 'nope', 'output');
    expect(() => appendAllOrNothing('GITHUB_STATE', missing, 'x')).toThrow(
      `cannot write ${missing} (GITHUB_STATE): ENOENT (no such file or directory); nothing was written`,
    );
    const readOnly: RunnerFs = {
      ...nodeRunnerFs,
      openSync: () => {
        throw fsError('EROFS');
      },
    };
    expect(() => appendAllOrNothing('GITHUB_OUTPUT', fileWith(''), 'x', readOnly)).toThrow(/: EROFS \(read-only file system\); nothing was written$/);
  });

  it('reports a clear ENOSPC on /dev/full, the real full device', () => {
    if (!existsSync('/dev/full')) return;
    const error = thrown(() => appendAllOrNothing('GITHUB_OUTPUT', '/dev/full', 'id<<d\na\nd\n'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe('cannot write /dev/full (GITHUB_OUTPUT): ENOSPC (no space left on device); nothing was written');
    expect(error.message).not.toContain('\n    at ');
  });
});

describe('runnerTemp', () => {
  it('is RUNNER_TEMP, resolved', () => {
    expect(runnerTemp({ RUNNER_TEMP: '/home/runner/work/_temp' })).toBe('/home/runner/work/_temp');
  });

  it('is a user error when RUNNER_TEMP is missing or empty: no shared /tmp fallback', () => {
    for (const env of [{}, { RUNNER_TEMP: '' }, { RUNNER_TEMP: undefined, TMPDIR: '/tmp' }]) {
      expect(() => runnerTemp(env)).toThrow(ConfigurationError);
      expect(() => runnerTemp(env)).toThrow(/^RUNNER_TEMP is not set/);
    }
  });
});

describe('makeFolders', () => {
  it('creates the missing folders, parents first, and accepts existing ones', () => {
    const target = path.join(dir, 'a', 'b', 'c');
    makeFolders(target);
    makeFolders(target);
    expect(statSync(target).isDirectory()).toBe(true);
  });

  it('names EROFS, not ENOENT, for a folder on a read-only file system', () => {
    const root = path.join(dir, 'ro');
    mkdirSync(root);
    const error = thrown(() => makeFolders(path.join(root, 'temp', 'persona'), readOnlyUnder(root)));
    expect((error as NodeJS.ErrnoException).code).toBe('EROFS');
    expect(describeFsError(error)).toBe('EROFS (read-only file system)');
  });

  it('refuses a file where a folder is needed', () => {
    writeFileSync(path.join(dir, 'file'), '');
    expect(() => makeFolders(path.join(dir, 'file', 'x'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('fails at once under /proc/1, where a recursive mkdir loops forever', () => {
    if (!existsSync('/proc/1')) return;
    const started = Date.now();
    expect(() => makeFolders('/proc/1/persona')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
