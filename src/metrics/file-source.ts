/**
 * `file:<path>`: a replay of recorded samples, for demos, tests and
 * post-mortems. The file is JSON lines, `{ "ts": …, "metric": …, "value": … }`,
 * in time order (`ts` in epoch milliseconds or an RFC 3339 date-time;
 * `value` a number, or null for "no data"; other keys ignored; blank lines
 * skipped). It is replayed against the watch's clock: at the check at `now`,
 * every line with `ts - ts₀ ≤ now - startedAt` not yet emitted is read,
 * stamped `startedAt + (ts - ts₀)`, whatever metric it is of, so a windowed
 * threshold sees the same samples it would have seen live.
 *
 * The file is read once, when the `metrics` input is read: it must be a
 * regular file inside the workspace (symbolic links are resolved and must
 * stay inside), at most 16 MiB, each line at most 64 KiB.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../errors/diagnostic.js';
import { describeValue } from '../errors/describe-value.js';
import { isConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { readRegularFile } from '../library/read-regular-file.js';
import type { MetricRequest, ReadResult, Reading } from '../monitoring/readings.js';
import type { MetricSource } from './metric-source.js';
import { showMetric } from './queries-map.js';

/** The most bytes of a replay file. */
export const MAX_REPLAY_BYTES = 16 * 1024 * 1024;
/** The most characters of one line of it. */
export const MAX_REPLAY_LINE = 64 * 1024;
/** The most problems of one file reported; the rest are counted. */
const MAX_FILE_PROBLEMS = 20;

/** One recorded sample: its offset from the first line's time. */
export interface ReplaySample {
  offsetMs: number;
  metric: string;
  value: number;
}

/**
 * Reads and checks the replay file `file` (relative to `workspace`, or absolute inside it).
 * @returns the samples in order, or the problems: where the line says what of the file is wrong,
 *   the diagnostic names the file (relative to the workspace) and its line; otherwise the `metrics` line.
 */
export function loadReplay(file: string, workspace: string, where: Omit<Diagnostic, 'message'>): ReplaySample[] | Diagnostic[] {
  const root = realpathSync(workspace);
  const resolved = path.resolve(root, file);
  const outside = (p: string) => p !== root && !p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  if (outside(resolved)) return [{ ...where, message: `file: ${quote(file)} is outside the workspace; a replay file must be inside it` }];
  let real: string;
  try {
    real = realpathSync(resolved);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return [{ ...where, message: `file: ${quote(file)} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}` }];
  }
  if (outside(real)) return [{ ...where, message: `file: ${quote(file)} is a symbolic link (or inside one) that leads outside the workspace` }];
  const display = path.relative(root, real) || file;
  let bytes: Buffer;
  try {
    bytes = readRegularFile(real, { display, limit: MAX_REPLAY_BYTES, limitOf: 'a replay file', follow: false });
  } catch (error) {
    if (!isConfigurationError(error)) throw error;
    return error.diagnostics.map((d) => ({ ...where, message: `file: ${quote(file)} ${d.message}` }));
  }
  return parseReplay(bytes.toString('utf8'), display);
}

/** The samples of a replay's text, or one diagnostic per bad line (file `display`, 1-based line). */
export function parseReplay(text: string, display: string): ReplaySample[] | Diagnostic[] {
  const problems: Diagnostic[] = [];
  let more = 0;
  const report = (line: number, message: string) => (problems.length < MAX_FILE_PROBLEMS ? problems.push({ file: display, line, message }) : more++);
  const samples: ReplaySample[] = [];
  let first: number | undefined;
  let last = -Infinity;
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    if (raw.length > MAX_REPLAY_LINE) {
      report(lineNo, `has ${raw.length} characters; a replay line may have at most ${MAX_REPLAY_LINE}`);
      continue;
    }
    const line = raw.trim();
    if (!line) continue;
    const sample = readLine(line);
    if (typeof sample === 'string') report(lineNo, sample);
    else if (sample.ts < last) report(lineNo, `is earlier than the line before it (a replay is in time order)`);
    else {
      last = sample.ts;
      first ??= sample.ts;
      samples.push({ offsetMs: sample.ts - first, metric: sample.metric, value: sample.value });
    }
  }
  if (more) problems.push({ file: display, message: `and ${more} more lines with problems` });
  if (!problems.length && !samples.length) problems.push({ file: display, message: 'holds no samples (JSON lines `{ "ts": …, "metric": …, "value": … }`)' });
  return problems.length ? problems : samples;
}

/** One line's sample, or what is wrong with it. */
function readLine(line: string): { ts: number; metric: string; value: number } | string {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return `is not JSON: ${quote(line)}`;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `is ${describeValue(data)}, not an object { "ts", "metric", "value" }`;
  const { ts, metric, value } = data as Record<string, unknown>;
  const time = typeof ts === 'number' ? ts : typeof ts === 'string' && /^\d{4}-\d\d-\d\dT/.test(ts) ? Date.parse(ts) : Number.NaN;
  if (!Number.isFinite(time)) return `ts must be epoch milliseconds or an RFC 3339 date-time, not ${describeValue(ts)}`;
  if (typeof metric !== 'string' || !/^[A-Za-z_][\w.:-]{0,99}$/.test(metric)) return `metric must be a metric name, not ${describeValue(metric)}`;
  if (value !== null && typeof value !== 'number') return `value must be a number or null, not ${describeValue(value)}`;
  return { ts: time, metric, value: value ?? Number.NaN };
}

/** A `file:` line of the `metrics` input: the samples replayed against the watch's clock. */
export class FileReplaySource implements MetricSource {
  private next = 0;
  private readonly known: Set<string>;
  private readonly missingReported = new Set<string>();

  constructor(
    readonly label: string,
    private readonly samples: readonly ReplaySample[],
    private readonly startedAt: number,
  ) {
    this.known = new Set(samples.map((s) => s.metric));
  }

  /** Every sample now due, of any metric; a requested metric the file never holds is reported once. */
  async read(requests: readonly MetricRequest[], now: number): Promise<ReadResult> {
    const readings: Reading[] = [];
    const elapsed = now - this.startedAt;
    while (this.next < this.samples.length && this.samples[this.next]!.offsetMs <= elapsed) {
      const sample = this.samples[this.next++]!;
      readings.push({ metric: sample.metric, value: sample.value, ts: this.startedAt + sample.offsetMs });
    }
    const problems: string[] = [];
    for (const { metric } of requests) {
      if (this.known.has(metric) || this.missingReported.has(metric)) continue;
      this.missingReported.add(metric);
      problems.push(`${this.label} holds no samples of ${showMetric(metric)}`);
    }
    return { readings, problems };
  }
}
