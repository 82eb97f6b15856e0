/** One output of the build (see build.mjs). */
export interface BuildEntry {
  /** Folder below dist/: `resolve-persona`, `resolve-persona/post`, `cli`, `bundles/parser`. */
  out: string;
  /** The TypeScript entry file. */
  entry: string;
  /** An ES-module bundle (dist/bundles/*); otherwise CommonJS. */
  esm?: boolean;
  /** Text put before the bundle (the CLI's shebang). */
  banner?: string;
  /** Built inside another output's folder (a post step). */
  nested?: boolean;
}
/** Every output of the build, discovered from src/actions/*, src/cli and src/bundles/*. */
export function discoverEntries(root?: string): BuildEntry[];
