/**
 * Runs a composite action's action.yml step by step, as the GitHub runner
 * does: inputs with their defaults, `${{ }}` in `if:`, `env:`, `with:`,
 * `working-directory:` and the outputs' `value:` (workflow-expressions.ts),
 * `run:` steps through `bash --noprofile --norc -eo pipefail <script>` with
 * the runner's files (GITHUB_OUTPUT per step, GITHUB_ENV, GITHUB_PATH,
 * GITHUB_STATE, GITHUB_STEP_SUMMARY), GITHUB_ACTION_PATH and RUNNER_TEMP,
 * the deprecated `::set-output` command still honoured (outside
 * `::stop-commands::`), and `uses:` steps of official actions replaced by
 * local stand-ins (`owner/name` → function). Whatever it does not model
 * (another shell, an unknown step key, `uses:` without a stand-in) throws.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { parseAnnotations, parseOutputFile, type DistRun } from './run-dist.js';
import { condition, interpolate, truthy, evaluate, type ExpressionScope, type ExpressionValue } from './workflow-expressions.js';

/** What a stand-in for a `uses:` step is given. */
export interface StandInCall {
  /** The `with:` values, evaluated. */
  with: Record<string, string>;
  /** The ref after `@` (`v8`). */
  ref: string;
  github: Record<string, string>;
  runnerTemp: string;
  workspace: string;
}

/** What a stand-in reports, as the real action would: exit code, outputs, log. */
export interface StandInResult {
  code: number;
  outputs?: Record<string, string>;
  stdout?: string;
}

/** A local replacement for an official action (`actions/download-artifact`). */
export type StandIn = (call: StandInCall) => StandInResult | Promise<StandInResult>;

/** Options of {@link runComposite}. */
export interface CompositeRunOptions {
  /** The caller's `with:` values (already evaluated, as the runner hands them over). */
  inputs?: Record<string, string>;
  /** The job's environment: the `env` context and the processes' environment (default PATH and HOME of this process). */
  env?: Record<string, string>;
  /** The `github` context (strings); defaults for repository, run_id, server_url, api_url, event_name, workspace. */
  github?: Record<string, string>;
  /** RUNNER_TEMP, shared by the steps of one "job"; a fresh folder by default. */
  runnerTemp?: string;
  /** GITHUB_WORKSPACE and the steps' working folder; a fresh folder by default. */
  workspace?: string;
  /** `owner/name` → stand-in for `uses:` steps. */
  standIns?: Record<string, StandIn>;
}

/** One step as it ran. */
export interface StepRun {
  id: string;
  outcome: 'success' | 'failure' | 'skipped';
  code: number | null;
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
  /** `uses:` steps: the action and the evaluated `with:`. */
  uses?: string;
  with?: Record<string, string>;
  /** `run:` steps: the evaluated `env:`. */
  env?: Record<string, string>;
}

/** The whole composite run. */
export interface CompositeRun {
  /** 0 when every step succeeded (or continued on error), else 1. */
  code: number;
  /** The action's outputs, each `value:` evaluated after the steps ('' when its step gave none). */
  outputs: Record<string, string>;
  steps: StepRun[];
  stdout: string;
  stderr: string;
  annotations: DistRun['annotations'];
  runnerTemp: string;
  workspace: string;
  /** Variables the steps exported through GITHUB_ENV. */
  exported: Record<string, string>;
  summary: string;
}

interface Step {
  id?: string;
  name?: string;
  if?: string;
  run?: string;
  shell?: string;
  env?: Record<string, unknown>;
  uses?: string;
  with?: Record<string, unknown>;
  'working-directory'?: string;
  'continue-on-error'?: string | boolean;
}

interface CompositeAction {
  inputs?: Record<string, { default?: unknown }>;
  outputs?: Record<string, { value?: unknown }>;
  runs?: { using?: string; steps?: Step[] };
}

const STEP_KEYS = new Set(['id', 'name', 'if', 'run', 'shell', 'env', 'uses', 'with', 'working-directory', 'continue-on-error']);
const BASH = existsSync('/bin/bash') ? '/bin/bash' : 'bash';

/** The mutable state of one run: contexts, runner files, exported variables. */
interface JobState {
  options: Required<Pick<CompositeRunOptions, 'standIns'>> & { github: Record<string, string>; env: Record<string, string> };
  actionDir: string;
  runnerTemp: string;
  workspace: string;
  files: string;
  summaryFile: string;
  inputs: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }>;
  exported: Record<string, string>;
  paths: string[];
  failed: boolean;
}

/** The expression scope of the job at this moment. */
function scopeOf(job: JobState, withSteps = true): ExpressionScope {
  const contexts: Record<string, ExpressionValue> = {
    github: job.options.github,
    runner: { temp: job.runnerTemp, os: 'Linux', arch: 'X64', name: 'composite-runner', workspace: job.workspace },
    env: { ...job.options.env, ...job.exported },
  };
  if (withSteps) Object.assign(contexts, { inputs: job.inputs, steps: job.steps });
  return { contexts, strict: ['inputs', 'steps'], failed: job.failed };
}

/** `with:`/`env:` maps evaluated into strings. */
function evaluateMap(map: Record<string, unknown> | undefined, scope: ExpressionScope): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''), scope)]));
}

/** The inputs as the runner gives them to the steps: the caller's values, else the defaults evaluated. */
function actionInputs(action: CompositeAction, given: Record<string, string>, job: JobState): Record<string, string> {
  const declared = action.inputs ?? {};
  const unknown = Object.keys(given).filter((k) => !Object.hasOwn(declared, k));
  if (unknown.length) throw new Error(`composite-runner: inputs not declared by the action: ${unknown.join(', ')}`);
  const scope = scopeOf(job, false);
  return Object.fromEntries(
    Object.entries(declared).map(([name, input]) => [name, Object.hasOwn(given, name) ? given[name]! : interpolate(String(input.default ?? ''), scope)]),
  );
}

/** Runs the composite action in `actionDir` (its folder, holding action.yml). */
export async function runComposite(actionDir: string, options: CompositeRunOptions = {}): Promise<CompositeRun> {
  const action = parse(readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as CompositeAction;
  if (action.runs?.using !== 'composite') throw new Error(`composite-runner: ${actionDir} is not a composite action`);
  const files = mkdtempSync(path.join(os.tmpdir(), 'composite-runner-'));
  const workspace = options.workspace ?? path.join(files, 'workspace');
  const runnerTemp = options.runnerTemp ?? path.join(files, 'runner-temp');
  for (const dir of [workspace, runnerTemp]) mkdirSync(dir, { recursive: true });
  const github = {
    repository: 'octo-org/app',
    run_id: '1',
    server_url: 'https://github.com',
    api_url: 'http://127.0.0.1:9',
    event_name: 'push',
    workspace,
    ...options.github,
  };
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? files, ...options.env };
  const job: JobState = {
    options: { standIns: options.standIns ?? {}, github, env },
    actionDir: path.resolve(actionDir),
    runnerTemp,
    workspace,
    files,
    summaryFile: path.join(files, 'summary.md'),
    inputs: {},
    steps: {},
    exported: {},
    paths: [],
    failed: false,
  };
  writeFileSync(job.summaryFile, '');
  job.inputs = actionInputs(action, options.inputs ?? {}, job);
  const runs: StepRun[] = [];
  for (const [index, step] of (action.runs.steps ?? []).entries()) runs.push(await runStep(step, index, job));
  const scope = scopeOf(job);
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([name, o]) => [name, interpolate(String(o.value ?? ''), scope)]));
  const stdout = runs.map((r) => r.stdout).join('');
  return {
    code: job.failed ? 1 : 0,
    outputs,
    steps: runs,
    stdout,
    stderr: runs.map((r) => r.stderr).join(''),
    annotations: parseAnnotations(stdout),
    runnerTemp,
    workspace,
    exported: { ...job.exported },
    summary: readFileSync(job.summaryFile, 'utf8'),
  };
}

/** One step: its condition, then `run:` or `uses:`, then its outcome in the `steps` context. */
async function runStep(step: Step, index: number, job: JobState): Promise<StepRun> {
  const extra = Object.keys(step).filter((k) => !STEP_KEYS.has(k));
  if (extra.length) throw new Error(`composite-runner: step ${index} has keys this harness does not model: ${extra.join(', ')}`);
  if (!step.run === !step.uses) throw new Error(`composite-runner: step ${index} needs exactly one of run: and uses:`);
  const id = step.id ?? `__run_${index}`;
  const skipped = !condition(step.if ?? 'success()', scopeOf(job));
  const run: StepRun = skipped
    ? { id, outcome: 'skipped', code: null, outputs: {}, stdout: '', stderr: '' }
    : step.run !== undefined
      ? await runScript(step, id, job)
      : await runUses(step, id, job);
  const continueOnError = step['continue-on-error'] !== undefined && truthy(evaluate(String(step['continue-on-error']), scopeOf(job)));
  job.steps[id] = { outputs: run.outputs, outcome: run.outcome, conclusion: run.outcome === 'failure' && continueOnError ? 'success' : run.outcome };
  if (run.outcome === 'failure' && !continueOnError) job.failed = true;
  return run;
}

/** A `uses:` step through its stand-in. */
async function runUses(step: Step, id: string, job: JobState): Promise<StepRun> {
  const m = /^([\w.-]+\/[\w.-]+)(?:\/[^@]*)?@(.+)$/.exec(step.uses!);
  if (!m) throw new Error(`composite-runner: step ${id}: uses ${JSON.stringify(step.uses)} is not owner/name@ref (local actions are not modelled)`);
  const standIn = job.options.standIns[m[1]!.toLowerCase()];
  if (!standIn) throw new Error(`composite-runner: step ${id}: no stand-in for ${m[1]} (give one in options.standIns)`);
  const values = evaluateMap(step.with, scopeOf(job));
  const result = await standIn({ with: values, ref: m[2]!, github: job.options.github, runnerTemp: job.runnerTemp, workspace: job.workspace });
  return {
    id,
    outcome: result.code === 0 ? 'success' : 'failure',
    code: result.code,
    outputs: result.outputs ?? {},
    stdout: result.stdout ?? '',
    stderr: '',
    uses: step.uses!,
    with: values,
  };
}

/** A `run:` step: the script written to a file and run by bash with the runner's files. */
async function runScript(step: Step, id: string, job: JobState): Promise<StepRun> {
  if (step.shell !== 'bash')
    throw new Error(`composite-runner: step ${id}: shell ${JSON.stringify(step.shell)} is not modelled (only bash; composite run steps must name one)`);
  const scope = scopeOf(job);
  const stepEnv = evaluateMap(step.env, scope);
  const dir = mkdtempSync(path.join(job.files, `${id}-`));
  const file = (name: string) => (writeFileSync(path.join(dir, name), ''), path.join(dir, name));
  const runnerFiles = { GITHUB_OUTPUT: file('output'), GITHUB_ENV: file('env'), GITHUB_PATH: file('path'), GITHUB_STATE: file('state') };
  const script = path.join(dir, 'script.sh');
  // The runner substitutes `${{ }}` into the script text itself (the injection risk `env:` avoids).
  writeFileSync(script, interpolate(step.run!, scope));
  const basePath = job.exported.PATH ?? job.options.env.PATH ?? '';
  const env: Record<string, string> = {
    ...job.options.env,
    ...job.exported,
    PATH: [...job.paths, basePath].filter(Boolean).join(path.delimiter),
    ...githubVariables(job),
    ...stepEnv,
    ...runnerFiles,
    GITHUB_STEP_SUMMARY: job.summaryFile,
    GITHUB_ACTION_PATH: job.actionDir,
  };
  const cwd = step['working-directory'] ? path.resolve(job.workspace, interpolate(step['working-directory'], scope)) : job.workspace;
  const { code, stdout, stderr } = await spawnBash(script, env, cwd);
  Object.assign(job.exported, parseOutputFile(readFileSync(runnerFiles.GITHUB_ENV, 'utf8')));
  job.paths.unshift(...readFileSync(runnerFiles.GITHUB_PATH, 'utf8').split('\n').filter(Boolean).reverse());
  const outputs = { ...setOutputCommands(stdout), ...parseOutputFile(readFileSync(runnerFiles.GITHUB_OUTPUT, 'utf8')) };
  return { id, outcome: code === 0 ? 'success' : 'failure', code, outputs, stdout, stderr, env: stepEnv };
}

/** The GITHUB_* and RUNNER_* variables the runner sets for every step. */
function githubVariables(job: JobState): Record<string, string> {
  const g = job.options.github;
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: job.workspace,
    GITHUB_REPOSITORY: g.repository ?? '',
    GITHUB_RUN_ID: g.run_id ?? '',
    GITHUB_SERVER_URL: g.server_url ?? '',
    GITHUB_API_URL: g.api_url ?? '',
    GITHUB_EVENT_NAME: g.event_name ?? '',
    RUNNER_TEMP: job.runnerTemp,
    RUNNER_OS: 'Linux',
  };
}

/**
 * Outputs set with the deprecated `::set-output name=<name>::<value>` stdout
 * command, which runners still honour: lines between `::stop-commands::<token>`
 * and `::<token>::` are not commands.
 */
export function setOutputCommands(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  let stopped: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    if (stopped !== undefined) {
      if (line === `::${stopped}::`) stopped = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) stopped = stop[1];
    const m = /^::set-output name=([^:]+)::(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  }
  return out;
}

/** Runs `bash --noprofile --norc -eo pipefail <script>` as the runner's `bash` shell does. */
async function spawnBash(script: string, env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(BASH, ['--noprofile', '--norc', '-eo', 'pipefail', script], { env, cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
