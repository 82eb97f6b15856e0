/**
 * `npm run bench`: prints one line per figure, `name value unit`.
 * - blend: build a library of N synthetic personas (50 constraints, 10 goals,
 *   10 thresholds each) and blend 10 of them, median over repeated runs;
 * - cold start: dist/resolve-persona/index.js against `node -e 0`, run
 *   alternately, medians and their ratio;
 * - bundle sizes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveBlend } from '../src/blend/blend.js';
import { PersonaLibrary } from '../src/library/persona-library.js';
import { syntheticLibrary } from './synthetic-library.js';

const root = path.resolve(import.meta.dirname, '..');
/** The Node that runs the bundles: PERSONA_BENCH_NODE (e.g. a Node 24 binary, the runner's runtime) or this one. */
const NODE = process.env.PERSONA_BENCH_NODE || process.execPath;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** One figure: `name value unit`, then its target when an issue names one. */
const line = (name: string, value: number, unit: string, target?: string) =>
  console.log(`${name} ${+value.toFixed(3)} ${unit}${target ? ` (target ${target})` : ''}`);

function blendFigure(size: number, runs: number): number {
  const definitions = syntheticLibrary(size);
  const expression = Array.from({ length: 10 }, (_, i) => `persona-${Math.floor((i * size) / 10) + 3}:${i + 1}`).join(',');
  const times: number[] = [];
  for (let r = 0; r < runs + 2; r++) {
    const start = performance.now();
    const library = PersonaLibrary.build([{ label: 'bench', definitions, diagnostics: [] }]);
    const persona = resolveBlend(library, expression, { onConflict: 'strict' });
    const elapsed = performance.now() - start;
    if (persona.blend.length !== 10) throw new Error('blend lost personas');
    if (r >= 2) times.push(elapsed); // the first two runs warm the JIT
  }
  return median(times);
}

function coldStart(runs: number, library?: Record<string, string>): { node: number; action: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-cold-'));
  for (const [file, text] of Object.entries(library ?? {})) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const env = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    RUNNER_TEMP: path.join(dir, 'temp'),
    GITHUB_WORKSPACE: dir,
    INPUT_PERSONA: 'security-first:0.6,cost-optimization:0.4',
    'INPUT_ON-CONFLICT': 'strict',
    INPUT_LIBRARY: '.github/personas',
    INPUT_ARTIFACT: 'true',
    INPUT_CACHE: 'true',
  };
  writeFileSync(env.GITHUB_OUTPUT, '');
  const time = (args: string[]) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(NODE, args, { env, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    return ms;
  };
  const nodeTimes: number[] = [];
  const actionTimes: number[] = [];
  const action = path.join(root, 'dist/resolve-persona/index.js');
  for (let i = 0; i < runs + 3; i++) {
    const a = time(['-e', '0']);
    const b = time([action]);
    if (i >= 3) {
      nodeTimes.push(a);
      actionTimes.push(b);
    }
  }
  return { node: median(nodeTimes), action: median(actionTimes) };
}

/** Every file below `dir`, with its size. */
function filesBelow(dir: string): Array<{ file: string; size: number }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesBelow(path.join(dir, e.name)) : [{ file: path.join(dir, e.name), size: statSync(path.join(dir, e.name)).size }],
  );
}

function bundleSizes(): void {
  const dist = path.join(root, 'dist');
  const outputs = readdirSync(dist).flatMap((name) => (name === 'bundles' ? readdirSync(path.join(dist, name)).map((b) => `bundles/${b}`) : [name]));
  for (const name of outputs) {
    const dir = path.join(dist, name);
    const label = name.replace(/[/-]/g, '_');
    const entry = !name.startsWith('bundles/');
    line(`bundle_${label}_index_bytes`, statSync(path.join(dir, 'index.js')).size, 'bytes', entry ? '≤ 1000000 per entry bundle' : undefined);
    const chunks = readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'index.js');
    if (chunks.length)
      line(
        `bundle_${label}_lazy_chunks_bytes`,
        chunks.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0),
        'bytes',
      );
  }
  line(
    'dist_total_bytes',
    filesBelow(dist).reduce((sum, f) => sum + f.size, 0),
    'bytes',
    'shared code on disk once',
  );
}

const quick = process.argv.includes('--quick');
const b1k = blendFigure(1_000, quick ? 5 : 15);
const b10k = blendFigure(10_000, quick ? 3 : 9);
line('blend_10_of_1000_median', b1k, 'ms');
line('blend_10_of_10000_median', b10k, 'ms', '≤ 50 ms');
line('blend_growth_10000_over_1000', b10k / b1k, 'x');
console.log(`cold_start_node_version ${spawnSync(NODE, ['--version']).stdout.toString().trim().replace(/^v/, '')} version`);
const cold = coldStart(quick ? 10 : 40);
line('node_e0_median', cold.node, 'ms');
line('resolve_persona_cold_median', cold.action, 'ms');
line('resolve_persona_cold_ratio', cold.action / cold.node, 'x', '≤ 1.5x');
// For information: a repository library of 5 YAML files loads the YAML parser and zod.
const files = Object.fromEntries(
  Array.from({ length: 5 }, (_, i) => [
    `.github/personas/team-${i}.yml`,
    `name: Team ${i}\nextends: balanced\nrisk_tolerance: low\nconstraints:\n  - { parameter: replicas, operator: ">=", value: 3 }\n`,
  ]),
);
const withLibrary = coldStart(quick ? 10 : 20, files);
line('resolve_persona_cold_with_yaml_library_median', withLibrary.action, 'ms');
line('resolve_persona_cold_with_yaml_library_ratio', withLibrary.action / withLibrary.node, 'x');
bundleSizes();
