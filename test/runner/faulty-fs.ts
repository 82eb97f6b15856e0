import { nodeRunnerFs, type RunnerFs } from '../../src/runner/runner-files.js';

/** An error as Node's fs throws it: a message and a `code`. */
export function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/**
 * The real file system, except that every file whose path `fullAt` accepts
 * takes only `room` more bytes per write: the write that would pass them
 * writes what fits (a real partial write) and the next one fails with
 * ENOSPC, as a disk that fills mid-write does.
 */
export function fullDisk(room: number, fullAt: (file: string) => boolean = () => true): RunnerFs {
  const full = new Set<number>();
  return {
    ...nodeRunnerFs,
    openSync(file, flags) {
      const fd = nodeRunnerFs.openSync(file, flags);
      if (fullAt(file)) full.add(fd);
      return fd;
    },
    writeSync(fd, buffer, offset, length) {
      if (!full.has(fd)) return nodeRunnerFs.writeSync(fd, buffer, offset, length);
      if (room <= 0) throw fsError('ENOSPC');
      const wrote = nodeRunnerFs.writeSync(fd, buffer, offset, Math.min(length, room));
      room -= wrote;
      return wrote;
    },
    closeSync(fd) {
      full.delete(fd);
      nodeRunnerFs.closeSync(fd);
    },
  };
}

/**
 * A read-only file system under `root` as the kernel answers: folders that
 * are not there are absent (`ENOENT` from stat), and creating one fails with
 * `EROFS`; everything else is the real file system.
 */
export function readOnlyUnder(root: string): RunnerFs {
  const inside = (p: string) => p === root || p.startsWith(`${root}/`);
  return {
    ...nodeRunnerFs,
    statSync(file) {
      if (inside(file) && file !== root) throw fsError('ENOENT');
      return nodeRunnerFs.statSync(file);
    },
    mkdirSync(dir) {
      if (inside(dir)) throw fsError('EROFS');
      return nodeRunnerFs.mkdirSync(dir);
    },
  };
}
