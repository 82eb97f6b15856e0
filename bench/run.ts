/**
 * `npm run bench`: prints one line per figure, `name value unit`, then its
 * target and the workload it measured where the issues name one.
 * - blend: build a library of N synthetic personas (50 constraints, 10 goals,
 *   10 thresholds each) and blend 10 of them, median over repeated runs;
 * - plan (plan-workload.ts): planStage choosing among 10,000 catalog options
 *   with 20 goals and 50 constraints, median over repeated runs;
 * - cold start: dist/resolve-persona/index.js against `node -e 0`, run
 *   alternately in a runner-like environment (only PATH and HOME
 *   inherited), medians and their ratio: built-in library, then a
 *   `.github/personas` of 5 synthetic YAML files;
 * - state store (state-workloads.ts): resolve start-up with `state: branch`
 *   read from a local REST stand-in, beside the built-in figure measured the
 *   same way; REST requests per resolve when the state changed and when it
 *   did not (a second resolve in the same RUNNER_TEMP);
 * - `persona validate` (dist/cli) of 1,000 and 10,000 synthetic files:
 *   wall time and peak RSS;
 * - bundle sizes.
 * PERSONA_BENCH_NODE picks the Node binary (the runner's is Node 24);
 * PERSONA_BENCH_DIST a dist/ other than this checkout's (a scratch build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveBlend } from '../src/blend/blend.js';
import { plainSelection, serializeHandover, toHandover } from '../src/handover/handover-document.js';
import { PersonaLibrary } from '../src/library/persona-library.js';
import { noopLogger } from '../src/logging/logger.js';
import { buildLibrary } from '../src/wiring/build-library.js';
import { coldStart, median, validateLibrary } from './cli-workloads.js';
import { evaluateWorkload, intervalOverhead } from './monitoring-workload.js';
import { planFigure } from './plan-workload.js';
import { stateRequestCounts, stateStartUp } from './state-workloads.js';
import { syntheticFiles, syntheticLibrary } from './synthetic-library.js';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.resolve(process.env.PERSONA_BENCH_DIST || path.join(root, 'dist'));
/** The Node that runs the bundles: PERSONA_BENCH_NODE (e.g. a Node 24 binary, the runner's runtime) or this one. */
const NODE = process.env.PERSONA_BENCH_NODE || process.execPath;
/** One figure: `name value unit`, then its target and workload when an issue names them. */
const line = (name: string, value: number, unit: string, target?: string, workload?: string) =>
  console.log(`${name} ${+value.toFixed(3)} ${unit}${target ? ` (target ${target})` : ''}${workload ? ` [${workload}]` : ''}`);

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

/** The compact hand-over of stability:0.6,balanced:0.4 from the built-in library, as a `needs` output carries it. */
async function stageHandover(): Promise<string> {
  const library = await buildLibrary({ library: [], token: '', cache: false }, { workspace: process.cwd(), logger: noopLogger });
  return serializeHandover(toHandover(resolveBlend(library, 'stability:0.6,balanced:0.4'), plainSelection('input')), 'compact');
}

/** Every file below `dir`, with its size. */
function filesBelow(dir: string): Array<{ file: string; size: number }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesBelow(path.join(dir, e.name)) : [{ file: path.join(dir, e.name), size: statSync(path.join(dir, e.name)).size }],
  );
}

function bundleSizes(): void {
  const outputs = readdirSync(dist).flatMap((name) => (name === 'bundles' ? readdirSync(path.join(dist, name)).map((b) => `bundles/${b}`) : [name]));
  for (const name of outputs) {
    const dir = path.join(dist, name);
    const label = name.replace(/[/-]/g, '_');
    const entry = !name.startsWith('bundles/');
    line(`bundle_${label}_index_bytes`, statSync(path.join(dir, 'index.js')).size, 'bytes', entry ? '≤ 1000000 per entry bundle' : undefined);
    const full = path.join(dir, 'full/index.js');
    if (existsSync(full))
      line(`bundle_${label}_full_bytes`, statSync(full).size, 'bytes', undefined, 'loaded only for a file the fast path leaves to the YAML library and zod');
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
line(
  'plan_10000_options_median',
  planFigure(quick ? 5 : 15),
  'ms',
  '≤ 20 ms',
  '10,000 catalog options, 20 goals, 50 constraints (one a matches pattern, one an in-list of 9,999 ids)',
);
line(
  'monitoring_samples_per_second',
  evaluateWorkload(quick ? 1 : 3),
  'samples/s',
  '≥ 1000000',
  '100 thresholds (50 metrics, 15m windows, p95 and avg) over 1,000,000 samples in 100 checks',
);
line(
  'monitoring_check_overhead_median',
  intervalOverhead(quick ? 50 : 200),
  'ms',
  '≤ 5 ms',
  '100 thresholds, 180,000 samples in the store, one new reading per metric, no source',
);
console.log(`cold_start_node_version ${spawnSync(NODE, ['--version']).stdout.toString().trim().replace(/^v/, '')} version`);
const action = path.join(dist, 'resolve-persona/index.js');
const cold = coldStart(NODE, action, quick ? 10 : 40);
const env = 'runner-like env (PATH and HOME only), alternating with node -e 0, medians';
line('node_e0_median', cold.node, 'ms');
line('resolve_persona_cold_median', cold.action, 'ms');
line('resolve_persona_cold_ratio', cold.action / cold.node, 'x', '≤ 1.5x', `built-in library; ${env}`);
const yamlLibrary = coldStart(NODE, action, quick ? 10 : 30, syntheticFiles(5));
line('resolve_persona_cold_with_yaml_library_median', yamlLibrary.action, 'ms');
line(
  'resolve_persona_cold_with_yaml_library_ratio',
  yamlLibrary.action / yamlLibrary.node,
  'x',
  '≤ 2.0x',
  `.github/personas of 5 YAML files, 20 constraints, 5 goals, 5 thresholds each (~2 KB); ${env}`,
);
const state = await stateStartUp(NODE, action, quick ? 10 : 30);
const stateEnv = 'async spawns alternating with node -e 0 and the built-in run, runner-like env, medians';
line(
  'resolve_persona_cold_builtin_beside_state_ratio',
  state.builtin / state.node,
  'x',
  '≤ 1.5x',
  `built-in library, explicit persona: no state read; ${stateEnv}`,
);
line('resolve_persona_cold_with_state_read_median', state.state, 'ms');
line('resolve_persona_state_read_cost_median', state.state - state.builtin, 'ms', undefined, 'the state read: the line above minus the built-in run');
line(
  'resolve_persona_bare_request_cost_median',
  state.request - state.node,
  'ms',
  undefined,
  "the request alone: Node's HTTP and TLS modules and the same GET, minus node -e 0",
);
line(
  'resolve_persona_state_read_overhead_median',
  state.state - state.builtin - (state.request - state.node),
  'ms',
  '≤ 15 ms',
  'what the state read adds beyond the request itself: the state bundle, validation, the job cache write (no Octokit)',
);
line(
  'resolve_persona_cold_with_state_read_ratio',
  state.state / state.node,
  'x',
  `near the built-in figure plus the request: ${((state.builtin + state.request - state.node) / state.node).toFixed(2)}x here`,
  `state: branch, one GET of state.json answered 200 by a local stand-in, an empty RUNNER_TEMP each run; ${stateEnv}`,
);
const requests = await stateRequestCounts(NODE, action);
const answered = (r: { statuses: number[] }) => `answered ${r.statuses.join(', ') || 'nothing'}`;
line(
  'state_requests_per_resolve_first_in_job',
  requests.first.statuses.length,
  'requests',
  '1',
  `state: branch, empty RUNNER_TEMP; ${answered(requests.first)}`,
);
line(
  'state_requests_per_resolve_changed',
  requests.changed.statuses.length,
  'requests',
  '1',
  `state switched since the job's last read; ${answered(requests.changed)}`,
);
line(
  'state_requests_per_resolve_unchanged',
  requests.unchanged.statuses.length,
  'requests',
  '1',
  `a second resolve in the same RUNNER_TEMP; ${answered(requests.unchanged)}`,
);
line(
  'state_not_modified_per_resolve_unchanged',
  requests.unchanged.statuses.filter((s) => s === 304).length,
  '304s',
  '1',
  'same run: not counted against the rate limit',
);
// The stage adapters: a hand-over from an earlier job (the `persona` input), the built-in library and catalogs, no command
// (adapt-deploy: no environment, so no Deployments API call: the plan and the gates alone).
const handover = await stageHandover();
for (const adapter of ['adapt-build', 'adapt-test', 'adapt-deploy', 'watch-monitor']) {
  const inputs = {
    PERSONA: handover,
    'ON-CONFLICT': 'strict',
    LIBRARY: '.github/personas',
    CACHE: 'true',
    STATE: 'none',
    ...(adapter === 'adapt-build' ? { TOOLCHAIN: 'gcc' } : {}),
    // One check of a replay and done: the watch's start-up, not its waiting.
    ...(adapter === 'watch-monitor' ? { METRICS: 'file:replay.jsonl', INTERVAL: '1h', DURATION: '1s' } : {}),
  };
  const replay: Array<[string, string]> = [['replay.jsonl', '{"ts":0,"metric":"error_rate","value":0.001}\n{"ts":0,"metric":"latency_p95_ms","value":120}\n']];
  const figure = coldStart(NODE, path.join(dist, adapter, 'index.js'), quick ? 10 : 30, adapter === 'watch-monitor' ? replay : [], inputs);
  const name = adapter.replace('-', '_');
  line(`${name}_cold_median`, figure.action, 'ms');
  line(
    `${name}_cold_ratio`,
    figure.action / figure.node,
    'x',
    '≤ 1.5x',
    `hand-over of stability:0.6,balanced:0.4 as the persona input, built-in catalogs, no command; ${env}`,
  );
}
const cli = path.join(dist, 'cli/index.js');
const v1k = validateLibrary(NODE, cli, 1_000, quick ? 1 : 3);
line('validate_1000_files_median', v1k.ms / 1000, 's', '≤ 1.0 s', 'persona validate .github/personas, 1,000 synthetic YAML files of ~2 KB; runner-like env');
line('validate_1000_files_peak_rss', v1k.maxRss / 2 ** 20, 'MiB');
const v10k = validateLibrary(NODE, cli, 10_000, 1);
line('validate_10000_files', v10k.ms / 1000, 's', '≤ 10 s', 'persona validate .github/personas, 10,000 synthetic YAML files of ~2 KB; runner-like env');
line('validate_10000_files_peak_rss', v10k.maxRss / 2 ** 20, 'MiB', '≤ 150 MiB', 'same run');
// report-pipeline, the pipeline's last job: its cold start with a realistic toJSON(needs).
const needs = JSON.stringify(
  Object.fromEntries(
    ['resolve', 'build', 'test', 'deploy', 'watch'].map((job) => [job, { result: 'success', outputs: { 'persona-id': 'stability', revision: '7' } }]),
  ),
);
const report = coldStart(NODE, path.join(dist, 'report-pipeline', 'index.js'), quick ? 10 : 30, [], { STAGES: needs, 'ON-MISMATCH': 'warn' });
line('report_pipeline_cold_median', report.action, 'ms');
line('report_pipeline_cold_ratio', report.action / report.node, 'x', undefined, `five stages of toJSON(needs); ${env}`);
// The demo (`npm run demo`): the whole pipeline simulated once, watch included (1 s checks, a switch after the second).
const demoStart = performance.now();
const demo = spawnSync(NODE, [cli, 'simulate', '--expect', 'failure', '--json'], {
  env: { PATH: process.env.PATH, HOME: process.env.HOME },
  encoding: 'utf8',
  maxBuffer: 64 * 2 ** 20,
});
const demoMs = performance.now() - demoStart;
if (demo.status !== 0) console.log(`demo_simulation failed (exit ${demo.status}): ${demo.stderr.slice(0, 400)}`);
else
  line(
    'demo_simulation',
    demoMs / 1000,
    's',
    '< 60 s ("well under a minute")',
    'persona simulate of examples/workflows/persona-pipeline.yml: 11 jobs, a 1 s watch with a mid-watch switch and a rollback',
  );
bundleSizes();
