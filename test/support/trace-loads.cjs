// Preload (`node -r`) that records every file the process loads as a module,
// CommonJS (require) and ES module (import), into $TRACE_LOADS_FILE.
const fs = require('node:fs');
const Module = require('node:module');
const log = process.env.TRACE_LOADS_FILE;
const original = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  fs.appendFileSync(log, `${filename}\n`);
  return original.call(this, content, filename);
};
Module.register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    export async function load(url, context, next) {
      if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, fileURLToPath(url) + '\\n');
      return next(url, context);
    }`)}`,
);
// Node's own modules that cost start-up time, as `builtin:<name>` lines at exit.
const before = new Set(process.moduleLoadList);
process.on('exit', () => {
  const heavy = ['net', 'tls', 'http', 'https', 'zlib', 'crypto', 'stream'];
  const loaded = process.moduleLoadList.filter((m) => !before.has(m)).map((m) => m.replace(/^NativeModule /, ''));
  for (const name of heavy) if (loaded.includes(name)) fs.appendFileSync(log, `builtin:${name}\n`);
});
