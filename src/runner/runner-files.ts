import * as nodeFs from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * The file-system calls the runner's writers make; tests inject a faulty one
 * (a disk that fills after a partial write, a read-only mount) to prove what
 * a failure leaves behind.
 */
export interface RunnerFs {
  openSync(file: string, flags: string): number;
  fstatSync(fd: number): { size: number };
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  ftruncateSync(fd: number, length: number): void;
  closeSync(fd: number): void;
  statSync(file: string): { isDirectory(): boolean };
  mkdirSync(dir: string): unknown;
  renameSync(from: string, to: string): void;
  /** Removes a file; no error when it is absent. */
  removeSync(file: string): void;
}

/** The real file system. */
export const nodeRunnerFs: RunnerFs = {
  openSync: (file, flags) => nodeFs.openSync(file, flags),
  fstatSync: (fd) => nodeFs.fstatSync(fd),
  writeSync: (fd, buffer, offset, length) => nodeFs.writeSync(fd, buffer, offset, length),
  ftruncateSync: (fd, length) => nodeFs.ftruncateSync(fd, length),
  closeSync: (fd) => nodeFs.closeSync(fd),
  statSync: (file) => nodeFs.statSync(file),
  mkdirSync: (dir) => nodeFs.mkdirSync(dir),
  renameSync: (from, to) => nodeFs.renameSync(from, to),
  removeSync: (file) => nodeFs.rmSync(file, { force: true }),
};

/** What the error codes a runner file meets mean, for messages. */
const MEANINGS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a folder',
  EISDIR: 'is a folder',
  EIO: 'input/output error',
};

/** `ENOSPC (no space left on device)`: an error's code and what it means, or its message. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return error instanceof Error ? error.message : String(error);
  return MEANINGS[code] ? `${code} (${MEANINGS[code]})` : code;
}

/** The error for a failed write to one of the runner's files: a problem of the job's environment, not a bug. */
export function runnerFileError(variable: string, file: string, error: unknown, outcome = ''): ConfigurationError {
  return new ConfigurationError(`cannot write ${file} (${variable}): ${describeFsError(error)}${outcome}`);
}

/**
 * Writes all of `bytes` at the descriptor's position (a write may take fewer
 * bytes than asked); `progress` learns how many are written so far.
 */
export function writeAll(fs: RunnerFs, fd: number, bytes: Uint8Array, progress: (written: number) => void = () => {}): void {
  for (let done = 0; done < bytes.length;) {
    const wrote = fs.writeSync(fd, bytes, done, bytes.length - done);
    if (wrote <= 0) throw Object.assign(new Error('the write made no progress'), { code: 'EIO' });
    done += wrote;
    progress(done);
  }
}

/**
 * Appends `text` to one of the runner's files (`GITHUB_OUTPUT`, `GITHUB_ENV`,
 * `GITHUB_STATE`, `GITHUB_STEP_SUMMARY`) all or nothing: one buffer, and
 * when any part of it fails (a full disk after a partial write) the file is
 * truncated back to the length it had, so the runner never reads half a
 * block. Throws a {@link ConfigurationError} naming the file, the variable
 * and the error code, and whether the file was restored.
 */
export function appendAllOrNothing(variable: string, file: string, text: string, fs: RunnerFs = nodeRunnerFs): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'a');
  } catch (error) {
    throw runnerFileError(variable, file, error, NOTHING_WRITTEN);
  }
  let size = -1;
  let written = 0;
  try {
    size = fs.fstatSync(fd).size;
    writeAll(fs, fd, Buffer.from(text, 'utf8'), (done) => (written = done));
  } catch (error) {
    throw runnerFileError(variable, file, error, written > 0 ? restore(fs, fd, size) : NOTHING_WRITTEN);
  } finally {
    closeQuietly(fs, fd);
  }
}

const NOTHING_WRITTEN = '; nothing was written';

/** Truncates the file back to `size` after a partial write; says what the file holds now. */
function restore(fs: RunnerFs, fd: number, size: number): string {
  try {
    fs.ftruncateSync(fd, size);
    return `${NOTHING_WRITTEN} (the part written was cut off again)`;
  } catch (error) {
    return `; the file may end with part of this write (cutting it back failed: ${describeFsError(error)})`;
  }
}

function closeQuietly(fs: RunnerFs, fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // The write's own outcome is what matters; a failed close adds nothing to it.
  }
}

/**
 * The job's temp folder: `RUNNER_TEMP`, which the runner sets to a folder of
 * this job alone. Missing or empty is an error; there is no fallback to a
 * shared `/tmp`, where another user could read or plant the file.
 */
export function runnerTemp(env: Readonly<Record<string, string | undefined>>): string {
  const dir = env.RUNNER_TEMP;
  if (!dir)
    throw new ConfigurationError(
      "RUNNER_TEMP is not set: the runner sets it to the job's own temp folder; outside GitHub Actions, set it to a folder of your own (there is no fallback to a shared /tmp)",
    );
  return path.resolve(dir);
}

/**
 * Creates `dir` and its missing parents one level at a time (not
 * `mkdirSync`'s `recursive`, which loops forever under `/proc/1` and reports
 * a read-only file system as `ENOENT`), so each failure carries its real code.
 */
export function makeFolders(dir: string, fs: RunnerFs = nodeRunnerFs): void {
  const missing: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      if (fs.statSync(current).isDirectory()) break;
      throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(current) === current) throw error;
      missing.push(current);
    }
  }
  for (const folder of missing.reverse()) fs.mkdirSync(folder);
}
