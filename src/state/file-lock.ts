/**
 * The lock of the `file:` state store, and the file-system seam the store
 * and the lock share (tests inject a full disk or a failing rename).
 *
 * The lock is a file created with `O_CREAT | O_EXCL` (atomic, and never
 * through a link), holding `{ pid, host, at, id }` as JSON (`id` is random). A writer that finds
 * it waits with jittered backoff, bounded by a timeout. A lock is stale, and
 * is removed, when its process is gone (same host, `kill(pid, 0)` answers
 * ESRCH) or when it is older than `staleMs` (another host, a reused pid, or
 * a lock whose content cannot be read). Only one waiter breaks a stale lock
 * at a time: it first creates `<lock>.break` (also `O_EXCL`), then checks
 * the lock is still the same file (inode and content) and still stale before
 * removing it, so two waiters never remove each other's fresh lock. Release
 * removes the lock only while it is still the file this process wrote.
 */
import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import type { Logger } from '../logging/logger.js';
import type { FileIo } from '../library/read-regular-file.js';
import type { CasTiming } from './compare-and-swap.js';

/** The file-system calls of the `file:` store (`node:fs`'s synchronous ones). */
export interface StoreFs extends FileIo {
  openSync(file: string, flags: number, mode?: number): number;
  fstatSync(fd: number): ReturnType<FileIo['fstatSync']> & { ino: number; mtimeMs: number };
  lstatSync(file: string): { ino: number; mtimeMs: number };
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
  mkdirSync(dir: string, mode: number): void;
}

/** `node:fs`. */
export const NODE_STORE_FS: StoreFs = {
  openSync: (file, flags, mode) => nodeFs.openSync(file, flags, mode),
  fstatSync: (fd) => nodeFs.fstatSync(fd),
  lstatSync: (file) => nodeFs.lstatSync(file),
  readSync: (fd, buffer, offset, length, position) => nodeFs.readSync(fd, buffer, offset, length, position),
  writeSync: (fd, buffer, offset, length) => nodeFs.writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => nodeFs.fsyncSync(fd),
  ftruncateSync: (fd, length) => nodeFs.ftruncateSync(fd, length),
  closeSync: (fd) => nodeFs.closeSync(fd),
  renameSync: (from, to) => nodeFs.renameSync(from, to),
  unlinkSync: (file) => nodeFs.unlinkSync(file),
  mkdirSync: (dir, mode) => void nodeFs.mkdirSync(dir, mode),
};

/** The clock, sleep and jitter of the lock (and of the store's compare-and-swap loop). */
export interface LockTiming extends CasTiming {
  /** Epoch milliseconds, comparable with file modification times. */
  now(): number;
}

/** Options of {@link acquireFileLock}. */
export interface FileLockOptions {
  /** Names the store in messages (`file /srv/state.json`). */
  description: string;
  /** How long to wait for another writer's lock. */
  timeoutMs: number;
  /** A lock older than this is stale whatever its content says. */
  staleMs: number;
  timing: LockTiming;
  fs: StoreFs;
  /** This host's name and process id, written into the lock. */
  host: string;
  pid: number;
  /** Whether a process of this host is alive. */
  isAlive(pid: number): boolean;
  logger: Logger;
}

/** A lock this process holds. */
export interface HeldLock {
  /** Removes the lock, if it is still the file this process created. */
  release(): void;
}

/** What a lock file says about its holder. */
interface Holder {
  ino: number;
  /** The lock's text as read. */
  content: string;
  /** `pid 42 on host "ci-7" since 2026-…`, or `an unknown writer`. */
  text: string;
  /** Why the lock is stale, or undefined while it holds. */
  stale?: string;
}

const MAX_LOCK_BYTES = 4096;
const FIRST_DELAY_MS = 10;
const MAX_DELAY_MS = 250;

/** Whether `pid` is a live process of this host (EPERM: alive, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock at `lockPath`, waiting (jittered backoff from 10 to 250 ms)
 * while another live writer holds it, removing a stale one.
 * @throws ConfigurationError when the lock is still held after `timeoutMs`,
 *   or when the lock path is a symbolic link or not a regular file.
 */
export async function acquireFileLock(lockPath: string, options: FileLockOptions): Promise<HeldLock> {
  const { timing } = options;
  const started = timing.now();
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(MAX_DELAY_MS, delay * 1.5)) {
    const held = tryCreate(lockPath, options);
    if (held) return held;
    const holder = inspect(lockPath, options);
    if (holder?.stale) {
      breakStale(lockPath, holder, options);
      continue;
    }
    const waited = timing.now() - started;
    if (waited >= options.timeoutMs) {
      throw new ConfigurationError(
        `${options.description}: the lock ${lockPath} is still held by ${holder?.text ?? 'another writer'} after ${Math.round(waited / 1000)} s; nothing was written (if no writer is running, remove the lock file)`,
      );
    }
    await timing.sleep(Math.min(options.timeoutMs - waited, Math.round(delay * (0.5 + timing.random()))));
  }
}

/** Creates the lock file; undefined when it already exists. */
function tryCreate(lockPath: string, options: FileLockOptions): HeldLock | undefined {
  const { fs } = options;
  let fd: number;
  try {
    fd = fs.openSync(lockPath, nodeFs.constants.O_CREAT | nodeFs.constants.O_EXCL | nodeFs.constants.O_WRONLY | nodeFs.constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw new ConfigurationError(`${options.description}: cannot create the lock ${lockPath}: ${errorCode(error)}; nothing was written`);
  }
  let ino: number;
  const content = `${JSON.stringify({ pid: options.pid, host: options.host, at: new Date(options.timing.now()).toISOString(), id: randomUUID() })}\n`;
  try {
    writeFully(fs, fd, Buffer.from(content, 'utf8'));
    ino = fs.fstatSync(fd).ino;
  } catch (error) {
    fs.closeSync(fd);
    removeQuietly(fs, lockPath);
    throw new ConfigurationError(`${options.description}: cannot write the lock ${lockPath}: ${errorCode(error)}; nothing was written`);
  }
  fs.closeSync(fd);
  return {
    release: () => {
      try {
        const now = readLock(lockPath, options);
        if (now?.ino === ino && now.content === content) removeQuietly(fs, lockPath);
      } catch {
        // Replaced by something that is not a lock: not ours to remove.
      }
    },
  };
}

/** Reads the lock and judges it; undefined when it vanished meanwhile. */
function inspect(lockPath: string, options: FileLockOptions): Holder | undefined {
  const lock = readLock(lockPath, options);
  return lock && judge(lock, options);
}

/** The lock's inode, modification time and text; undefined when there is none. */
function readLock(lockPath: string, options: FileLockOptions): { ino: number; mtimeMs: number; content: string } | undefined {
  const { fs } = options;
  let fd: number;
  try {
    fd = fs.openSync(lockPath, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NOFOLLOW | nodeFs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP')
      throw new ConfigurationError(`${options.description}: the lock ${lockPath} is a symbolic link, not a lock this store wrote; remove it`);
    throw new ConfigurationError(`${options.description}: cannot read the lock ${lockPath}: ${errorCode(error)}`);
  }
  try {
    const info = fs.fstatSync(fd);
    if (!info.isFile()) throw new ConfigurationError(`${options.description}: the lock ${lockPath} is not a regular file; remove it`);
    const buffer = Buffer.alloc(MAX_LOCK_BYTES);
    const length = fs.readSync(fd, buffer, 0, MAX_LOCK_BYTES, 0);
    return { ino: info.ino, mtimeMs: info.mtimeMs, content: buffer.subarray(0, length).toString('utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

/** Who holds the lock, and whether it is stale. */
function judge(info: { ino: number; mtimeMs: number; content: string }, options: FileLockOptions): Holder {
  let content: { pid?: unknown; host?: unknown } = {};
  try {
    const parsed: unknown = JSON.parse(info.content);
    if (typeof parsed === 'object' && parsed !== null) content = parsed as typeof content;
  } catch {
    // Being written, or not ours: judged by age alone.
  }
  const pid = typeof content.pid === 'number' && Number.isSafeInteger(content.pid) && content.pid > 0 ? content.pid : undefined;
  const host = typeof content.host === 'string' ? content.host : undefined;
  const since = new Date(info.mtimeMs).toISOString();
  const holder: Holder = {
    ino: info.ino,
    content: info.content,
    text: pid !== undefined && host !== undefined ? `pid ${pid} on host ${quote(host)} since ${since}` : `an unknown writer since ${since}`,
  };
  const age = options.timing.now() - info.mtimeMs;
  if (pid !== undefined && host === options.host && !options.isAlive(pid)) holder.stale = `its process ${pid} on this host is gone`;
  else if (age > options.staleMs) holder.stale = `it is ${Math.round(age / 1000)} s old (stale after ${Math.round(options.staleMs / 1000)} s)`;
  return holder;
}

/** Removes a stale lock, if this waiter is the one breaking it and the lock is still that same stale file. */
function breakStale(lockPath: string, holder: Holder, options: FileLockOptions): void {
  const { fs } = options;
  const guard = `${lockPath}.break`;
  let fd: number;
  try {
    fd = fs.openSync(guard, nodeFs.constants.O_CREAT | nodeFs.constants.O_EXCL | nodeFs.constants.O_WRONLY | nodeFs.constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    // Another waiter is breaking it; a guard left by a waiter that died is itself removed once stale.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && olderThan(fs, guard, options)) removeQuietly(fs, guard);
    return;
  }
  fs.closeSync(fd);
  try {
    const again = inspect(lockPath, options);
    if (again?.stale && again.ino === holder.ino && again.content === holder.content) {
      removeQuietly(fs, lockPath);
      options.logger.warning(`${options.description}: removed the stale lock ${lockPath} of ${again.text}: ${again.stale}`);
    }
  } finally {
    removeQuietly(fs, guard);
  }
}

/** True when the file exists and is older than the stale age. */
function olderThan(fs: StoreFs, file: string, options: FileLockOptions): boolean {
  try {
    return options.timing.now() - fs.lstatSync(file).mtimeMs > options.staleMs;
  } catch {
    return false;
  }
}

/** Writes all of `bytes` (a write may take fewer than asked). */
export function writeFully(fs: StoreFs, fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) {
    const wrote = fs.writeSync(fd, bytes, done, bytes.length - done);
    if (wrote <= 0) throw Object.assign(new Error('the write made no progress'), { code: 'EIO' });
    done += wrote;
  }
}

/** Removes a file, ignoring every error (it may be gone already). */
export function removeQuietly(fs: StoreFs, file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Already gone, or not ours to remove: the caller's outcome stands.
  }
}

const MEANINGS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'not a folder',
  EISDIR: 'is a folder',
  ELOOP: 'a symbolic link',
  EIO: 'input/output error',
};

/** `ENOSPC (no space left on device)`: an fs error's code and meaning, or its message. */
export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return error instanceof Error ? error.message : String(error);
  return MEANINGS[code] ? `${code} (${MEANINGS[code]})` : code;
}
