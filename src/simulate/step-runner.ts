/**
 * Runs one step of a simulated job as the runner does: a `run:` script
 * through `bash --noprofile --norc -eo pipefail`, or a `uses:` action — a
 * JavaScript action of the local package (its committed bundle, through the
 * runner protocol: `INPUT_*` with hyphens kept and the runner files), a
 * composite action (step by step, `inputs` and its own `steps` context,
 * GITHUB_ACTION_PATH), or an official action's local stand-in.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { resolveAction, type LocalAction } from './action-resolver.js';
import { asText, condition, interpolate, type ExpressionScope, type Json } from './expressions.js';
import type { JobState, StepResult } from './job-state.js';
import type { SimulationOptions } from './simulation-options.js';
import { createStepFiles, readStepFiles, stepFileEnv } from './step-files.js';
import { runStepProcess, type StepProcessResult } from './step-process.js';
import { recordAnnotations, runStandIn, type LineSink } from './stand-in-step.js';

/** One step to run, its values already evaluated. */
export interface StepSpec {
  id: string;
  /** What the trace calls it. */
  name: string;
  uses?: string;
  run?: string;
  with: Record<string, string>;
  env: Record<string, string>;
  shell?: string;
  workingDirectory?: string;
  timeoutMs?: number;
}

/** The environment every process of the job gets: PATH and HOME only from this machine, the runner's variables, the job's. */
export function processEnv(job: JobState, options: SimulationOptions, extra: Record<string, string>): Record<string, string> {
  const github = options.github;
  const pathVar = [...job.path, process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter);
  return {
    PATH: pathVar,
    HOME: process.env.HOME ?? job.runnerTemp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: job.workspace,
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: github.event_path!,
    GITHUB_REPOSITORY: github.repository!,
    GITHUB_REPOSITORY_OWNER: github.repository_owner!,
    GITHUB_RUN_ID: github.run_id!,
    GITHUB_RUN_NUMBER: github.run_number!,
    GITHUB_RUN_ATTEMPT: github.run_attempt!,
    GITHUB_SHA: github.sha!,
    GITHUB_REF: github.ref!,
    GITHUB_REF_NAME: github.ref_name!,
    GITHUB_ACTOR: github.actor!,
    GITHUB_WORKFLOW: github.workflow!,
    GITHUB_JOB: job.jobId,
    GITHUB_SERVER_URL: github.server_url!,
    GITHUB_API_URL: options.apiUrl,
    RUNNER_TEMP: job.runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'persona-simulate',
    ...job.env,
    ...extra,
  };
}

/** Runs one step and records it in the job (`steps` context, summaries, annotations, exported env). */
export async function runStep(job: JobState, spec: StepSpec, options: SimulationOptions): Promise<StepResult> {
  const files = createStepFiles(job.runnerTemp);
  const where = { job: job.label, step: spec.name, ...(spec.uses ? { uses: spec.uses } : {}) };
  const onLine: LineSink = options.onLine ? (line) => options.onLine!(where, line) : undefined;
  const cwd = spec.workingDirectory ? path.resolve(job.workspace, spec.workingDirectory) : job.workspace;
  const timeoutMs = spec.timeoutMs ?? options.stepTimeoutMs;
  let processResult: StepProcessResult | undefined;
  let outputs: Record<string, string> = {};
  let ok: boolean;
  if (spec.run !== undefined) {
    processResult = await runScript(job, spec, { cwd, timeoutMs, files: stepFileEnv(files), onLine }, options);
    ok = processResult.code === 0;
  } else {
    const action = resolveAction(spec.uses!, options, job.workspace);
    if (action.kind === 'stand-in') {
      ({ ok, outputs } = await runStandIn(job, spec, action, options, onLine));
    } else if (action.kind === 'node') {
      processResult = await runNodeAction(job, spec, action, { cwd, timeoutMs, files: stepFileEnv(files), onLine }, options);
      ok = processResult.code === 0;
    } else {
      const composite = await runComposite(job, spec, action, options);
      outputs = composite.outputs;
      ok = composite.ok;
    }
  }
  const writes = readStepFiles(files);
  Object.assign(job.env, writes.env);
  job.path.unshift(...writes.path.reverse());
  if (writes.summary.trim()) job.summaries.push({ step: spec.name, markdown: writes.summary });
  if (processResult) {
    for (const mask of processResult.masks) job.masks.add(mask);
    recordAnnotations(job, spec.name, processResult.annotations, options);
    outputs = { ...processResult.outputs, ...writes.outputs };
  }
  const status = ok ? 'success' : 'failure';
  return { outputs, outcome: status, conclusion: status };
}

interface ProcessSetup {
  cwd: string;
  timeoutMs: number;
  files: Record<string, string>;
  onLine: LineSink;
}

/** A `run:` script through bash (the only shell simulated), its file in RUNNER_TEMP as the runner writes it. */
async function runScript(job: JobState, spec: StepSpec, setup: ProcessSetup, options: SimulationOptions): Promise<StepProcessResult> {
  const shell = spec.shell ?? 'bash';
  if (shell !== 'bash') throw new ConfigurationError(`step ${spec.name}: shell ${JSON.stringify(shell)} is not simulated (only bash)`);
  const script = path.join(mkdtempSync(path.join(job.runnerTemp, 'script-')), 'step.sh');
  writeFileSync(script, spec.run!);
  const env = processEnv(job, options, { ...spec.env, ...setup.files });
  return runStepProcess({
    command: 'bash',
    args: ['--noprofile', '--norc', '-eo', 'pipefail', script],
    cwd: setup.cwd,
    env,
    timeoutMs: setup.timeoutMs,
    onLine: setup.onLine && ((l) => setup.onLine!(l)),
  });
}

/** The `INPUT_*` variables of an action: its declared defaults (evaluated), then `with:`. */
function inputEnv(action: LocalAction, given: Record<string, string>, scope: ExpressionScope): { env: Record<string, string>; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.metadata.inputs ?? {})) {
    if (spec.default !== undefined) values[name] = asText(interpolate(String(spec.default), scope));
  }
  for (const [name, value] of Object.entries(given)) values[name] = value;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return { env, values };
}

/** A node action's main bundle, and its post step queued for the end of the job. */
async function runNodeAction(job: JobState, spec: StepSpec, action: LocalAction, setup: ProcessSetup, options: SimulationOptions): Promise<StepProcessResult> {
  const scope: ExpressionScope = { contexts: job.contexts, failed: job.failed };
  const { env: inputs } = inputEnv(action, spec.with, scope);
  const env = processEnv(job, options, { ...spec.env, ...inputs, ...setup.files, GITHUB_ACTION_PATH: action.dir, GITHUB_ACTION: spec.id });
  const main = path.resolve(action.dir, action.metadata.runs.main!);
  const result = await runStepProcess({ command: options.node, args: [main], cwd: setup.cwd, env, timeoutMs: setup.timeoutMs, onLine: setup.onLine });
  const post = action.metadata.runs.post;
  if (post) {
    const saved = readStepFiles({ ...createStepFiles(job.runnerTemp), state: setup.files.GITHUB_STATE! }).state;
    const postIf = action.metadata.runs['post-if'] ?? 'always()';
    job.posts.push({
      name: `Post ${spec.name}`,
      run: async () => {
        if (!condition(postIf, { contexts: job.contexts, failed: job.failed })) return 'skipped';
        const files = createStepFiles(job.runnerTemp);
        const state = Object.fromEntries(Object.entries(saved).map(([k, v]) => [`STATE_${k}`, v]));
        const postEnv = processEnv(job, options, { ...spec.env, ...inputs, ...stepFileEnv(files), ...state, GITHUB_ACTION_PATH: action.dir });
        const ran = await runStepProcess({
          command: options.node,
          args: [path.resolve(action.dir, post)],
          cwd: setup.cwd,
          env: postEnv,
          timeoutMs: setup.timeoutMs,
          onLine: setup.onLine,
        });
        recordAnnotations(job, `Post ${spec.name}`, ran.annotations, options);
        const summary = readStepFiles(files).summary;
        if (summary.trim()) job.summaries.push({ step: `Post ${spec.name}`, markdown: summary });
        return ran.code === 0 ? 'success' : 'failure';
      },
    });
  }
  return result;
}

/** A composite action, step by step, in the job (its own `steps` context; the caller's `with:` as `inputs`). */
async function runComposite(
  job: JobState,
  spec: StepSpec,
  action: LocalAction,
  options: SimulationOptions,
): Promise<{ ok: boolean; outputs: Record<string, string> }> {
  const outer = { contexts: job.contexts, failed: job.failed };
  const { values } = inputEnv(action, spec.with, outer);
  const savedSteps = job.steps;
  const savedContexts = job.contexts;
  const savedFailed = job.failed;
  job.steps = {};
  job.failed = false;
  const contexts = (): Record<string, Json> => ({ ...savedContexts, inputs: values, steps: stepsContext(job.steps), env: { ...job.env } });
  try {
    for (const [index, raw] of (action.metadata.runs.steps ?? []).entries()) {
      job.contexts = contexts();
      const scope: ExpressionScope = { contexts: job.contexts, failed: job.failed };
      const id = raw.id ?? `__${index}`;
      if (!condition(raw.if, scope)) {
        job.steps[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        continue;
      }
      const evaluated = (map: Record<string, unknown> | undefined) =>
        Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, asText(interpolate(String(v), scope))]));
      const env = { ...spec.env, ...evaluated(raw.env), GITHUB_ACTION_PATH: action.dir };
      const inner: StepSpec = {
        id,
        name: `${spec.name} › ${raw.name ?? raw.id ?? raw.uses ?? `step ${index + 1}`}`,
        ...(raw.uses ? { uses: raw.uses } : { run: raw.run }),
        with: evaluated(raw.with),
        env,
        ...(raw.shell ? { shell: raw.shell } : {}),
        ...(raw['working-directory'] ? { workingDirectory: asText(interpolate(raw['working-directory'], scope)) } : {}),
      };
      const result = await runStep(job, inner, options);
      job.steps[id] = result;
      if (result.outcome === 'failure' && raw['continue-on-error'] !== true) job.failed = true;
    }
    job.contexts = contexts();
    const scope = { contexts: job.contexts, failed: job.failed };
    const outputs = Object.fromEntries(Object.entries(action.metadata.outputs ?? {}).map(([k, o]) => [k, asText(interpolate(String(o.value ?? ''), scope))]));
    return { ok: !job.failed, outputs };
  } finally {
    job.steps = savedSteps;
    job.contexts = savedContexts;
    job.failed = savedFailed;
  }
}

/** The `steps` context of results. */
export function stepsContext(steps: Record<string, StepResult>): Record<string, Json> {
  return Object.fromEntries(Object.entries(steps).map(([id, s]) => [id, { outputs: s.outputs, outcome: s.outcome, conclusion: s.conclusion }]));
}
