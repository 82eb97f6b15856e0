/**
 * The state a job has read, with its ETag, kept under `$RUNNER_TEMP` so a
 * second read in the same job (the next stage of a composite, a second
 * action) sends `If-None-Match` and costs one 304, which GitHub does not
 * count against the rate limit. `$RUNNER_TEMP` is emptied at the end of
 * every job and belongs to it alone, so the cache never outlives the job and
 * no other job can plant an entry.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';

/** The folder under `$RUNNER_TEMP` that holds the entries. */
export const STATE_READ_CACHE_FOLDER = 'persona-state';

/** One cached read: the state text as served and its ETag. */
export interface CachedStateRead {
  etag: string;
  text: string;
}

/** The most bytes an entry file may have: a 1 MiB state, escaped as JSON, and its ETag. */
const MAX_ENTRY_BYTES = 3 * 1024 * 1024;

let counter = 0;

/**
 * Entries keyed by store (API root, repository, branch): one small JSON file
 * each, named by the key's sha256, written atomically (temporary sibling,
 * then rename). A missing, unreadable or malformed entry is no entry: the
 * read then simply goes unconditional. Failures to save are logged at debug
 * level and ignored, because the cache only saves a request.
 */
export class StateReadCache {
  /** @param directory usually `$RUNNER_TEMP/persona-state`; created on the first save. */
  constructor(
    readonly directory: string,
    private readonly logger: Logger,
  ) {}

  /** The cached read of `key`, if any. */
  get(key: string): CachedStateRead | undefined {
    const file = this.file(key);
    try {
      const stat = fs.lstatSync(file);
      if (!stat.isFile() || stat.size > MAX_ENTRY_BYTES) return undefined;
      const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CachedStateRead & { key: string }> | null;
      if (value?.key !== key || typeof value.etag !== 'string' || typeof value.text !== 'string') return undefined;
      return { etag: value.etag, text: value.text };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT')
        this.logger.debug(`the cached state read ${file} is unusable (${describe(error)}); reading without it`);
      return undefined;
    }
  }

  /** Saves `entry` for `key`, replacing any earlier one; never throws. */
  put(key: string, entry: CachedStateRead): void {
    const file = this.file(key);
    const temp = `${file}.${process.pid}.${Date.now().toString(36)}.${counter++}.tmp`;
    try {
      fs.mkdirSync(this.directory, { recursive: true });
      // `wx`: never write through a file or link that is already there; rename replaces the entry atomically.
      fs.writeFileSync(temp, JSON.stringify({ key, ...entry }), { flag: 'wx' });
      fs.renameSync(temp, file);
    } catch (error) {
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        // Nothing was renamed, so the entry is as it was; a stray temporary file in RUNNER_TEMP goes with the job.
      }
      this.logger.debug(`the state read could not be cached in ${this.directory} (${describe(error)})`);
    }
  }

  private file(key: string): string {
    return path.join(this.directory, `${createHash('sha256').update(key).digest('hex')}.json`);
  }
}

function describe(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return typeof code === 'string' ? code : typeof message === 'string' ? message : String(error);
}
