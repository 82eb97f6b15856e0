// Bundles every entry point with @vercel/ncc. Entry points are discovered, so
// adding an action means adding a folder:
// - src/actions/<name>/index.ts  -> dist/<name>/index.js       (the action's `main`)
// - src/actions/<name>/post.ts   -> dist/<name>/post/index.js  (its `post`, when present)
// - src/cli/index.ts             -> dist/cli/index.js          (the `persona` command)
// - src/bundles/<name>.ts        -> dist/bundles/<name>/index.js
//
// - Actions and the CLI are CommonJS (ncc's `esm: false`, with
//   dist/<name>/package.json saying so): Node starts a CommonJS bundle ~4 ms
//   faster than an ES module, a fifth of resolve-persona's budget.
// - Code several entry points share and that only some paths need (YAML +
//   zod, re2js, octokit, @actions/cache, @actions/artifact) is a
//   separate bundle under dist/bundles/, on disk once and loaded at run time
//   by src/edge/load-bundle.ts. ES modules unless the source is marked
//   CommonJS (COMMONJS_MARKER): Azure's storage SDK derives `require` from
//   `import.meta.url` in a way a CommonJS bundle breaks.
// - Everything is minified, lazy chunks included: start-up time is mostly
//   parse time.
//
// `node scripts/build.mjs [name...]` builds only the named outputs
// (`resolve-persona`, `cli`, `bundles/parser`).
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ncc from '@vercel/ncc';
import { minify } from 'terser';

/**
 * A shared bundle is an ES module unless its source says `// bundle format: commonjs`:
 * a CommonJS bundle is `require`d (src/edge/load-bundle.ts reads the format from the
 * bundle's package.json), which spares the ES-module loader (≈2 ms on the first
 * `import()`). Bundles whose dependencies need `import.meta` (Azure's storage SDK)
 * stay ES modules.
 */
export const COMMONJS_MARKER = '// bundle format: commonjs';

/** Every output of the build: its dist/ folder, entry file and format. */
export function discoverEntries(root = process.cwd()) {
  const entries = [];
  const actionsDir = path.join(root, 'src/actions');
  for (const name of readdirSync(actionsDir).sort()) {
    const dir = path.join(actionsDir, name);
    if (!existsSync(path.join(dir, 'index.ts'))) continue;
    entries.push({ out: name, entry: path.join(dir, 'index.ts') });
    if (existsSync(path.join(dir, 'post.ts'))) entries.push({ out: `${name}/post`, entry: path.join(dir, 'post.ts'), nested: true });
  }
  // A small young generation keeps `persona validate` of 10,000 files under 150 MiB (V8 grows it to 128 MB otherwise).
  entries.push({ out: 'cli', entry: path.join(root, 'src/cli/index.ts'), banner: '#!/usr/bin/env -S node --max-semi-space-size=4\n' });
  const bundlesDir = path.join(root, 'src/bundles');
  for (const file of readdirSync(bundlesDir).sort()) {
    if (!file.endsWith('.ts')) continue;
    const commonjs = readFileSync(path.join(bundlesDir, file), 'utf8').includes(COMMONJS_MARKER);
    entries.push({ out: `bundles/${file.slice(0, -3)}`, entry: path.join(bundlesDir, file), esm: !commonjs });
  }
  return entries;
}

/**
 * yaml reads `process.env.LOG_TOKENS` on every token and `LOG_STREAM` on
 * every document node (debug switches; each read is a getenv call, about a
 * fifth of parsing). They are defined away here, as a bundler `define`
 * would: `<process>.env.LOG_TOKENS` becomes `undefined`. Returns the code
 * and how many reads were replaced.
 */
export function withoutYamlDebugSwitches(code) {
  let count = 0;
  const out = code.replace(/\b[\w$]+\.env\.(?:LOG_TOKENS|LOG_STREAM)\b/g, () => {
    count++;
    return 'void 0';
  });
  return { code: out, count };
}

async function build({ out: name, entry, esm = false, banner = '', nested = false }) {
  const { code: bundled, assets } = await ncc(path.resolve(entry), {
    esm,
    minify: true,
    quiet: true,
    target: 'es2023',
    license: 'licenses.txt',
    sourceMap: false,
    cache: false,
  });
  const { code, count: inEntry } = withoutYamlDebugSwitches(bundled);
  let count = inEntry;
  const out = path.join('dist', name);
  if (nested) rmSync(out, { recursive: true, force: true });
  else for (const f of existsSync(out) ? readdirSync(out) : []) if (f !== 'post') rmSync(path.join(out, f), { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // ncc's own minification leaves a fifth of the entry that terser still removes: parse time is start-up time.
  writeFileSync(path.join(out, 'index.js'), banner + (await minify(code, { module: esm, compress: true, mangle: true })).code);
  if (banner) chmodSync(path.join(out, 'index.js'), 0o755);
  for (const [file, asset] of Object.entries(assets)) {
    if (file === 'package.json') continue;
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    // ncc minifies only the entry; lazy chunks are parse time too.
    const chunk = file.endsWith('.js') ? withoutYamlDebugSwitches(asset.source.toString()) : undefined;
    count += chunk?.count ?? 0;
    const source = chunk ? (await minify(chunk.code, { module: esm, compress: true, mangle: true })).code : asset.source;
    writeFileSync(path.join(out, file), source);
  }
  if (name === 'bundles/parser-full' && count < 2)
    throw new Error("build: yaml's LOG_TOKENS/LOG_STREAM reads were not found in bundles/parser-full (did yaml change?)");
  if (!nested) writeFileSync(path.join(out, 'package.json'), `{ "type": "${esm ? 'module' : 'commonjs'}" }\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.slice(2);
  const entries = discoverEntries();
  if (!only.length) {
    // Remove outputs whose source is gone (a renamed action or bundle).
    const keep = new Set(entries.map((e) => e.out.split('/')[0]));
    for (const f of existsSync('dist') ? readdirSync('dist') : []) if (!keep.has(f)) rmSync(path.join('dist', f), { recursive: true, force: true });
    for (const f of existsSync('dist/bundles') ? readdirSync('dist/bundles') : [])
      if (!entries.some((e) => e.out === `bundles/${f}`)) rmSync(path.join('dist/bundles', f), { recursive: true, force: true });
  }
  if (only.length) for (const entry of entries.filter((e) => only.includes(e.out))) await build(entry);
  else await buildEach(entries.map((e) => e.out));
}

/**
 * Builds each output in a process of its own, two at a time: ncc type-checks
 * the sources (src/tsconfig.json, the nearest to every entry) for every entry
 * and keeps what it loaded, so one process building every entry runs out of
 * heap. A parent and its nested output
 * (dist/<name>/ and dist/<name>/post/) touch disjoint files.
 */
async function buildEach(outs, concurrency = 2) {
  const queue = [...outs];
  const worker = async () => {
    for (let out = queue.shift(); out; out = queue.shift()) {
      const code = await new Promise((resolve) => spawn(process.execPath, [fileURLToPath(import.meta.url), out], { stdio: 'inherit' }).on('close', resolve));
      if (code !== 0) throw new Error(`build: ${out} failed (exit code ${code})`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
