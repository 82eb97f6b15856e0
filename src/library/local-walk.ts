import { readdirSync, readlinkSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { quote } from '../errors/quote.js';
import { byCodeUnit } from '../persona/code-unit-order.js';
import type { WalkFilter } from './local-glob.js';
import { describeNonRegular, notRegularMessage } from './read-regular-file.js';

/** A persona file a walk found, or one it names but must not read. */
export interface FoundFile {
  /** Absolute, under the names the walk went through (a link's own name, not its target's). */
  path: string;
  /** What to open: `path`, or for a link the real path that was checked to lie inside the walked directory. */
  open: string;
  /** False when `open` must not itself be a link (O_NOFOLLOW): everything a walk found, already resolved. */
  follow: boolean;
  /** Why the file is not read, reported as a diagnostic of it. */
  problem?: string;
}

/** Where a directory entry leads: its type, and for a link the real path it resolves to. */
type Target = { kind: 'file' | 'directory' | 'other'; real: string; other?: string } | { problem: string; directory?: string };

/**
 * The persona files below `root` that `filter` accepts, in path order
 * (depth first, names in code-unit order).
 *
 * Only regular files are read; a FIFO, device or socket the filter accepts
 * is reported, never opened. Symbolic links are followed only inside
 * `root`: a link whose real path is elsewhere is reported as a problem of the
 * link (naming the link, never reading its target), and so are broken
 * links; a link to a directory on the way down to it, or to one containing
 * it (`up -> ..`, even above `root`), would loop, so it is skipped silently.
 * A link is looked at only when the filter wants a file or directory of its
 * name. A directory that cannot be listed is reported as a problem of it.
 * @param where how messages name `root` (`".github/personas"`, `the workspace`).
 */
export async function walkInside(root: string, filter: WalkFilter, where: string): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  const rootReal = realpathSync(root);
  /** @param chain the real paths of `dir` and the directories above it, up to `root`. */
  const visit = async (dir: string, rel: string, chain: readonly string[]): Promise<void> => {
    const entries = listDirectory(dir, (error) =>
      found.push({ path: dir, open: dir, follow: false, problem: `directory cannot be listed (${error.code ?? error.message})` }),
    );
    const loops = (real: string) => chain.some((above) => isWithin(above, real));
    for (const entry of entries.sort((a, b) => byCodeUnit(a.name, b.name))) {
      const full = path.join(dir, entry.name);
      const entryRel = rel ? `${rel}/${entry.name}` : entry.name;
      const wantsFile = filter.file(entryRel);
      const wantsDirectory = filter.directory(entryRel);
      if (!wantsFile && !wantsDirectory) continue;
      const target = await targetOf(entry, full, chain[chain.length - 1]!, rootReal, where);
      if ('problem' in target) {
        // A link to a directory above (`up -> ..`) is a loop even when it leaves the walked directory: skipped, never read.
        if (target.directory !== undefined && loops(target.directory)) continue;
        if (wantsFile || (wantsDirectory && target.directory !== undefined)) found.push({ path: full, open: full, follow: false, problem: target.problem });
      } else if (target.kind === 'directory') {
        // A link to a directory on the way down, or to one above it, would loop.
        if (wantsDirectory && !loops(target.real)) await visit(full, entryRel, [...chain, target.real]);
      } else if (wantsFile) {
        const problem = target.kind === 'other' ? notRegularMessage(target.other ?? 'not a regular file') : undefined;
        found.push({ path: full, open: target.real, follow: false, ...(problem ? { problem } : {}) });
      }
    }
  };
  await visit(root, '', [rootReal]);
  return found;
}

/**
 * Where an entry of a directory (whose real path is `parentReal`) leads.
 * A link is resolved with `realpath` and must stay inside `rootReal`; its
 * target's type comes from `stat` (no open, so a FIFO or device is never
 * touched).
 */
async function targetOf(entry: Dirent, full: string, parentReal: string, rootReal: string, where: string): Promise<Target> {
  if (!entry.isSymbolicLink()) {
    const real = path.join(parentReal, entry.name);
    if (entry.isFile()) return { kind: 'file', real };
    if (entry.isDirectory()) return { kind: 'directory', real };
    return { kind: 'other', real, other: describeNonRegular(entry) };
  }
  const text = attempt(() => readlinkSync(full)) ?? '?';
  let real: string;
  try {
    real = realpathSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: `broken symbolic link: its target ${quote(text)} does not exist` };
    return { problem: `symbolic link to ${quote(text)} cannot be followed (${code ?? (error as Error).message})` };
  }
  // stat, never open: the type of what a link leads to, even outside, without touching its content.
  const info = attempt(() => statSync(real));
  if (!isWithin(real, rootReal))
    return {
      problem: `symbolic link to ${quote(text)}, which leads outside ${where}: a link found in a directory or glob must stay inside it (name a file elsewhere directly in "library" to read it)`,
      ...(info?.isDirectory() ? { directory: real } : {}),
    };
  if (!info) return { problem: `symbolic link to ${quote(text)} cannot be followed` };
  if (info.isFile()) return { kind: 'file', real };
  if (info.isDirectory()) return { kind: 'directory', real };
  return { kind: 'other', real, other: describeNonRegular(info) };
}

/** True when `child` is `parent` or below it. */
export function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** A directory's entries, or none after telling `onError` why it cannot be listed. */
function listDirectory(dir: string, onError: (error: NodeJS.ErrnoException) => void): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    onError(error as NodeJS.ErrnoException);
    return [];
  }
}

/** What `read` gives, or undefined when it throws. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
