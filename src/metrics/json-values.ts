/**
 * The values of metrics in what a `url:` or `command:` source answered:
 * a JSON object (the metric's name as a key, or its `select` path from the
 * `queries` input), or, for a command, `metric=value` lines.
 */
import { describeValue } from '../errors/describe-value.js';
import { quote } from '../errors/quote.js';
import type { MetricRequest } from '../monitoring/readings.js';
import { type MetricQuery, showMetric } from './queries-map.js';

/** What was found: a value per metric, and a sentence per problem. */
export interface FoundValues {
  values: Map<string, number>;
  problems: string[];
}

/** The most problems one answer reports; the rest are counted. */
const MAX_PROBLEMS = 5;

/**
 * The values of the requested metrics in `data` (parsed JSON). A metric is
 * looked up at its `select` path when the `queries` input gives one (segments
 * are keys, or indexes of lists), else as a top-level key. A value must be a
 * number, or null (no data: NaN). A metric absent without a `select` is not
 * a problem (another source may have it); a `select` that finds nothing is.
 */
export function valuesFromJson(data: unknown, requests: readonly MetricRequest[], queries: ReadonlyMap<string, MetricQuery>): FoundValues {
  const found: FoundValues = { values: new Map(), problems: [] };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    found.problems.push(`answered ${describeValue(data)}, not a JSON object of metrics`);
    return found;
  }
  for (const metric of new Set(requests.map((r) => r.metric))) {
    const select = queries.get(metric)?.select;
    const at = walk(data, select ?? [metric]);
    if (at === undefined) {
      if (select) found.problems.push(`has nothing at ${quote(select.join('.'))} (select of ${showMetric(metric)})`);
      continue;
    }
    if (at === null) found.values.set(metric, Number.NaN);
    else if (typeof at === 'number') found.values.set(metric, at);
    else found.problems.push(`has ${describeValue(at)} for ${showMetric(metric)}${select ? ` at ${quote(select.join('.'))}` : ''}, not a number`);
  }
  return found;
}

/** The value at `path` (own keys only; list indexes as decimal segments), or undefined. */
function walk(data: unknown, path: readonly string[]): unknown {
  let at: unknown = data;
  for (const segment of path) {
    if (Array.isArray(at) && /^(0|[1-9]\d{0,8})$/.test(segment)) at = at[Number(segment)];
    else if (typeof at === 'object' && at !== null && !Array.isArray(at) && Object.hasOwn(at, segment)) at = (at as Record<string, unknown>)[segment];
    else return undefined;
  }
  return at;
}

/** A number as a `metric=value` line writes it: decimal, exponent, `NaN`, `+Inf`, `-Inf`, `Infinity`. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = {
  nan: Number.NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
};

/**
 * The values of `metric=value` lines (blank lines and `#` comments skipped;
 * spaces around `=` allowed). Every metric printed is kept; the requested
 * ones are picked by the caller. A line that is not `name=number` is a problem.
 */
export function valuesFromLines(text: string): FoundValues {
  const found: FoundValues = { values: new Map(), problems: [] };
  let skipped = 0;
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][\w.:-]{0,99})\s*=\s*(\S+)$/.exec(line);
    const value = match ? (NUMBER.test(match[2]!) ? Number(match[2]) : SPECIAL[match[2]!.toLowerCase()]) : undefined;
    if (match && value !== undefined) found.values.set(match[1]!, value);
    else if (found.problems.length < MAX_PROBLEMS) found.problems.push(`printed ${quote(line)} on line ${index + 1}, which is not \`metric=number\``);
    else skipped++;
  }
  if (skipped) found.problems.push(`and ${skipped} more lines that are not \`metric=number\``);
  return found;
}
