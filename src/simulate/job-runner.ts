/**
 * Runs one job of a simulated workflow: its `if:`, its matrix (from
 * `strategy.matrix`, `fromJSON` included, with `include`/`exclude`), each
 * combination's steps in order (`if:`, `env:`, `with:`, `continue-on-error`,
 * `timeout-minutes`), the post steps in reverse order, and the job's
 * `outputs` for the jobs that need it.
 */
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { isString } from '@actions/workflow-parser';
import { ConfigurationError } from '../errors/configuration-error.js';
import { asText, condition, evaluateStrings, evaluateToken, truthy, type ExpressionScope, type Json } from './expressions.js';
import { createJobState, type JobState, type StepResult } from './job-state.js';
import { expandMatrix } from './matrix.js';
import type { SimulationOptions } from './simulation-options.js';
import { runStep, stepsContext, type StepSpec } from './step-runner.js';
import { rawChild, workflowSteps, type TemplateJob, type WorkflowFile, type WorkflowStep } from './workflow-file.js';

/** A finished job, as `needs.<id>` shows it. */
export interface JobResult {
  result: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  /** Each combination's state (summaries, annotations), in order. */
  runs: JobState[];
}

/** Runs `job` after the jobs it needs; `base` holds the run-wide contexts (github, inputs, vars, secrets). */
export async function runJob(
  workflow: WorkflowFile,
  job: TemplateJob,
  needs: Record<string, JobResult>,
  base: Record<string, Json>,
  options: SimulationOptions,
): Promise<JobResult> {
  const id = job.id.value;
  const needed = (job.needs ?? []).map((n) => n.value);
  const needsContext: Record<string, Json> = Object.fromEntries(needed.map((n) => [n, { result: needs[n]!.result, outputs: needs[n]!.outputs }]));
  const jobScope: ExpressionScope = { contexts: { ...base, needs: needsContext }, failed: needed.some((n) => needs[n]!.result !== 'success') };
  const ifText = job.if?.expression;
  if (!condition(ifText, jobScope)) {
    options.onEvent({
      type: 'job',
      job: id,
      name: id,
      status: 'skipped',
      reason: jobScope.failed && !/\b(always|failure|cancelled)\s*\(/.test(ifText ?? '') ? 'a needed job did not succeed' : `if: ${ifText}`,
    });
    return { result: 'skipped', outputs: {}, runs: [] };
  }
  const strategy = evaluateToken(job.strategy, jobScope) as Record<string, Json> | null;
  const combinations = strategy?.matrix ? expandMatrix(strategy.matrix, `job ${id}`) : [null];
  const failFast = strategy?.['fail-fast'] === undefined ? true : truthy(strategy['fail-fast']);
  const runs: JobState[] = [];
  let failed = false;
  for (const matrix of combinations) {
    if (failed && failFast) break;
    const state = await runCombination(
      workflow,
      job,
      matrix,
      { ...jobScope.contexts, strategy: { 'fail-fast': failFast, 'job-total': combinations.length } },
      options,
    );
    runs.push(state);
    failed ||= state.failed;
  }
  const last = runs[runs.length - 1]!;
  const outputScope: ExpressionScope = { contexts: { ...last.contexts, steps: stepsContext(last.steps) }, failed: last.failed };
  const outputs = job.outputs ? evaluateStrings(job.outputs, outputScope) : {};
  const result = failed ? 'failure' : 'success';
  options.onEvent({ type: 'job', job: id, name: id, status: result, outputs });
  return { result, outputs, runs };
}

/** Runs one combination of the matrix (or the job itself). */
async function runCombination(
  workflow: WorkflowFile,
  job: TemplateJob,
  matrix: Record<string, Json> | null,
  contexts: Record<string, Json>,
  options: SimulationOptions,
): Promise<JobState> {
  const id = job.id.value;
  const label = matrix ? `${id} (${Object.values(matrix).map(asText).join(', ')})` : id;
  options.onEvent({ type: 'job', job: label, name: id, status: 'started' });
  const runnerTemp = mkdtempSync(path.join(options.tempRoot, `${id}-`));
  const state = createJobState({
    label,
    jobId: id,
    workspace: options.workspace,
    runnerTemp,
    masks: Object.values(options.secrets).filter(Boolean),
    contexts: {
      ...contexts,
      matrix: matrix ?? {},
      job: { status: 'success' },
      runner: { os: 'Linux', arch: 'X64', temp: runnerTemp, name: 'persona-simulate' },
    },
  });
  const workflowEnv = evaluateStrings(workflow.template.env, { contexts: state.contexts, failed: false });
  state.env = { ...workflowEnv, ...evaluateStrings(job.env, { contexts: { ...state.contexts, env: workflowEnv }, failed: false }) };
  const raw = workflow.rawJobs.get(id);
  const jobTimeout = numberOf(evaluateToken(rawChild(raw, 'timeout-minutes'), { contexts: state.contexts, failed: false }));
  for (const [index, workflowStep] of workflowSteps(workflow, job).entries())
    await runWorkflowStep(state, workflowStep, index, { workflow, jobTimeout }, options);
  // Post steps, last registered first, as the runner runs them; a failed one fails the job.
  for (const post of [...state.posts].reverse()) {
    const started = Date.now();
    const status = await post.run();
    if (status === 'failure') state.failed = true;
    options.onEvent({ type: 'step', job: label, step: post.name, status, ...(status === 'skipped' ? {} : { ms: Date.now() - started }) });
  }
  state.contexts = { ...state.contexts, job: { status: state.failed ? 'failure' : 'success' } };
  for (const { step, markdown } of state.summaries) options.onEvent({ type: 'summary', job: label, step, markdown });
  return state;
}

/** One step of a job: its `if:`, its values evaluated, run, and recorded (outcome, `continue-on-error`, events). */
async function runWorkflowStep(
  state: JobState,
  { step, raw }: WorkflowStep,
  index: number,
  where: { workflow: WorkflowFile; jobTimeout: number | undefined },
  options: SimulationOptions,
): Promise<void> {
  const scope = (): ExpressionScope => ({ contexts: { ...state.contexts, steps: stepsContext(state.steps), env: { ...state.env } }, failed: state.failed });
  const stepId = step.id.startsWith('__') ? `__${index}` : step.id;
  const name = step.name ? asText(evaluateToken(step.name, scope())) : 'uses' in step ? `Run ${step.uses.value}` : `Run step ${index + 1}`;
  if (!('uses' in step) && !('run' in step))
    throw new ConfigurationError({
      file: where.workflow.file,
      line: raw?.range?.start.line,
      message: `job ${state.jobId}: step ${name} is neither uses nor run`,
    });
  const label = state.label;
  if (!condition(step.if?.expression, scope())) {
    state.steps[stepId] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
    options.onEvent({ type: 'step', job: label, step: name, status: 'skipped' });
    return;
  }
  const s = scope();
  const uses = 'uses' in step ? step.uses.value : undefined;
  const timeout = numberOf(evaluateToken(rawChild(raw, 'timeout-minutes'), s)) ?? where.jobTimeout;
  const workingDirectory = rawChild(raw, 'working-directory');
  const shell = rawChild(raw, 'shell');
  const started = Date.now();
  options.onEvent({ type: 'step', job: label, step: name, ...(uses ? { uses } : {}), status: 'started' });
  const spec: StepSpec = {
    id: stepId,
    name,
    ...(uses ? { uses } : { run: asText(evaluateToken((step as { run: Parameters<typeof evaluateToken>[0] }).run, s)) }),
    with: evaluateStrings(rawChild(raw, 'with'), s),
    env: evaluateStrings(step.env, s),
    ...(shell && isString(shell) ? { shell: shell.value } : {}),
    ...(workingDirectory ? { workingDirectory: asText(evaluateToken(workingDirectory, s)) } : {}),
    ...(timeout ? { timeoutMs: timeout * 60_000 } : {}),
  };
  const result: StepResult = await runStep(state, spec, options);
  const continueOnError = truthy(evaluateToken(rawChild(raw, 'continue-on-error'), s));
  state.steps[stepId] = continueOnError && result.outcome === 'failure' ? { ...result, conclusion: 'success' } : result;
  if (result.outcome === 'failure' && !continueOnError) state.failed = true;
  options.onEvent({
    type: 'step',
    job: label,
    step: name,
    ...(uses ? { uses } : {}),
    status: result.outcome,
    outputs: result.outputs,
    ms: Date.now() - started,
  });
}

function numberOf(value: Json): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
