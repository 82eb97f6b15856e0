import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigurationError } from '../errors/configuration-error.js';

/** What the reader needs to know of a file's type (a `fs.Stats`). */
export interface FileKind {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isSymbolicLink?(): boolean;
}

/** The file-descriptor calls {@link readRegularFile} makes (`node:fs`'s synchronous ones); tests inject their own through {@link RegularFileOptions.io}. */
export interface FileIo {
  openSync(file: string, flags: number): number;
  fstatSync(fd: number): FileKind & { size: number };
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: null): number;
  closeSync(fd: number): void;
}

/** `node:fs`. */
const NODE_IO: FileIo = { openSync, fstatSync, readSync, closeSync };

/** Options of {@link readRegularFile}. */
export interface RegularFileOptions {
  /** How errors name the file (relative to the workspace where possible). */
  display: string;
  /** The most bytes the file may hold. */
  limit: number;
  /** What the limit is of, for the message: `a persona file`, `a hand-over`. */
  limitOf: string;
  /** False to refuse a path that is itself a symbolic link (O_NOFOLLOW). */
  follow: boolean;
  /** The message when the file does not exist (default: `does not exist`, located at the file). */
  missing?: string;
  /** The calls that read the file; `node:fs` unless a test injects others. */
  io?: FileIo;
}

/** What a file that is not a regular file is (`a FIFO (named pipe)`), or undefined for a regular file. */
export function describeNonRegular(kind: FileKind): string | undefined {
  if (kind.isFile()) return undefined;
  if (kind.isDirectory()) return 'a directory';
  if (kind.isSymbolicLink?.()) return 'a symbolic link';
  if (kind.isFIFO()) return 'a FIFO (named pipe)';
  if (kind.isCharacterDevice()) return 'a character device';
  if (kind.isBlockDevice()) return 'a block device';
  if (kind.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The message for a file of `kind` that is not a regular file. */
export function notRegularMessage(kind: string): string {
  return `is ${kind}, not a regular file (only regular files are read)`;
}

const KIB = 1024;
const MIB = KIB * KIB;

/** `1 MiB`: a limit as a message states it. */
function formatLimit(limit: number): string {
  return limit % MIB === 0 ? `${limit / MIB} MiB` : limit % KIB === 0 ? `${limit / KIB} KiB` : `${limit}-byte`;
}

/**
 * The bytes of a regular file, read through one descriptor, so a swap
 * between check and read changes nothing: opened with O_NONBLOCK (a FIFO
 * never blocks the open) and, unless `follow`, O_NOFOLLOW; then `fstat`
 * refuses anything but a regular file before a byte is read, and a size
 * over `limit` without reading. At most `limit + 1` bytes are ever read,
 * whatever size the file claims (files in /proc claim 0; a file may grow),
 * so a file over the limit (2 GiB or more included) is the same clear error.
 *
 * Synchronous on purpose: a persona file is small, and synchronous reads
 * of one are about four times faster than `fs.promises` (no thread-pool hop
 * per call); callers bound how many texts are alive at once (see
 * `LocalSource`).
 * @throws ConfigurationError with one diagnostic of `display`, never a raw
 *   errno error.
 */
export function readRegularFile(file: string, options: RegularFileOptions): Buffer {
  const { display, limit, limitOf } = options;
  const io = options.io ?? NODE_IO;
  const fail = (message: string): never => {
    throw new ConfigurationError({ file: display, message });
  };
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (options.follow ? 0 : constants.O_NOFOLLOW);
  let fd: number;
  try {
    fd = io.openSync(file, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigurationError(options.missing ?? { file: display, message: 'does not exist' });
    if (code === 'ELOOP' && !options.follow) return fail(notRegularMessage('a symbolic link'));
    if (code === 'ENXIO') return fail(notRegularMessage('a socket or a device'));
    return fail(cannotRead(error));
  }
  try {
    const info = io.fstatSync(fd);
    const kind = describeNonRegular(info);
    if (kind) return fail(notRegularMessage(kind));
    const over = `over the ${formatLimit(limit)} limit of ${limitOf} (${limit} bytes)`;
    if (info.size > limit) return fail(`is ${info.size} bytes, ${over}`);
    let bytes: Buffer | undefined;
    try {
      bytes = readAtMost(io, fd, info.size, limit);
    } catch (error) {
      return fail(cannotRead(error));
    }
    return bytes ?? fail(`holds more than ${limit} bytes (it claimed ${info.size}), ${over}`);
  } finally {
    io.closeSync(fd);
  }
}

/** `cannot be read (EIO)`: the message for an error opening or reading a file. */
function cannotRead(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? (error as Error).message})`;
}

/** Reads to the end, or stops once `limit + 1` bytes are in (undefined: over the limit). */
function readAtMost(io: FileIo, fd: number, claimed: number, limit: number): Buffer | undefined {
  let buffer = Buffer.allocUnsafe(Math.min(Math.max(claimed + 1, 8 * KIB), limit + 1));
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total > limit) return undefined;
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(bigger, 0, 0, total);
      buffer = bigger;
    }
    const bytesRead = io.readSync(fd, buffer, total, buffer.length - total, null);
    if (bytesRead === 0) return buffer.subarray(0, total);
    total += bytesRead;
  }
}
