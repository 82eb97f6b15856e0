import { statSync } from 'node:fs';
import path from 'node:path';
import { mapConcurrent } from '../edge/map-concurrent.js';
import { ConfigurationError, isConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { MAX_PERSONA_FILE_BYTES, PERSONA_FILE_PATTERN } from '../persona/vocabulary.js';
import { DIRECTORY_FILTER, GLOB_CHARS, planGlob } from './local-glob.js';
import { walkInside, type FoundFile } from './local-walk.js';
import { decodePersonaText, joinResults, parseDocuments, type PersonaSource, type SourceResult } from './persona-source.js';
import { describeNonRegular, notRegularMessage, readRegularFile, type RegularFileOptions } from './read-regular-file.js';

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
  /** How many files are read and parsed at once (default 16). */
  concurrency?: number;
  /** The calls that read a file; `node:fs` unless a test injects others. */
  io?: RegularFileOptions['io'];
}

/**
 * Persona files on disk: a file, a directory of files, or a glob.
 *
 * A path written in the spec (a file, a directory, a glob's static base such
 * as `.github/personas` of `.github/personas/**\/*.yml`) may be anywhere,
 * through links too. What is found below it is held to it: see
 * {@link walkInside} (links must resolve inside the walked directory or the
 * glob's base, loops are skipped, only regular files are read). A directory
 * is read recursively, in path order; below it, every file or directory whose
 * name starts with `.` is skipped (`.draft.yml`, `.archive/old.yml`), as a
 * glob skips them. A directory reached twice through links inside it (not a
 * loop) is read twice, and its personas then clash as duplicate ids naming
 * both paths.
 *
 * Files are read through {@link readRegularFile} (regular files only, at most
 * 1 MiB, never blocking) and parsed by at most 16 tasks at once, each reading
 * one file then parsing it, so a large library never sits in memory as text;
 * results keep path order. Each file must be UTF-8 (see
 * {@link decodePersonaText}). Every problem of a file is a diagnostic of it,
 * reported with every other file's.
 */
export class LocalSource implements PersonaSource {
  readonly label: string;
  constructor(private readonly options: LocalSourceOptions) {
    this.label = options.spec;
  }

  /** @throws ConfigurationError when the spec names nothing to read (see {@link LocalSourceOptions.optional}). */
  async load(): Promise<SourceResult> {
    return joinResults(this.label, await mapConcurrent(await this.files(), (found) => this.read(found), this.options.concurrency));
  }

  /** One found file parsed, or the problem that keeps it from being read. */
  private async read(found: FoundFile): Promise<SourceResult> {
    const file = this.display(found.path);
    if (found.problem) return { label: this.label, definitions: [], diagnostics: [{ file, message: found.problem }] };
    let text: string;
    try {
      const options = { display: file, limit: MAX_PERSONA_FILE_BYTES, limitOf: 'a persona file', follow: found.follow, io: this.options.io };
      text = decodePersonaText(readRegularFile(found.open, options), file);
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
    if (GLOB_CHARS.test(spec)) return this.globFiles();
    const full = path.resolve(workspace, spec);
    // Synchronous and from node:fs, so the common case (the default
    // .github/personas is absent) never loads node:fs/promises (≈2 ms).
    const info = statSync(full, { throwIfNoEntry: false });
    if (!info) {
      if (optional) return [];
      throw new ConfigurationError(`library: "${spec}" does not exist (resolved to ${full})`);
    }
    if (!info.isDirectory()) {
      if (!PERSONA_FILE_PATTERN.test(full)) throw new ConfigurationError(`library: "${spec}" is not a .json, .yml or .yaml file`);
      // Named explicitly, so it may be a link to anywhere; but never a FIFO or device.
      const kind = describeNonRegular(info);
      return [{ path: full, open: full, follow: true, ...(kind ? { problem: notRegularMessage(kind) } : {}) }];
    }
    const found = await walkInside(full, DIRECTORY_FILTER, quote(spec));
    if (!found.length && !optional) throw new ConfigurationError(`library: directory "${spec}" holds no .json, .yml or .yaml file`);
    return found;
  }

  /** The files a glob matches, walked from its static base. */
  private async globFiles(): Promise<FoundFile[]> {
    const { spec, workspace, optional } = this.options;
    const { base, filter } = planGlob(spec);
    const root = path.resolve(workspace, base || '.');
    const info = statSync(root, { throwIfNoEntry: false });
    const found = info?.isDirectory() ? await walkInside(root, filter, base ? quote(base) : 'the workspace') : [];
    if (!found.length && !optional) throw new ConfigurationError(`library: glob "${spec}" matches no .json, .yml or .yaml file`);
    return found;
  }
}
