import { promises as fsp, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { importBundle } from '../edge/load-bundle.js';
import { ConfigurationError, isConfigurationError } from '../errors/configuration-error.js';
import { byCodeUnit } from '../persona/code-unit-order.js';
import { PERSONA_FILE_PATTERN } from '../persona/vocabulary.js';
import { decodePersonaText, parseDocuments, type PersonaSource, type SourceResult } from './persona-source.js';

const GLOB_CHARS = /[*?[\]{}]/;

/** Options of a {@link LocalSource}. */
export interface LocalSourceOptions {
  /** A file, a directory (read recursively) or a glob, relative to `workspace`. */
  spec: string;
  /** Where relative paths start: `GITHUB_WORKSPACE`, or the current directory. */
  workspace: string;
  /**
   * When set, a path that does not exist, a directory without persona files
   * and a glob that matches nothing contribute nothing instead of failing.
   */
  optional?: boolean;
}

/** A persona file a spec names, or a link that should lead to one but cannot be followed. */
interface FoundFile {
  /** Absolute. */
  path: string;
  /** Why the file cannot be read, reported as a diagnostic of it. */
  problem?: string;
}

/**
 * Persona files on disk: a file, a directory of files, or a glob.
 *
 * A directory is read recursively, in path order. Below it, every file or
 * directory whose name starts with `.` is skipped (`.draft.yml`,
 * `.archive/old.yml`), as a glob skips them. Symbolic links are followed:
 * a link to a file is read under the link's own name; a link to a directory
 * is descended into, except when its real path is that of a directory on
 * the way down to it, or one containing such a directory: that would be a
 * loop (`personas/up -> ..`), so it is skipped. A directory reached twice
 * through links (not a loop) is read twice, and its personas then clash as
 * duplicate ids naming both paths. A broken link named like a persona file is
 * a diagnostic naming the link.
 *
 * Each file must be UTF-8 (see {@link decodePersonaText}); a file that is not
 * is a diagnostic of that file, reported with every other file's problems.
 */
export class LocalSource implements PersonaSource {
  readonly label: string;
  constructor(private readonly options: LocalSourceOptions) {
    this.label = options.spec;
  }

  /** @throws ConfigurationError when the spec names nothing to read (see {@link LocalSourceOptions.optional}). */
  async load(): Promise<SourceResult> {
    const result: SourceResult = { label: this.label, definitions: [], diagnostics: [] };
    // Read in parallel, report in path order.
    for (const part of await Promise.all((await this.files()).map((found) => this.read(found)))) {
      result.definitions.push(...part.definitions);
      result.diagnostics.push(...part.diagnostics);
    }
    return result;
  }

  /** One found file parsed, or the problem that keeps it from being read. */
  private async read({ path: full, problem }: FoundFile): Promise<SourceResult> {
    const file = this.display(full);
    if (problem) return { label: this.label, definitions: [], diagnostics: [{ file, message: problem }] };
    let text: string;
    try {
      text = decodePersonaText(await fsp.readFile(full), file);
    } catch (error) {
      if (!isConfigurationError(error)) throw error;
      return { label: this.label, definitions: [], diagnostics: [...error.diagnostics] };
    }
    return parseDocuments(this.label, [{ file, text }]);
  }

  private display(file: string): string {
    const rel = path.relative(this.options.workspace, file);
    return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
  }

  private async files(): Promise<FoundFile[]> {
    const { spec, workspace, optional } = this.options;
    if (GLOB_CHARS.test(spec)) {
      const { glob } = await importBundle('glob', () => import(/* webpackIgnore: true */ 'tinyglobby'));
      const matches = (await glob(spec, { cwd: workspace, absolute: true, onlyFiles: true, dot: false })).filter((f) => PERSONA_FILE_PATTERN.test(f));
      if (!matches.length && !optional) throw new ConfigurationError(`library: glob "${spec}" matches no .json, .yml or .yaml file`);
      return matches.sort().map((match) => ({ path: match }));
    }
    const full = path.resolve(workspace, spec);
    // Synchronous and from node:fs, so the common case (the default
    // .github/personas is absent) never loads node:fs/promises (≈2 ms).
    const info = statSync(full, { throwIfNoEntry: false });
    if (!info) {
      if (optional) return [];
      throw new ConfigurationError(`library: "${spec}" does not exist (resolved to ${full})`);
    }
    if (info.isFile()) {
      if (!PERSONA_FILE_PATTERN.test(full)) throw new ConfigurationError(`library: "${spec}" is not a .json, .yml or .yaml file`);
      return [{ path: full }];
    }
    const found = await walk(full);
    if (!found.length && !optional) throw new ConfigurationError(`library: directory "${spec}" holds no .json, .yml or .yaml file`);
    return found;
  }
}

/** The persona files below `root`, in path order, skipping dot-names and following symbolic links as {@link LocalSource} describes. */
async function walk(root: string): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  /** @param chain the real paths of `dir` and the directories above it, up to `root`. */
  const visit = async (dir: string, chain: readonly string[]): Promise<void> => {
    const entries = (await fsp.readdir(dir, { withFileTypes: true })).sort((a, b) => byCodeUnit(a.name, b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      const kind = await kindOf(entry, full);
      if (typeof kind === 'object') {
        if (PERSONA_FILE_PATTERN.test(entry.name)) found.push({ path: full, problem: kind.problem });
      } else if (kind === 'file') {
        if (PERSONA_FILE_PATTERN.test(entry.name)) found.push({ path: full });
      } else if (kind === 'directory') {
        const real = entry.isSymbolicLink() ? await fsp.realpath(full) : path.join(chain[chain.length - 1]!, entry.name);
        // A link to a directory on the way down, or to one above it, would loop.
        if (!chain.some((above) => isWithin(above, real))) await visit(full, [...chain, real]);
      }
    }
  };
  await visit(root, [await fsp.realpath(root)]);
  return found;
}

/** What a directory entry is, after following a symbolic link; a link that cannot be followed gives the problem. */
async function kindOf(entry: Dirent, full: string): Promise<'file' | 'directory' | 'other' | { problem: string }> {
  if (!entry.isSymbolicLink()) return entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other';
  try {
    const target = await fsp.stat(full);
    return target.isFile() ? 'file' : target.isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const target = await fsp.readlink(full).catch(() => '?');
    if (code === 'ENOENT') return { problem: `broken symbolic link: its target "${target}" does not exist` };
    return { problem: `symbolic link to "${target}" cannot be followed (${code ?? (error as Error).message})` };
  }
}

/** True when `child` is `parent` or below it. */
function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
