/**
 * What one simulated job carries from step to step, as a runner's job does:
 * its folders, the environment the steps exported (GITHUB_ENV, GITHUB_PATH),
 * the `steps` context, masks, summaries, annotations and the post steps
 * still to run.
 */
import type { Json } from './expressions.js';
import type { Annotation } from './workflow-commands.js';

/** A step's result in the `steps` context. */
export interface StepResult {
  outputs: Record<string, string>;
  outcome: 'success' | 'failure' | 'skipped';
  conclusion: 'success' | 'failure' | 'skipped';
}

/** Something the simulation reports as it happens (the trace and the event log read these). */
export type SimulationEvent =
  | { type: 'run'; workflow: string; event: string; at: string }
  | { type: 'job'; job: string; name: string; status: 'started' | 'success' | 'failure' | 'skipped'; outputs?: Record<string, string>; reason?: string }
  | {
      type: 'step';
      job: string;
      step: string;
      uses?: string;
      status: 'started' | 'success' | 'failure' | 'skipped';
      outputs?: Record<string, string>;
      ms?: number;
    }
  | { type: 'log'; job: string; step: string; text: string; stream: 'stdout' | 'stderr' }
  | { type: 'annotation'; job: string; step: string; level: string; message: string; file?: string; line?: string }
  | { type: 'summary'; job: string; step: string; markdown: string }
  | { type: 'deployment'; job: string; text: string }
  | { type: 'switch'; job: string; from?: string; to: string; correlation_id: string; revision?: string; result: string }
  | {
      type: 'personas';
      stages: ReadonlyArray<{ job: string; result: string; persona: string | null; revision: number | null; correlation_id: string | null }>;
      consistent: boolean;
    }
  | { type: 'end'; conclusion: 'success' | 'failure'; ms: number };

/** Receives every event, in order. */
export type EventSink = (event: SimulationEvent) => void;

/** The state of one job while its steps run. */
export interface JobState {
  /** Job id, plus ` (tier: unit, shard: 1)` for a matrix job, as traces show it. */
  label: string;
  jobId: string;
  workspace: string;
  runnerTemp: string;
  /** Job `env:` plus what the steps exported through GITHUB_ENV. */
  env: Record<string, string>;
  /** Folders the steps added through GITHUB_PATH (newest first). */
  path: string[];
  steps: Record<string, StepResult>;
  /** Whether a step failed (and did not continue on error). */
  failed: boolean;
  masks: Set<string>;
  summaries: Array<{ step: string; markdown: string }>;
  annotations: Array<{ step: string; annotation: Annotation }>;
  /** Post steps, run in reverse order at the end of the job. */
  posts: Array<{ name: string; run: () => Promise<StepResult['outcome']> }>;
  /** The contexts of the job (github, inputs, vars, secrets, needs, matrix, strategy, runner, job). */
  contexts: Record<string, Json>;
}

/** A job's state before its first step: empty env, path, steps, summaries and posts. */
export function createJobState(job: Pick<JobState, 'label' | 'jobId' | 'workspace' | 'runnerTemp' | 'contexts'> & { masks?: Iterable<string> }): JobState {
  const { masks, ...rest } = job;
  return { ...rest, env: {}, path: [], steps: {}, failed: false, masks: new Set(masks ?? []), summaries: [], annotations: [], posts: [] };
}
