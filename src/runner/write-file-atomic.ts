import { closeSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let counter = 0;

/**
 * Writes `content` to `file` all or nothing: the content goes to a new
 * temporary sibling (same folder, so the same file system), which is then
 * renamed over `file`. A reader sees the old file or the whole new one,
 * never a part; when any step fails the sibling is removed and the error
 * (with its `code`, e.g. `ENOTDIR`, `EISDIR`, `ENOSPC`) is thrown. The
 * folder must exist. Synchronous, and no `node:crypto` or
 * `node:fs/promises`, so it costs nothing on the cold path.
 */
export function writeFileAtomic(file: string, content: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.${counter++}.tmp`);
  let created = false;
  try {
    // `wx`: never write through a file (or a link) that is already there.
    const fd = openSync(temp, 'wx');
    created = true;
    try {
      writeFileSync(fd, content, 'utf8');
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    if (created) rmSync(temp, { force: true });
    throw error;
  }
}
