/**
 * The `queries` input: a YAML (or JSON) mapping of metric names to what the
 * sources should read for them. A plain string is PromQL for the
 * `prometheus:` sources; a mapping says more:
 *
 * ```yaml
 * error_rate: sum(rate(http_errors_total[1m])) / sum(rate(http_requests_total[1m]))
 * latency_p95_ms:
 *   query: histogram_quantile(0.95, sum by (le) (rate(http_duration_ms_bucket[1m])))
 *   reduce: max          # max | avg | sum: how a vector of several series becomes one value
 * availability:
 *   select: data.slo.availability   # dotted path into the JSON of a url: or command: source
 * ```
 *
 * `query` (PromQL) serves the `prometheus:` sources, `select` the JSON of
 * the `url:` and `command:` sources; an entry may have both.
 */
import { importBundle } from '../edge/load-bundle.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';
import { isRecord } from '../persona/is-record.js';
import type { Path, Where } from '../persona/parse-types.js';

/** How a Prometheus vector of several series is reduced to one value. */
export type VectorReduce = 'max' | 'avg' | 'sum';
/** The reductions of a vector, in the order messages list them. */
export const VECTOR_REDUCES: readonly VectorReduce[] = ['max', 'avg', 'sum'];

/** What the `queries` input says of one metric. */
export interface MetricQuery {
  /** PromQL evaluated by the `prometheus:` sources. */
  query?: string;
  /** How a vector result becomes one value; default `max`. */
  reduce: VectorReduce;
  /** A dotted path (`data.http.error_rate`, `items.0.value`) into the JSON a `url:` or `command:` source answers. */
  select?: string[];
}

/** The most entries the map may have. */
const MAX_ENTRIES = 200;
/** The most characters of a query or selector. */
const MAX_TEXT = 4096;
/** A metric name as a key of the map. */
const METRIC_NAME = /^[A-Za-z_][\w.:-]{0,99}$/;
const ENTRY_KEYS = new Set(['query', 'reduce', 'select']);

/** A metric name as a message shows it: as it is when it is a plain name, else quoted (a persona may name anything). */
export function showMetric(metric: string): string {
  return METRIC_NAME.test(metric) ? metric : quote(metric);
}

/** The input as messages name it. */
export const QUERIES_INPUT = 'input "queries"';

/**
 * Reads the `queries` text into a null-prototype map of metric → query,
 * adding one diagnostic (located by line and column in the input) to
 * `problems` for every problem found. Empty text is an empty map. The yaml
 * library comes from `dist/bundles/parser-full`, loaded only when the text is not empty.
 */
export async function parseQueries(text: string, problems: Diagnostic[]): Promise<Map<string, MetricQuery>> {
  const out = new Map<string, MetricQuery>();
  if (!text.trim()) return out;
  const report = (message: string, where: Where = {}, path?: Path) =>
    problems.push({ file: QUERIES_INPUT, ...where, ...(path?.length ? { path: path.join('.') } : {}), message });
  const { readFull } = await importBundle('parser-full', () => import(/* webpackIgnore: true */ '../persona/parse-full.js'));
  const before = problems.length;
  const read = readFull(text, false, (message, where, path) =>
    report(
      /^(file is empty|expected a persona object)/.test(message) ? 'must be a mapping of metric names to queries (`metric: query` lines)' : message,
      where,
      path,
    ),
  );
  if (!read || problems.length > before) return out;
  const entries = Object.entries(read.data);
  if (entries.length > MAX_ENTRIES) report(`has ${entries.length} entries; at most ${MAX_ENTRIES}`);
  for (const [metric, value] of entries.slice(0, MAX_ENTRIES)) {
    if (!METRIC_NAME.test(metric)) {
      report(`key ${quote(metric)} must be a metric name (a letter or _, then letters, digits, _ . : -; at most 100 characters)`, read.locate([metric], true));
      continue;
    }
    const entry = readEntry(value, (message, key) => report(message, read.locate(key ? [metric, key] : [metric]), key ? [metric, key] : [metric]));
    if (entry) out.set(metric, entry);
  }
  return out;
}

/** One entry's value: PromQL text, or a mapping of `query`, `reduce`, `select`; undefined after reporting what is wrong. */
function readEntry(value: unknown, report: (message: string, key?: string) => void): MetricQuery | undefined {
  if (typeof value === 'string') {
    const query = checkedText(value, 'the query', report);
    return query === undefined ? undefined : { query, reduce: 'max' };
  }
  if (!isRecord(value)) {
    report('must be PromQL text or a mapping with `query`, `reduce` and/or `select`');
    return undefined;
  }
  let ok = true;
  const fail = (message: string, key?: string) => {
    ok = false;
    report(message, key);
  };
  for (const key of Object.keys(value)) if (!ENTRY_KEYS.has(key)) fail(`unknown key ${quote(key)}: an entry has \`query\`, \`reduce\` and \`select\``, key);
  const entry: MetricQuery = { reduce: 'max' };
  if (value.query !== undefined) {
    const query = typeof value.query === 'string' ? checkedText(value.query, 'query', (m) => fail(m, 'query')) : fail('query must be PromQL text', 'query');
    if (query !== undefined) entry.query = query;
  }
  if (value.reduce !== undefined) {
    if (VECTOR_REDUCES.includes(value.reduce as VectorReduce)) entry.reduce = value.reduce as VectorReduce;
    else fail(`reduce must be one of ${VECTOR_REDUCES.join(', ')}, not ${typeof value.reduce === 'string' ? quote(value.reduce) : 'that'}`, 'reduce');
  }
  if (value.select !== undefined) {
    const select = typeof value.select === 'string' ? parseSelector(value.select) : undefined;
    if (select) entry.select = select;
    else fail('select must be a dotted path such as `data.error_rate` or `items.0.value`', 'select');
  }
  if (ok && entry.query === undefined && entry.select === undefined) fail('needs `query` (PromQL) or `select` (a dotted path into JSON)');
  return ok ? entry : undefined;
}

/** The text trimmed when it is usable, else undefined after reporting why. */
function checkedText(value: string, what: string, report: (message: string) => void): string | undefined {
  const text = value.trim();
  if (!text) report(`${what} is empty`);
  else if (text.length > MAX_TEXT) report(`${what} has ${text.length} characters; at most ${MAX_TEXT}`);
  else return text;
  return undefined;
}

/** `data.http.error_rate` → its segments; undefined for an empty segment, whitespace, or more than 32 segments. */
export function parseSelector(text: string): string[] | undefined {
  if (!text || text.length > 512 || /\s/.test(text)) return undefined;
  const parts = text.split('.');
  return parts.length <= 32 && parts.every((p) => p.length > 0) ? parts : undefined;
}
