import path from 'node:path';
import { nodeRunnerFs, writeAll, type RunnerFs } from './runner-files.js';

let counter = 0;

/**
 * Writes `content` to `file` all or nothing: the content goes to a new
 * temporary sibling (same folder, so the same file system), which is then
 * renamed over `file`. A reader sees the old file or the whole new one,
 * never a part; when any step fails the sibling is removed and the error
 * (with its `code`, e.g. `ENOTDIR`, `EISDIR`, `ENOSPC`) is thrown. The
 * folder must exist. Synchronous, and no `node:crypto` or
 * `node:fs/promises`, so it costs nothing on the cold path. `fs` is the
 * real file system but in tests.
 */
export function writeFileAtomic(file: string, content: string, fs: RunnerFs = nodeRunnerFs): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.${counter++}.tmp`);
  let created = false;
  try {
    // `wx`: never write through a file (or a link) that is already there.
    const fd = fs.openSync(temp, 'wx');
    created = true;
    try {
      writeAll(fs, fd, Buffer.from(content, 'utf8'));
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    if (created) fs.removeSync(temp);
    throw error;
  }
}
