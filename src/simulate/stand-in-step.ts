/**
 * A `uses:` step of an official action, run by its local stand-in: its log
 * read as the runner reads a step's output (an `::error::` line is an
 * annotation), its post step queued, and an exception failing the step with
 * its message, as the real action's failure would; and the annotations of
 * every simulated step, kept with the job and reported as events.
 */
import type { StandInAction } from './action-resolver.js';
import type { JobState } from './job-state.js';
import type { SimulationOptions } from './simulation-options.js';
import type { StepSpec } from './step-runner.js';
import { standInFor } from './stand-ins.js';
import { WorkflowCommandReader, type Annotation, type CommandLine } from './workflow-commands.js';

/** Where a step's lines go, when anywhere. */
export type LineSink = ((line: CommandLine) => void) | undefined;

/**
 * An official action's stand-in, its log read as the runner reads a step's output (an `::error::` line is an
 * annotation); an exception it throws fails the step with its message, as the real action's failure would.
 */
export async function runStandIn(
  job: JobState,
  spec: StepSpec,
  action: StandInAction,
  options: SimulationOptions,
  onLine: LineSink,
): Promise<{ ok: boolean; outputs: Record<string, string> }> {
  const report = (step: string, log: readonly string[]) => {
    const reader = new WorkflowCommandReader();
    for (const text of log) {
      const line = reader.read(text);
      if (line.kind === 'annotation') recordAnnotations(job, step, [line.annotation], options);
      else onLine?.(line);
    }
  };
  const fail = (step: string, error: unknown) => recordAnnotations(job, step, [{ level: 'error', properties: {}, message: (error as Error).message }], options);
  try {
    const result = await standInFor(action.name)({ with: spec.with, ref: action.ref, job, options });
    report(spec.name, result.log);
    const post = result.post;
    const name = `Post ${spec.name}`;
    if (post)
      job.posts.push({
        name,
        run: async () => {
          try {
            report(name, await post());
            return 'success';
          } catch (error) {
            fail(name, error);
            return 'failure';
          }
        },
      });
    return { ok: result.ok, outputs: result.outputs };
  } catch (error) {
    fail(spec.name, error);
    return { ok: false, outputs: {} };
  }
}

/** Keeps the annotations a step raised with the job and reports each as an event. */
export function recordAnnotations(job: JobState, step: string, annotations: readonly Annotation[], options: SimulationOptions): void {
  for (const annotation of annotations) {
    job.annotations.push({ step, annotation });
    const { file, line } = annotation.properties;
    options.onEvent({
      type: 'annotation',
      job: job.label,
      step,
      level: annotation.level,
      message: annotation.message,
      ...(file ? { file } : {}),
      ...(line ? { line } : {}),
    });
  }
}
