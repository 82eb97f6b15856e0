/**
 * `command:<cmd>`: a command the workflow's author wrote, run at every check
 * with `bash --noprofile --norc -eo pipefail -c` in the workspace, its output
 * read as a JSON object (like a `url:` source, `select` paths included) or
 * as `metric=value` lines. No persona value is ever put into the command
 * text: the metrics asked for reach it only as the environment variable
 * `PERSONA_METRICS` (comma-separated names). The command runs in a process
 * group of its own; past its budget the group gets SIGTERM, then SIGKILL.
 * Its output is capped (1 MiB of stdout, the last 4 KiB of stderr are kept
 * for the message of a failure).
 */
import type * as ChildProcesses from 'node:child_process';
import { ProcessGroup, signalProcessGroup } from '../edge/process-tree.js';
import { quote } from '../errors/quote.js';
import type { MetricRequest, ReadResult } from '../monitoring/readings.js';
import { MAX_SOURCE_BYTES } from './http-get.js';
import { valuesFromJson, valuesFromLines } from './json-values.js';
import { DEFAULT_SOURCE_TIMEOUT_MS, type MetricSource, type SourceContext } from './metric-source.js';
import type { MetricQuery } from './queries-map.js';

/** How much of stderr a failure's message may quote from. */
const STDERR_TAIL_BYTES = 4096;
/** Between SIGTERM and SIGKILL, unless the context says otherwise. */
export const COMMAND_KILL_GRACE_MS = 2000;

/** How one run of the command ended. */
interface RunOutcome {
  stdout: string;
  stderr: string;
  /** Why the output cannot be used, when it cannot. */
  failure?: string;
}

/** A `command:` line of the `metrics` input. */
export class CommandSource implements MetricSource {
  readonly label: string;

  constructor(
    private readonly command: string,
    label: string,
    private readonly queries: ReadonlyMap<string, MetricQuery>,
    private readonly context: SourceContext,
  ) {
    this.label = label;
  }

  /** Runs the command once; its values are stamped with `now` (instant values: the watch reduces windows). */
  async read(requests: readonly MetricRequest[], now: number): Promise<ReadResult> {
    if (!requests.length) return { readings: [], problems: [] };
    const metrics = [...new Set(requests.map((r) => r.metric))];
    const outcome = await this.run(metrics);
    const display = `command ${quote(this.command)}`;
    if (outcome.failure) {
      const tail = outcome.stderr.trim().split('\n').pop();
      return { readings: [], problems: [`${display} ${outcome.failure}${tail ? ` (stderr: ${quote(tail, 200)})` : ''}`] };
    }
    const text = outcome.stdout.trim();
    let found;
    if (text.startsWith('{')) {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        return { readings: [], problems: [`${display} printed something that starts like JSON but is not JSON`] };
      }
      found = valuesFromJson(data, requests, this.queries);
    } else found = valuesFromLines(text);
    const wanted = new Set(metrics);
    return {
      readings: [...found.values].filter(([metric]) => wanted.has(metric)).map(([metric, value]) => ({ metric, value, ts: now })),
      problems: found.problems.map((p) => `${display} ${p}`),
    };
  }

  /** One run: output collected up to its caps, the group ended on timeout. */
  private run(metrics: readonly string[]): Promise<RunOutcome> {
    const { spawn } = process.getBuiltinModule('node:child_process') as typeof ChildProcesses;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.context.env)) if (value !== undefined) env[key] = value;
    env.PERSONA_METRICS = metrics.join(',');
    const timeoutMs = this.context.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
    return new Promise((resolve) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', this.command], {
        cwd: this.context.workspace,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const group = child.pid === undefined ? undefined : new ProcessGroup(child.pid, this.context.killGraceMs ?? COMMAND_KILL_GRACE_MS, signalProcessGroup);
      let failure: string | undefined;
      const stop = (why: string) => {
        failure ??= why;
        void group?.terminate('SIGTERM');
      };
      const stdout: Buffer[] = [];
      let outBytes = 0;
      let errTail = Buffer.alloc(0);
      child.stdout.on('data', (chunk: Buffer) => {
        outBytes += chunk.length;
        if (outBytes > MAX_SOURCE_BYTES) stop(`printed more than ${MAX_SOURCE_BYTES / (1024 * 1024)} MiB, so it was stopped`);
        else stdout.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        errTail = Buffer.concat([errTail, chunk]).subarray(-STDERR_TAIL_BYTES);
      });
      const timer = setTimeout(
        () => stop(`did not finish within ${timeoutMs >= 1000 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}, so it was stopped`),
        timeoutMs,
      );
      child.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ stdout: '', stderr: '', failure: `could not start bash (${error.code ?? error.message})` });
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (code !== 0 && !failure) failure = code === null ? `was ended by ${signal ?? 'a signal'}` : `exited with code ${code}`;
        void (group?.finished() ?? Promise.resolve()).then(() =>
          resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: errTail.toString('utf8'), ...(failure ? { failure } : {}) }),
        );
      });
    });
  }
}
