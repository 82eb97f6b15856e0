/**
 * `prometheus:<base-url>`: each metric's PromQL from the `queries` input,
 * evaluated as an instant query against `<base-url>/api/v1/query`.
 *
 * A windowed request (a threshold with `window`) is answered by Prometheus
 * itself, in the same instant query, through a subquery over the window:
 * `avg_over_time((<query>)[<window>:<step>])`, or
 * `quantile_over_time(<q>, (<query>)[<window>:<step>])` for a percentile
 * metric (`latency_p95_ms` → 0.95; the rule of `reductionFor`, shared with
 * the watch and the exported alerting rules). The step is the window / 60,
 * at least 1 s, so a 15 m window is read from the first check with 60
 * points. The value comes back with the request's `windowMs` set, so it
 * answers only thresholds with that window.
 *
 * The query is evaluated at Prometheus's own time (no `time=` parameter),
 * so a watch on an injected clock still reads current data; the reading is
 * stamped with the check's `now`. A vector of several series is reduced by
 * the entry's `reduce` (max, avg or sum; NaN samples are left out unless
 * all are NaN); a scalar is its value; an empty vector, a range vector
 * (matrix) or a string is a problem and no reading.
 */
import { mapConcurrent } from '../edge/map-concurrent.js';
import { describeValue } from '../errors/describe-value.js';
import { quote } from '../errors/quote.js';
import type { MetricRequest, ReadResult, Reading } from '../monitoring/readings.js';
import type { WindowReduction } from '../monitoring/window-reduction.js';
import { getText } from './http-get.js';
import { DEFAULT_SOURCE_TIMEOUT_MS, type MetricSource, type SourceContext } from './metric-source.js';
import type { MetricQuery, VectorReduce } from './queries-map.js';

/** How many queries of one source are in flight at once. */
export const QUERY_CONCURRENCY = 4;

/** What a Prometheus source is made of. */
export interface PrometheusSpec {
  label: string;
  /** The base URL (a path prefix such as `/prometheus` is kept). */
  url: URL;
  headers: Record<string, string>;
}

/** One request of the check turned into PromQL. */
interface PlannedQuery {
  request: MetricRequest;
  promql: string;
  reduce: VectorReduce;
}

/** A `prometheus:` line of the `metrics` input. */
export class PrometheusSource implements MetricSource {
  readonly label: string;
  private readonly display: string;

  constructor(
    private readonly spec: PrometheusSpec,
    private readonly queries: ReadonlyMap<string, MetricQuery>,
    private readonly context: SourceContext,
  ) {
    this.label = spec.label;
    this.display = `prometheus:${spec.url.href}`;
  }

  /** One instant query per requested metric (and window) that has a `query`; the others are left to the other sources. */
  async read(requests: readonly MetricRequest[], now: number): Promise<ReadResult> {
    const planned = this.plan(requests);
    const results = await mapConcurrent(planned, (p) => this.evaluate(p, now), QUERY_CONCURRENCY);
    return { readings: results.flatMap((r) => r.readings), problems: results.flatMap((r) => r.problems) };
  }

  private plan(requests: readonly MetricRequest[]): PlannedQuery[] {
    const seen = new Set<string>();
    const out: PlannedQuery[] = [];
    for (const request of requests) {
      const entry = this.queries.get(request.metric);
      const key = `${request.metric}\0${request.windowMs ?? ''}`;
      if (!entry?.query || seen.has(key)) continue;
      seen.add(key);
      const promql = request.windowMs ? windowedPromql(entry.query, request.windowMs, request.reduction) : entry.query;
      out.push({ request, promql, reduce: entry.reduce });
    }
    return out;
  }

  private async evaluate({ request, promql, reduce }: PlannedQuery, now: number): Promise<ReadResult> {
    const what = `${this.display}: ${request.metric}${request.windowMs ? ` over ${formatWindow(request.windowMs)}` : ''}`;
    const url = new URL(`${this.spec.url.pathname.replace(/\/+$/, '')}/api/v1/query`, this.spec.url);
    url.searchParams.set('query', promql);
    const got = await getText(url, {
      headers: this.spec.headers,
      timeoutMs: this.context.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS,
      ...(this.context.transport ? { transport: this.context.transport } : {}),
    });
    if ('problem' in got) return { readings: [], problems: [`${what}: Prometheus ${got.problem}`] };
    const answer = interpretAnswer(got.status, got.statusText, got.text, reduce);
    if ('problem' in answer) return { readings: [], problems: [`${what}: ${answer.problem}`] };
    const reading: Reading = { metric: request.metric, value: answer.value, ts: now, ...(request.windowMs ? { windowMs: request.windowMs } : {}) };
    const problems = Number.isFinite(answer.value) ? [] : [`${what}: the query returned ${answer.value} (no data)`];
    return { readings: [reading], problems };
  }
}

/** The PromQL that reduces `query` over the window, as Prometheus evaluates it in one instant query. */
export function windowedPromql(query: string, windowMs: number, reduction: WindowReduction): string {
  const step = Math.max(1000, Math.round(windowMs / 60_000) * 1000);
  const range = `(${query})[${Math.max(1, Math.round(windowMs))}ms:${step}ms]`;
  return reduction.kind === 'quantile' ? `quantile_over_time(${reduction.q}, ${range})` : `avg_over_time(${range})`;
}

/** `15m`, `30s`, `1500ms`. */
function formatWindow(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** The value of an answer of `/api/v1/query`, or why there is none. */
export function interpretAnswer(status: number, statusText: string, text: string, reduce: VectorReduce): { value: number } | { problem: string } {
  let body: { status?: unknown; errorType?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } } | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as typeof body;
  } catch {
    body = undefined;
  }
  if (body?.status === 'error') {
    const type = typeof body.errorType === 'string' ? `${quote(body.errorType, 30)}: ` : '';
    return { problem: `Prometheus refused the query (${statusText}): ${type}${typeof body.error === 'string' ? quote(body.error, 200) : 'no reason given'}` };
  }
  if (status < 200 || status >= 300) return { problem: `Prometheus answered ${statusText}` };
  if (body?.status !== 'success' || typeof body.data !== 'object' || body.data === null)
    return { problem: `Prometheus answered something that is not a query result (${body ? 'no "status": "success" with "data"' : 'not a JSON object'})` };
  const { resultType, result } = body.data;
  if (resultType === 'scalar') return sampleValue(result);
  if (resultType === 'vector' && Array.isArray(result)) return reduceVector(result, reduce);
  if (resultType === 'matrix')
    return { problem: 'the query returned a range vector (matrix): write an instant query, e.g. wrap it in rate() or avg_over_time()' };
  return { problem: `the query returned a result of type ${typeof resultType === 'string' ? quote(resultType, 20) : 'unknown'}, not a number` };
}

/** A `[ts, "value"]` pair's number, Prometheus spelling (`NaN`, `+Inf`, `-Inf`). */
function sampleValue(pair: unknown): { value: number } | { problem: string } {
  const text = Array.isArray(pair) && pair.length === 2 ? pair[1] : undefined;
  if (typeof text !== 'string') return { problem: `the query returned a sample that is not [time, "value"]: ${describeValue(pair)}` };
  const value =
    text === '+Inf'
      ? Infinity
      : text === '-Inf'
        ? -Infinity
        : text === 'NaN'
          ? Number.NaN
          : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)
            ? Number(text)
            : undefined;
  return value === undefined ? { problem: `the query returned the value ${quote(text, 30)}, not a number` } : { value };
}

/** The vector's samples reduced to one value; NaN samples left out unless all are NaN. */
function reduceVector(series: readonly unknown[], reduce: VectorReduce): { value: number } | { problem: string } {
  if (series.length === 0) return { problem: 'the query returned no series (an empty vector): is the metric scraped, and the label selector right?' };
  const values: number[] = [];
  for (const entry of series) {
    const sample = sampleValue(typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : undefined);
    if ('problem' in sample) return sample;
    values.push(sample.value);
  }
  const numbers = values.filter((v) => !Number.isNaN(v));
  if (numbers.length === 0) return { value: Number.NaN };
  if (reduce === 'max') return { value: numbers.reduce((a, b) => (b > a ? b : a), -Infinity) };
  const sum = numbers.reduce((a, b) => a + b, 0);
  return { value: reduce === 'sum' ? sum : sum / numbers.length };
}
