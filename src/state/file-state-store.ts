/**
 * The `file:<path>` state store (self-hosted runners, local use, tests):
 * `state.json` at `path`, its history beside it as append-only JSON lines
 * (`<path>.history.jsonl`, one {@link HistoryEntry} per line), and a lock
 * (`<path>.lock`, see file-lock.ts) around every read-modify-write.
 *
 * An update, under the lock: read and validate the state → `change` → write
 * the new state to a temporary file in the same folder and fsync it → append
 * the history line (one write, fsync; cut back on failure) → rename the
 * temporary file over the state (atomic) → unlock. Any failure before the
 * rename leaves the old state and history as they were. A process killed
 * between the append and the rename leaves one history line whose change is
 * not in the state: the state (with its `acks`) decides, the history is the
 * audit trail. `read()` takes no lock: the rename makes every read see a
 * whole state.
 */
import os from 'node:os';
import path from 'node:path';
import { constants } from 'node:fs';
import { ConfigurationError } from '../errors/configuration-error.js';
import { type Logger, noopLogger } from '../logging/logger.js';
import { readRegularFile } from '../library/read-regular-file.js';
import { MAX_STATE_BYTES, parseState, serializeState } from '../switching/parse-state.js';
import { toHistoryEntry } from '../switching/history-entry.js';
import type { HistoryEntry, PersonaState } from '../switching/persona-state.js';
import { LostRaceError, REAL_CAS_TIMING, updateWithRetries } from './compare-and-swap.js';
import { acquireFileLock, errorCode, type LockTiming, NODE_STORE_FS, processAlive, removeQuietly, type StoreFs, writeFully } from './file-lock.js';
import type { StateChange, StateStore } from './state-store.js';

/** How much of the end of the history file `history()` reads. */
export const MAX_HISTORY_TAIL_BYTES = 1024 * 1024;
/** Default wait for another writer's lock. */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;
/** Default age after which a lock is stale whatever it says. */
export const DEFAULT_STALE_LOCK_MS = 60_000;

/** Options of {@link createFileStateStore}. */
export interface FileStateStoreOptions {
  /** Absolute path of the state file. */
  path: string;
  /** Clock, sleep and jitter (defaults: real time, `Math.random`). */
  timing?: Partial<LockTiming>;
  /** Default 30 s. */
  lockTimeoutMs?: number;
  /** Default 60 s. */
  staleLockMs?: number;
  /** Warnings: a stale lock removed, history lines skipped. */
  logger?: Logger;
  /** Default `node:fs`; tests inject a full disk. */
  fs?: StoreFs;
  /** Default `os.hostname()`, `process.pid` and a `kill(pid, 0)` check. */
  host?: string;
  pid?: number;
  isAlive?(pid: number): boolean;
}

/** The paths of a store at `file`: the state, its history and its lock. */
export function fileStorePaths(file: string): { state: string; history: string; lock: string } {
  return { state: file, history: `${file}.history.jsonl`, lock: `${file}.lock` };
}

/** A {@link StateStore} in a file; see the module comment for the protocol. */
export function createFileStateStore(options: FileStateStoreOptions): StateStore {
  return new FileStateStore(options);
}

class FileStateStore implements StateStore {
  readonly description: string;
  private readonly paths: ReturnType<typeof fileStorePaths>;
  private readonly fs: StoreFs;
  private readonly timing: LockTiming;
  private readonly logger: Logger;
  private readonly warned = new Set<string>();
  private tempCounter = 0;

  constructor(private readonly options: FileStateStoreOptions) {
    this.paths = fileStorePaths(path.resolve(options.path));
    this.description = `file ${this.paths.state}`;
    this.fs = options.fs ?? NODE_STORE_FS;
    this.timing = { ...REAL_CAS_TIMING, now: () => Date.now(), ...options.timing };
    this.logger = options.logger ?? noopLogger;
  }

  async read(): Promise<PersonaState | undefined> {
    const text = this.readText();
    return text === undefined ? undefined : parseState(text, this.paths.state);
  }

  async update<T>(change: (current: PersonaState | undefined) => StateChange<T>): Promise<T> {
    this.makeFolder();
    const lock = await acquireFileLock(this.paths.lock, {
      description: this.description,
      timeoutMs: this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
      staleMs: this.options.staleLockMs ?? DEFAULT_STALE_LOCK_MS,
      timing: this.timing,
      fs: this.fs,
      host: this.options.host ?? os.hostname(),
      pid: this.options.pid ?? process.pid,
      isAlive: this.options.isAlive ?? processAlive,
      logger: this.logger,
    });
    try {
      // Under the lock nobody else writes; the compare-and-swap still guards against a lock broken as stale under a stalled writer.
      return await updateWithRetries(
        async () => {
          const text = this.readText();
          return { state: text === undefined ? undefined : parseState(text, this.paths.state), version: text };
        },
        async (write, version) => {
          if (this.readText() !== version) throw new LostRaceError();
          this.commit(write.state, write.entry);
        },
        change,
        { description: this.description, timing: this.timing, attempts: 3 },
      );
    } finally {
      lock.release();
    }
  }

  async history(limit: number): Promise<HistoryEntry[]> {
    if (limit <= 0) return [];
    const tail = this.readHistoryTail();
    if (tail === undefined) return [];
    const lines = tail.text.split('\n');
    if (!tail.fromStart) lines.shift();
    const last = lines.pop();
    if (last) this.warnOnce(`${this.paths.history}: the last line is incomplete (a write that was cut off); it is skipped`);
    const entries: HistoryEntry[] = [];
    let skipped = 0;
    for (let i = lines.length - 1; i >= 0 && entries.length < limit; i--) {
      if (lines[i] === '') continue;
      const entry = parseHistoryLine(lines[i]!);
      if (entry) entries.push(entry);
      else skipped++;
    }
    if (skipped > 0) this.warnOnce(`${this.paths.history}: skipped ${skipped} line(s) that are not history entries`);
    return entries;
  }

  /** The state file's text; undefined when there is none. Only a regular file is read, never through a link. */
  private readText(): string | undefined {
    let absent = false;
    const fs = this.fs;
    const io = {
      ...fs,
      openSync(file: string, flags: number): number {
        try {
          return fs.openSync(file, flags);
        } catch (error) {
          absent = (error as NodeJS.ErrnoException).code === 'ENOENT';
          throw error;
        }
      },
    };
    try {
      return readRegularFile(this.paths.state, { display: this.paths.state, limit: MAX_STATE_BYTES, limitOf: 'a state file', follow: false, io }).toString(
        'utf8',
      );
    } catch (error) {
      if (absent) return undefined;
      throw error;
    }
  }

  /** Creates the state's folder when it is missing (one level: its parent must exist). */
  private makeFolder(): void {
    const folder = path.dirname(this.paths.state);
    try {
      this.fs.mkdirSync(folder, 0o755);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      throw new ConfigurationError(
        `${this.description}: cannot create the folder ${folder}: ${errorCode(error)}${code === 'ENOENT' ? ' (only the last folder of the path is created)' : ''}; nothing was written`,
      );
    }
  }

  /** Temp file → history line → rename; on any failure nothing is left changed. */
  private commit(state: PersonaState, entry: HistoryEntry): void {
    const bytes = Buffer.from(serializeState(state), 'utf8');
    if (bytes.length > MAX_STATE_BYTES)
      throw new ConfigurationError(`${this.description}: the new state is ${bytes.length} bytes, over the 1 MiB limit; nothing was written`);
    const temp = path.join(path.dirname(this.paths.state), `.${path.basename(this.paths.state)}.${process.pid}.${this.tempCounter++}.tmp`);
    const fail = (error: unknown, undo: string): never => {
      if (error instanceof ConfigurationError) throw error;
      throw new ConfigurationError(`${this.description}: cannot write the state: ${errorCode(error)}; ${undo}`);
    };
    try {
      this.writeTemp(temp, bytes);
    } catch (error) {
      removeQuietly(this.fs, temp);
      fail(error, 'nothing was written');
    }
    let appended: { fd: number; size: number } | undefined;
    try {
      appended = this.appendHistory(`${JSON.stringify(entry)}\n`);
      this.fs.renameSync(temp, this.paths.state);
    } catch (error) {
      removeQuietly(this.fs, temp);
      fail(error, appended ? this.cutBack(appended) : 'nothing was written');
    } finally {
      if (appended) this.fs.closeSync(appended.fd);
    }
  }

  private writeTemp(temp: string, bytes: Buffer): void {
    const fd = this.fs.openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o644);
    try {
      writeFully(this.fs, fd, bytes);
      this.fs.fsyncSync(fd);
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Appends `line` in one write (after a newline when a cut-off line ends the file); cut back to the old size when it fails. */
  private appendHistory(line: string): { fd: number; size: number } {
    const file = this.paths.history;
    const fd = this.openHistory(constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, file);
    let size = -1;
    try {
      size = this.fs.fstatSync(fd).size;
      const lastByte = Buffer.alloc(1);
      const torn = size > 0 && this.fs.readSync(fd, lastByte, 0, 1, size - 1) === 1 && lastByte[0] !== 0x0a;
      writeFully(this.fs, fd, Buffer.from(`${torn ? '\n' : ''}${line}`, 'utf8'));
      this.fs.fsyncSync(fd);
      return { fd, size };
    } catch (error) {
      const outcome = size >= 0 ? this.cutBack({ fd, size }) : 'nothing was written';
      this.fs.closeSync(fd);
      throw new ConfigurationError(`${this.description}: cannot append to ${file}: ${errorCode(error)}; ${outcome}`);
    }
  }

  /** Truncates the history back to `size`; says what the files hold now. */
  private cutBack({ fd, size }: { fd: number; size: number }): string {
    try {
      this.fs.ftruncateSync(fd, size);
      return 'nothing was written (the history line was cut off again)';
    } catch (error) {
      return `the state is unchanged, but ${this.paths.history} may end with a line for this change (cutting it back failed: ${errorCode(error)})`;
    }
  }

  /** Opens the history file: never through a link, only a regular file. */
  private openHistory(flags: number, file: string): number {
    let fd: number;
    try {
      fd = this.fs.openSync(file, flags | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o644);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw error;
      if (code === 'ELOOP')
        throw new ConfigurationError({ file, message: 'is a symbolic link, not a regular file (the history is never written or read through a link)' });
      throw new ConfigurationError({ file, message: `cannot be opened: ${errorCode(error)}` });
    }
    if (!this.fs.fstatSync(fd).isFile()) {
      this.fs.closeSync(fd);
      throw new ConfigurationError({ file, message: 'is not a regular file' });
    }
    return fd;
  }

  /** The last {@link MAX_HISTORY_TAIL_BYTES} of the history; undefined when there is none. */
  private readHistoryTail(): { text: string; fromStart: boolean } | undefined {
    let fd: number;
    try {
      fd = this.openHistory(constants.O_RDONLY, this.paths.history);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const size = this.fs.fstatSync(fd).size;
      const start = Math.max(0, size - MAX_HISTORY_TAIL_BYTES);
      const buffer = Buffer.alloc(size - start);
      let total = 0;
      while (total < buffer.length) {
        const read = this.fs.readSync(fd, buffer, total, buffer.length - total, start + total);
        if (read === 0) break;
        total += read;
      }
      return { text: buffer.subarray(0, total).toString('utf8'), fromStart: start === 0 };
    } finally {
      this.fs.closeSync(fd);
    }
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.logger.warning(message);
  }
}

/** One history line as an entry (only the known fields, copied); undefined when it is not one. */
export function parseHistoryLine(line: string): HistoryEntry | undefined {
  try {
    return toHistoryEntry(JSON.parse(line));
  } catch {
    return undefined;
  }
}
