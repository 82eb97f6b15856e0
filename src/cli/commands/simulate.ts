import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBundle, packageRoot } from '../../edge/load-bundle.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { writeFileAtomic } from '../../runner/write-file-atomic.js';
import type { SimulationEvent } from '../../simulate/job-state.js';
import { HELP_OPTION, JSON_OPTION, parseCommandArgs, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { HELP_HELP } from '../help-text.js';

const usage = `Usage: persona simulate [--persona EXPR] [--switch-to EXPR|none] [--switch-after N]
                        [--metrics FILE] [--workflow FILE] [--interval D] [--duration D]
                        [--events FILE] [--report FILE.html] [--json] [--keep]
                        [--expect success|failure]

Runs the pipeline workflow (examples/workflows/persona-pipeline.yml) on this
machine, with no network and no GitHub: GitHub's workflow parser and
expression evaluator read it; every action runs its committed dist/ bundle
through the runner protocol; actions/upload-artifact, download-artifact and
cache are local stand-ins (checkout and setup-node do nothing); the state
store is a file; the Deployments API is a local stand-in. The run starts
under --persona (applied to the store by resolve-persona in switch mode);
after the watch's check --switch-after, a repository_dispatch switch to
--switch-to arrives, the watch adopts the new thresholds at its next check,
and a breach is remediated.

Options:
  -p, --persona EXPR    The persona the run starts with (default high-velocity).
      --switch-to EXPR  The persona the mid-watch switch asks for (default
                        stability); "none" for no switch.
      --switch-after N  The watch check after which it arrives (default 2).
  -m, --metrics FILE    A JSON-lines replay for the watch ({ "ts", "metric",
                        "value" } lines) instead of the demo's.
  -w, --workflow FILE   Another workflow file to run.
      --interval D      The watch's interval (default 1s).
      --duration D      The watch's duration (default 8s).
      --events FILE     Also write every event as JSON lines there.
      --report FILE     Also write every job summary to one self-contained
                        HTML page (charts render offline).
      --json            Print the result as JSON instead of the trace.
      --keep            Keep the simulated workspace and runner folders.
      --expect RESULT   The conclusion that exits 0 (default success). The demo
                        expects failure: the breach after the switch rolls the
                        deployment back and fails the watch, as it would on GitHub.
${HELP_HELP}

Exit status: 0 the run ended as --expect says, 1 it did not (or the workflow cannot be
simulated: unsupported features are listed), 2 bad usage.`;

const OPTIONS = {
  ...HELP_OPTION,
  persona: { type: 'string', short: 'p' },
  'switch-to': { type: 'string' },
  'switch-after': { type: 'string' },
  metrics: { type: 'string', short: 'm' },
  workflow: { type: 'string', short: 'w' },
  interval: { type: 'string' },
  duration: { type: 'string' },
  events: { type: 'string' },
  report: { type: 'string' },
  ...JSON_OPTION,
  keep: { type: 'boolean' },
  expect: { type: 'string' },
} as const;

/** Loads the simulator (dist/bundles/simulate), only for this command. */
const loadSimulator = () => importBundle('simulate', () => import(/* webpackIgnore: true */ '../../bundles/simulate.js'));

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs({ args, options: OPTIONS }, usage);
  if (values.help) {
    context.out(usage);
    return 0;
  }
  const after = Number(values['switch-after'] ?? '2');
  if (!Number.isInteger(after) || after < 1 || after > 1000)
    throw new UsageError(`--switch-after must be a whole number from 1 to 1000, got ${JSON.stringify(values['switch-after'])}`, usage);
  const expected = values.expect ?? 'success';
  if (expected !== 'success' && expected !== 'failure') throw new UsageError(`--expect must be success or failure, got ${JSON.stringify(expected)}`, usage);
  const root = packageRoot();
  if (!existsSync(path.join(root, 'actions')) || !existsSync(path.join(root, 'dist/bundles/simulate')))
    throw new ConfigurationError(
      "persona simulate runs from a checkout of pipeline-personas (it runs the actions' committed dist/ bundles): git clone the repository, then npm ci && npm run demo",
    );
  const resolve = (file: string) => path.resolve(context.io.cwd, file);
  const m = await loadSimulator();
  const events: SimulationEvent[] = [];
  const masks = new Set<string>();
  const color = !values.json && !context.io.env.NO_COLOR && Boolean((context.io.stdout as { isTTY?: boolean }).isTTY);
  const trace = new m.Trace({ out: (line) => (values.json ? undefined : context.io.stdout.write(`${line}\n`)), color, width: 100, masks });
  const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'persona-simulate-'));
  try {
    const result = await m.simulate({
      packageRoot: root,
      workflowFile: values.workflow ? resolve(values.workflow) : path.join(root, 'examples/workflows/persona-pipeline.yml'),
      persona: values.persona ?? 'high-velocity',
      switchTo: values['switch-to'] === 'none' ? '' : (values['switch-to'] ?? 'stability'),
      switchAfterCheck: after,
      ...(values.metrics ? { metricsFile: resolve(values.metrics) } : {}),
      interval: values.interval ?? '1s',
      duration: values.duration ?? '8s',
      node: process.execPath,
      tempRoot,
      onEvent: (event) => {
        events.push(event);
        trace.event(event);
      },
      onLine: (where, line) => trace.line(where, line),
    });
    if (values.events) write(resolve(values.events), m.maskText(events.map((e) => JSON.stringify(e)).join('\n') + '\n', masks));
    if (values.report) write(resolve(values.report), m.simulationReport(events, { mermaidScript: m.mermaidScript(root), masks }));
    if (values.json) context.out(JSON.stringify(jsonResult(result.run, events), null, 2));
    else if (values.report) context.out(`\nreport: ${values.report}`);
    if (values.keep) context.err(`kept: ${tempRoot}`);
    if (result.run.conclusion !== expected) context.err(`the run's conclusion is ${result.run.conclusion}; --expect ${expected}`);
    return result.run.conclusion === expected ? 0 : 1;
  } finally {
    if (!values.keep) rmSync(tempRoot, { recursive: true, force: true });
  }
}

/** Writes `content` to `file` whole, creating its folder. */
function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, content);
}

/** The `--json` result: the conclusion, each job's result and outputs, the stages and the switches. */
function jsonResult(
  run: { conclusion: string; ms: number; jobs: Record<string, { result: string; outputs: Record<string, string> }> },
  events: readonly SimulationEvent[],
) {
  return {
    conclusion: run.conclusion,
    ms: run.ms,
    jobs: Object.fromEntries(Object.entries(run.jobs).map(([id, j]) => [id, { result: j.result, outputs: j.outputs }])),
    stages: events.find((e) => e.type === 'personas') ?? null,
    switches: events.filter((e) => e.type === 'switch'),
    deployments: events.filter((e) => e.type === 'deployment').map((e) => (e as { text: string }).text),
  };
}

/** `persona simulate`. */
export const simulateCommand: Command = { name: 'simulate', summary: 'Run the pipeline workflow locally, with a switch mid-watch', usage, run };
