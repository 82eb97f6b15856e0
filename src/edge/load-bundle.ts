import path from 'node:path';
import { pathToFileURL } from 'node:url';

declare const __webpack_require__: unknown;

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
  return (await import(/* webpackIgnore: true */ pathToFileURL(path.join(distRoot(), 'bundles', name, 'index.js')).href)) as T;
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
