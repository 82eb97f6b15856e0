/**
 * One simulated workflow run: the workflow read with GitHub's parser, every
 * `uses:` resolved before anything runs (what the simulator does not model
 * is reported, not skipped), the event written where GITHUB_EVENT_PATH
 * points, then the jobs in `needs` order, each after the jobs it needs.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { unresolvable } from './action-resolver.js';
import type { Json } from './expressions.js';
import { runJob, type JobResult } from './job-runner.js';
import { stageReport } from './stage-personas.js';
import type { SimulationOptions } from './simulation-options.js';
import type { WorkflowFile } from './workflow-file.js';

/** A finished run. */
export interface SimulatedRun {
  conclusion: 'success' | 'failure';
  jobs: Record<string, JobResult>;
  ms: number;
}

/** The `github` context's defaults for a local run. */
export function githubDefaults(options: Pick<SimulationOptions, 'workspace' | 'event'>, given: Record<string, string> = {}): Record<string, string> {
  const repository = given.repository ?? 'local/simulated';
  return {
    repository,
    repository_owner: repository.split('/')[0]!,
    run_id: '1',
    run_number: '1',
    run_attempt: '1',
    sha: '0000000000000000000000000000000000000001',
    ref: 'refs/heads/main',
    ref_name: 'main',
    actor: 'persona-simulate',
    workflow: 'simulated',
    server_url: 'https://github.com',
    token: 'simulated-github-token',
    workspace: options.workspace,
    event_name: options.event.name,
    ...given,
  };
}

/** Jobs in an order where each comes after the jobs it needs; a cycle or an unknown need is an error. */
export function jobOrder(workflow: WorkflowFile): string[] {
  const ids = new Set(workflow.jobs.map((j) => j.id.value));
  const order: string[] = [];
  const pending = [...workflow.jobs];
  while (pending.length) {
    const index = pending.findIndex((j) => (j.needs ?? []).every((n) => order.includes(n.value)));
    if (index < 0) {
      const unknown = pending.flatMap((j) => (j.needs ?? []).filter((n) => !ids.has(n.value)).map((n) => `${j.id.value} needs ${n.value}`));
      throw new ConfigurationError({
        file: workflow.file,
        message: unknown.length ? `unknown jobs in needs: ${unknown.join('; ')}` : `the jobs' needs form a cycle: ${pending.map((j) => j.id.value).join(', ')}`,
      });
    }
    order.push(pending.splice(index, 1)[0]!.id.value);
  }
  return order;
}

/** What the simulator cannot run in `workflow`, as located messages (empty when everything is modelled). */
export function unsupportedIn(workflow: WorkflowFile, options: SimulationOptions): ConfigurationError | undefined {
  const problems = [...workflow.unsupported];
  for (const job of workflow.jobs)
    for (const step of job.steps)
      if ('uses' in step)
        for (const message of unresolvable(step.uses.value, options, options.workspace))
          problems.push({ file: workflow.file, line: step.uses.range?.start.line, message });
  return problems.length ? new ConfigurationError(problems) : undefined;
}

/** Runs `workflow` under `options`; `inputs` is the `inputs` context (workflow_dispatch inputs with their defaults). */
export async function simulateRun(workflow: WorkflowFile, options: SimulationOptions, inputs: Record<string, Json>): Promise<SimulatedRun> {
  const problems = unsupportedIn(workflow, options);
  if (problems) throw problems;
  const started = Date.now();
  mkdirSync(options.tempRoot, { recursive: true });
  const eventPath = path.join(mkdtempSync(path.join(options.tempRoot, 'event-')), 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event.payload));
  options.github.event_path = eventPath;
  options.onEvent({ type: 'run', workflow: workflow.file, event: options.event.name, at: new Date().toISOString() });
  const base: Record<string, Json> = {
    github: { ...options.github, event: options.event.payload },
    inputs,
    vars: options.vars,
    secrets: { GITHUB_TOKEN: options.github.token!, ...options.secrets },
  };
  const jobs: Record<string, JobResult> = {};
  for (const id of jobOrder(workflow)) {
    const job = workflow.jobs.find((j) => j.id.value === id)!;
    jobs[id] = await runJob(workflow, job, jobs, base, options);
  }
  const report = stageReport(jobs);
  options.onEvent({ type: 'personas', stages: report.stages, consistent: report.consistent });
  const conclusion = Object.values(jobs).some((j) => j.result === 'failure') ? 'failure' : 'success';
  const ms = Date.now() - started;
  options.onEvent({ type: 'end', conclusion, ms });
  return { conclusion, jobs, ms };
}
