import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { parseDocuments, type PersonaSource, type SourceDocument, type SourceResult } from './persona-source.js';

/** File endings read as persona files. */
export const PERSONA_FILE = /\.(json|ya?ml)$/i;
const GLOB_CHARS = /[*?[\]{}]/;

/** Options of a {@link LocalSource}. */
export interface LocalSourceOptions {
  /** A file, a directory (read recursively) or a glob, relative to `workspace`. */
  spec: string;
  /** Where relative paths start: `GITHUB_WORKSPACE`, or the current directory. */
  workspace: string;
  /** When set, a path that does not exist contributes nothing instead of failing. */
  optional?: boolean;
}

/** Persona files on disk: a file, a directory of files, or a glob. */
export class LocalSource implements PersonaSource {
  readonly label: string;
  constructor(private readonly options: LocalSourceOptions) {
    this.label = options.spec;
  }

  async load(): Promise<SourceResult> {
    const files = await this.files();
    const documents: SourceDocument[] = await Promise.all(
      files.map(async (file) => ({ file: this.display(file), text: await readFile(file, 'utf8') })),
    );
    return parseDocuments(this.label, documents);
  }

  private display(file: string): string {
    const rel = path.relative(this.options.workspace, file);
    return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
  }

  private async files(): Promise<string[]> {
    const { spec, workspace, optional } = this.options;
    if (GLOB_CHARS.test(spec)) {
      const { glob } = await import('tinyglobby');
      const matches = (await glob(spec, { cwd: workspace, absolute: true, onlyFiles: true, dot: false })).filter((f) => PERSONA_FILE.test(f));
      if (!matches.length && !optional) throw new ConfigurationError(`library: glob "${spec}" matches no .json, .yml or .yaml file`);
      return matches.sort();
    }
    const full = path.resolve(workspace, spec);
    const info = await stat(full).catch(() => undefined);
    if (!info) {
      if (optional) return [];
      throw new ConfigurationError(`library: "${spec}" does not exist (resolved to ${full})`);
    }
    if (info.isFile()) {
      if (!PERSONA_FILE.test(full)) throw new ConfigurationError(`library: "${spec}" is not a .json, .yml or .yaml file`);
      return [full];
    }
    const entries = await readdir(full, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && PERSONA_FILE.test(e.name) && !e.name.startsWith('.'))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
  }
}
