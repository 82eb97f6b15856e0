import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

declare const __webpack_require__: unknown;
/** Node's own `require` inside a webpack (ncc) bundle, where `require` is webpack's. */
declare const __non_webpack_require__: NodeJS.Require;

/**
 * Loads code that several entry points share, only when a code path needs it.
 *
 * Bundled, `name` is `dist/bundles/<name>/index.js`, built once from
 * `src/bundles/<name>.ts` (scripts/build.mjs discovers them) and shared by
 * every action and the CLI, so heavy dependencies (YAML + zod, re2js,
 * octokit, `@actions/cache`, `@actions/artifact`) are on disk once and
 * never on an action's cold path. Unbundled (tests, tsx), `unbundled` imports
 * the source module instead; callers pass it as
 * `() => import(/* webpackIgnore: true *\/ '…')` so the bundler does not copy
 * the module into the caller's bundle.
 *
 * The entry bundle (CommonJS, where `__dirname` is its folder) finds dist/
 * and records it process-wide, so a bundle (an ES module, without
 * `__dirname`) can load another bundle too.
 */
export async function importBundle<T>(name: string, unbundled: () => Promise<T>): Promise<T> {
  if (typeof __webpack_require__ === 'undefined') return unbundled();
  const dir = path.join(distRoot(), 'bundles', name);
  // A CommonJS bundle (its package.json says so) is required: the ES-module loader costs ≈2 ms to start.
  if (isCommonJs(dir)) return __non_webpack_require__(path.join(dir, 'index.js')) as T;
  return (await import(/* webpackIgnore: true */ pathToFileURL(path.join(dir, 'index.js')).href)) as T;
}

/** The format of each bundle read so far: callers import a bundle once per file they parse, and the answer never changes. */
const commonJs = new Map<string, boolean>();

/** Whether the bundle in `dir` is CommonJS, by the `type` of its package.json (written by scripts/build.mjs), read once. */
function isCommonJs(dir: string): boolean {
  let answer = commonJs.get(dir);
  if (answer === undefined)
    commonJs.set(dir, (answer = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: string }).type === 'commonjs'));
  return answer;
}

const DIST_ROOT = Symbol.for('pipeline-personas.dist-root');

/** dist/: the nearest folder of that name above the entry bundle (dist/<action>/, dist/<action>/post/, dist/cli/). */
function distRoot(): string {
  const shared = globalThis as { [DIST_ROOT]?: string };
  if (shared[DIST_ROOT]) return shared[DIST_ROOT];
  if (typeof __dirname === 'undefined') throw new Error('no entry bundle has located dist/');
  let dir = __dirname;
  while (path.basename(dir) !== 'dist' && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return (shared[DIST_ROOT] = dir);
}

/**
 * The package's root folder (the one holding dist/ and actions/): beside the
 * running bundles' dist/, or, unbundled (tests, tsx), the current directory.
 */
export function packageRoot(): string {
  return typeof __webpack_require__ === 'undefined' ? process.cwd() : path.dirname(distRoot());
}
