/**
 * `url:<url>`: a GET answering a JSON object of metrics, `{ "error_rate":
 * 0.004, "latency_p95_ms": 210 }`, or any JSON document the `queries`
 * input's `select` paths point into. Instant values only: a windowed
 * request is reduced by the watch over the samples it has seen.
 */
import type { MetricRequest, ReadResult } from '../monitoring/readings.js';
import { getText } from './http-get.js';
import { valuesFromJson } from './json-values.js';
import { DEFAULT_SOURCE_TIMEOUT_MS, type MetricSource, type SourceContext } from './metric-source.js';
import type { MetricQuery } from './queries-map.js';

/** What a URL source is made of. */
export interface UrlSpec {
  label: string;
  url: URL;
  headers: Record<string, string>;
}

/** A `url:` line of the `metrics` input. */
export class UrlMetricSource implements MetricSource {
  readonly label: string;
  private readonly display: string;

  constructor(
    private readonly spec: UrlSpec,
    private readonly queries: ReadonlyMap<string, MetricQuery>,
    private readonly context: SourceContext,
  ) {
    this.label = spec.label;
    this.display = `url:${spec.url.origin}${spec.url.pathname}`;
  }

  /** One GET per check, whatever the number of metrics; the readings are stamped with `now`. */
  async read(requests: readonly MetricRequest[], now: number): Promise<ReadResult> {
    if (!requests.length) return { readings: [], problems: [] };
    const got = await getText(this.spec.url, {
      headers: this.spec.headers,
      timeoutMs: this.context.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS,
      ...(this.context.transport ? { transport: this.context.transport } : {}),
    });
    if ('problem' in got) return { readings: [], problems: [`${this.display} ${got.problem}`] };
    if (got.status < 200 || got.status >= 300) return { readings: [], problems: [`${this.display} answered ${got.statusText}`] };
    let data: unknown;
    try {
      data = JSON.parse(got.text);
    } catch {
      return { readings: [], problems: [`${this.display} answered something that is not JSON`] };
    }
    const found = valuesFromJson(data, requests, this.queries);
    return {
      readings: [...found.values].map(([metric, value]) => ({ metric, value, ts: now })),
      problems: found.problems.map((p) => `${this.display} ${p}`),
    };
  }
}
