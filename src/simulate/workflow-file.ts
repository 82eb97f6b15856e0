/**
 * A workflow file read for the simulator with GitHub's own parser
 * (`@actions/workflow-parser`): schema errors come back located by line,
 * the converted template gives jobs, `needs`, `if:`, `strategy`, `env`,
 * `outputs` and steps, and the raw token tree gives what the converter
 * leaves to the runner (`with:`, `working-directory`, `shell`,
 * `continue-on-error`, `timeout-minutes`, `permissions`). Features the
 * simulator does not model are listed, so a run never silently ignores them.
 */
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate,
} from '@actions/workflow-parser';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';

/** A node of the parser's token tree. */
export type TemplateToken = NonNullable<ReturnType<typeof parseWorkflow>['value']>;

/** A job of the converted template that runs steps (not a reusable-workflow call). */
export type TemplateJob = Extract<WorkflowTemplate['jobs'][number], { type: 'job' }>;

/** A step of a job, with the raw fields the converter leaves out. */
export interface WorkflowStep {
  /** The converted step (id, name, if, env, uses or run). */
  step: TemplateJob['steps'][number];
  /** The raw step mapping (for `with:`, `working-directory`, `shell`…). */
  raw: TemplateToken | undefined;
}

/** A workflow ready to simulate. */
export interface WorkflowFile {
  /** Display name of the file. */
  file: string;
  template: WorkflowTemplate;
  /** Jobs in file order. */
  jobs: TemplateJob[];
  /** Raw job mapping by job id. */
  rawJobs: Map<string, TemplateToken>;
  /** Keys and features this simulator does not model, each with its line. */
  unsupported: Diagnostic[];
}

/** Job keys the simulator models. */
const JOB_KEYS = new Set([
  'name',
  'needs',
  'if',
  'runs-on',
  'permissions',
  'environment',
  'concurrency',
  'outputs',
  'env',
  'defaults',
  'steps',
  'timeout-minutes',
  'strategy',
  'continue-on-error',
]);
/** Step keys the simulator models. */
const STEP_KEYS = new Set(['id', 'name', 'if', 'uses', 'run', 'with', 'env', 'shell', 'working-directory', 'continue-on-error', 'timeout-minutes']);

/** The value of `key` in a raw mapping token. */
export function rawChild(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (!token || !isMapping(token)) return undefined;
  for (let i = 0; i < token.count; i++) {
    const pair = token.get(i);
    if (isString(pair.key) && pair.key.value === key) return pair.value;
  }
  return undefined;
}

/** The keys of a raw mapping token, each with its line. */
function rawKeys(token: TemplateToken | undefined): Array<{ key: string; line?: number }> {
  if (!token || !isMapping(token)) return [];
  const keys: Array<{ key: string; line?: number }> = [];
  for (let i = 0; i < token.count; i++) {
    const key = token.get(i).key;
    if (isString(key)) keys.push({ key: key.value, line: key.range?.start.line });
  }
  return keys;
}

/** Parses and converts `content`; schema errors throw as one located ConfigurationError. */
export async function readWorkflow(file: string, content: string): Promise<WorkflowFile> {
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors();
  if (errors.length || !parsed.value) throw new ConfigurationError(errors.map((e) => locate(file, e.message)));
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  const converted = template.errors ?? [];
  if (converted.length) throw new ConfigurationError(converted.map((e) => locate(file, e.Message)));
  const rawJobs = new Map<string, TemplateToken>();
  const jobsToken = rawChild(parsed.value, 'jobs');
  for (const { key } of rawKeys(jobsToken)) rawJobs.set(key, rawChild(jobsToken, key)!);
  const unsupported: Diagnostic[] = [];
  const jobs: TemplateJob[] = [];
  for (const job of template.jobs) {
    const id = job.id.value;
    if (job.type !== 'job') {
      unsupported.push({ file, line: job.id.range?.start.line, message: `job ${id}: calling a reusable workflow (\`uses:\`) is not simulated` });
      continue;
    }
    jobs.push(job);
    for (const { key, line } of rawKeys(rawJobs.get(id)))
      if (!JOB_KEYS.has(key)) unsupported.push({ file, line, message: `job ${id}: \`${key}\` is not simulated` });
    for (const step of stepsOf(rawJobs.get(id)))
      for (const { key, line } of rawKeys(step))
        if (!STEP_KEYS.has(key)) unsupported.push({ file, line, message: `job ${id}: step key \`${key}\` is not simulated` });
  }
  return { file, template, jobs, rawJobs, unsupported };
}

/** The raw step mappings of a raw job. */
function stepsOf(job: TemplateToken | undefined): TemplateToken[] {
  const steps = rawChild(job, 'steps');
  if (!steps || !isSequence(steps)) return [];
  const out: TemplateToken[] = [];
  for (let i = 0; i < steps.count; i++) out.push(steps.get(i));
  return out;
}

/** The steps of `job` paired with their raw mappings. */
export function workflowSteps(workflow: WorkflowFile, job: TemplateJob): WorkflowStep[] {
  const raw = stepsOf(workflow.rawJobs.get(job.id.value));
  return job.steps.map((step, i) => ({ step, raw: raw[i] }));
}

/** `message` of the parser (`w.yml (Line: 3, Col: 5): …`) as a located diagnostic. */
function locate(file: string, message: string): Diagnostic {
  const m = /\(Line: (\d+), Col: (\d+)\):\s*([\s\S]*)$/.exec(message);
  return m ? { file, line: Number(m[1]), column: Number(m[2]), message: m[3]! } : { file, message };
}
