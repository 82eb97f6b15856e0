// Bundles each entry point with @vercel/ncc into dist/<name>/index.js.
// - CommonJS output (ncc's `esm: false`, with dist/<name>/package.json saying
//   so): Node starts a CommonJS bundle ~4 ms faster than an ES module, which
//   is a fifth of resolve-persona's whole budget.
// - Minified, lazy chunks included: start-up time is mostly parse time.
// - Dynamic imports become separate chunks, loaded only on the paths that
//   need them (YAML + zod, octokit, @actions/cache, @actions/artifact).
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ncc from '@vercel/ncc';
import { minify } from 'terser';

// - The toolkit modules that reach Azure's storage SDK are bundled on their
//   own as ES modules (dist/edge/<name>/), see src/edge/load-edge.ts.
const entries = {
  'resolve-persona': { entry: 'src/actions/resolve-persona/index.ts' },
  cli: { entry: 'src/cli/index.ts', banner: '#!/usr/bin/env node\n' },
  'edge/artifact-upload': { entry: 'src/edge/artifact-upload.ts', esm: true },
  'edge/actions-cache': { entry: 'src/edge/actions-cache.ts', esm: true },
};
const only = process.argv.slice(2);
for (const [name, { entry, esm = false, banner = '' }] of Object.entries(entries)) {
  if (only.length && !only.includes(name)) continue;
  const { code, assets } = await ncc(path.resolve(entry), {
    esm,
    minify: true,
    quiet: true,
    target: 'es2023',
    license: 'licenses.txt',
    sourceMap: false,
    cache: false,
  });
  const out = path.join('dist', name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'index.js'), banner + code);
  if (banner) chmodSync(path.join(out, 'index.js'), 0o755);
  for (const [file, asset] of Object.entries(assets)) {
    if (file === 'package.json') continue;
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    // ncc minifies only the entry; lazy chunks are parse time too.
    const source = file.endsWith('.js') ? (await minify(asset.source.toString(), { module: esm, compress: true, mangle: true })).code : asset.source;
    writeFileSync(path.join(out, file), source);
  }
  writeFileSync(path.join(out, 'package.json'), `{ "type": "${esm ? 'module' : 'commonjs'}" }\n`);
}
