import path from 'node:path';
import { pathToFileURL } from 'node:url';

declare const __webpack_require__: unknown;

/** The toolkit modules bundled on their own, as ES modules. */
export type EdgeModule = 'artifact-upload' | 'actions-cache';

const unbundled: Record<EdgeModule, () => Promise<unknown>> = {
  'artifact-upload': () => import(/* webpackIgnore: true */ './artifact-upload.js'),
  'actions-cache': () => import(/* webpackIgnore: true */ './actions-cache.js'),
};

/**
 * Loads a toolkit module only when a code path needs it.
 *
 * The action bundles are CommonJS, which Node starts faster; `@actions/artifact`
 * and `@actions/cache` reach Azure's storage SDK, whose ES build derives
 * `require` from `import.meta.url` in a way a CommonJS bundle cannot express.
 * So they are bundled separately as ES modules (`dist/edge/<name>/index.js`)
 * and imported from there at run time; unbundled (tests, tsx) the source
 * module is imported directly.
 */
export async function importEdge<T>(name: EdgeModule): Promise<T> {
  if (typeof __webpack_require__ !== 'undefined') {
    const file = path.join(__dirname, '..', 'edge', name, 'index.js');
    return (await import(/* webpackIgnore: true */ pathToFileURL(file).href)) as T;
  }
  return (await unbundled[name]()) as T;
}
