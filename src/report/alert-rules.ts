/**
 * A persona's monitoring thresholds as a Prometheus alerting rule file, so
 * production alerting follows the active persona (`persona export
 * alert-rules`). Pure rendering; the yaml library writes the file, so the
 * CLI loads this module from dist/bundles/parser-full.
 *
 * The rules (README "Alerting that follows the persona"):
 * - one group `persona-<id>`, one rule per threshold, in the persona's order;
 * - `alert`: the metric in CamelCase and the direction (`error_rate >` →
 *   `ErrorRateAbove`, `availability <=` → `AvailabilityAtOrBelow`); two
 *   tiers of one metric share the name and differ by `severity`, as is usual;
 * - `expr`: the metric's query from the queries map (PromQL), else the metric
 *   itself as a selector when it is a valid metric name (else an error listing
 *   every such metric); a `window` reduces over it with the watch's rule
 *   ({@link reductionFor}): `avg_over_time(q[5m])`, or
 *   `quantile_over_time(0.95, q[5m])` for `latency_p95_ms`, as a subquery
 *   `(q)[5m:]` when `q` is not a plain selector; then the vector is reduced as
 *   the watch reduces it (`max` unless the queries map says `avg` or `sum`)
 *   and compared with the limit: `max(avg_over_time(error_rate[5m])) > 0.02`;
 * - no `for:`: the window already asks for a sustained breach, and an
 *   unwindowed threshold fires as soon as it holds, as in the watch's first check;
 * - labels `severity`, `persona`, `action`; annotations `summary` and
 *   `description` naming the persona, the state revision and the switch.
 */
import { Document } from 'yaml';
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { reductionFor } from '../monitoring/window-reduction.js';
import type { Threshold } from '../persona/persona.js';

/** How a vector of several series becomes one value, as the watch's Prometheus source reduces it. */
export type RuleVectorReduce = 'max' | 'avg' | 'sum';

/** A metric's entry of the queries map: PromQL, or PromQL with the vector reduction (the watch's `queries` format). */
export type RuleQuery = string | { query?: string; reduce?: RuleVectorReduce };

/** Options of {@link alertRulesYaml}. */
export interface AlertRulesOptions {
  /** Metric → PromQL (or `{ query, reduce }`); metrics without an entry are selected by name. */
  queries: Readonly<Record<string, RuleQuery>>;
  /** The state revision the persona is active at, for the annotations and the header. */
  revision?: number | null;
  /** The correlation id of the switch that set the persona. */
  correlationId?: string | null;
}

/** A valid PromQL metric name (classic, without quoting). */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** A plain instant-vector selector: a metric name, optionally with matchers that hold no brace; anything else is a subquery. */
const PLAIN_SELECTOR = /^[a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^{}#]*\})?$/;
/**
 * Characters a rule file must not carry raw: what YAML (Go's yaml.v3, which Prometheus reads rules with) refuses or reads
 * as a line break (C0 controls but tab and newline, DEL, C1, line and paragraph separators, BOM, lone surrogates), and
 * the bidirectional overrides and isolates, which reorder what an alert shows.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** The longest range Prometheus can represent (int64 nanoseconds), in milliseconds. */
const MAX_WINDOW_MS = 9_223_372_036_854;
const WINDOW_UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };
const DIRECTION: Record<Threshold['operator'], string> = { '>': 'Above', '>=': 'AtOrAbove', '<': 'Below', '<=': 'AtOrBelow' };

/** One rule of the file. */
interface AlertRule {
  alert: string;
  expr: string;
  labels: { severity: string; persona: string; action: string };
  annotations: { summary: string; description: string };
}

/**
 * The Prometheus rule file (YAML, valid for `promtool check rules`) of
 * `persona`'s monitoring thresholds; see the module comment for the rules.
 * A persona without thresholds gives a group without rules.
 * @throws ConfigurationError listing, at once, every metric that has no
 *   query and is not a valid metric name, every query holding characters a
 *   rule file cannot carry, and every window too long for Prometheus.
 */
export function alertRulesYaml(persona: ResolvedPersona, options: AlertRulesOptions): string {
  const problems: string[] = [];
  const rules: AlertRule[] = [];
  for (const threshold of persona.monitoring_thresholds) {
    const expr = ruleExpression(threshold, options.queries, problems);
    if (expr !== undefined) rules.push(rule(persona, threshold, expr, options));
  }
  if (problems.length) throw new ConfigurationError([...new Set(problems)].map((message) => ({ message })));
  const doc = new Document({ groups: [{ name: `persona-${printable(persona.id)}`, rules }] });
  doc.commentBefore = header(persona, options);
  return doc.toString({ lineWidth: 0 });
}

/** The lines above the groups: what wrote the file, the persona and the revision (read back by the switch workflow). */
function header(persona: ResolvedPersona, options: AlertRulesOptions): string {
  return [
    " Generated by `persona export alert-rules` from the persona's monitoring_thresholds: do not edit by hand.",
    ` persona: ${printable(persona.id)}`,
    ...(typeof options.revision === 'number' ? [` revision: ${options.revision}`] : []),
  ].join('\n');
}

/** The rule's expression, or undefined after adding to `problems` why there is none. */
function ruleExpression(threshold: Threshold, queries: AlertRulesOptions['queries'], problems: string[]): string | undefined {
  const { metric } = threshold;
  const entry = Object.hasOwn(queries, metric) ? queries[metric] : undefined;
  const query = typeof entry === 'string' ? entry : entry?.query;
  const reduce = (typeof entry === 'object' && entry.reduce) || 'max';
  let q: string;
  if (query !== undefined && query.trim()) {
    q = query.trim();
    if (q.replace(/[\r\n]/g, '').match(UNPRINTABLE)) return void problems.push(`the query of metric ${quote(metric)} holds control characters`);
  } else if (METRIC_NAME.test(metric)) q = metric;
  else
    return void problems.push(
      `metric ${quote(metric)} is not a valid PromQL metric name (letters, digits, _ and :, not starting with a digit) and has no query in the queries file`,
    );
  const windowed = threshold.window === undefined ? closable(q) : overWindow(q, metric, threshold.window, problems);
  return windowed === undefined ? undefined : `${reduce}(${windowed}) ${threshold.operator} ${promNumber(threshold.value)}`;
}

/** `q` reduced over `window` by the watch's rule: a range of a plain selector, else a subquery. */
function overWindow(q: string, metric: string, window: string, problems: string[]): string | undefined {
  const ms = Number(window.slice(0, -1)) * (WINDOW_UNIT_MS[window.slice(-1)] ?? NaN);
  if (!(ms <= MAX_WINDOW_MS))
    return void problems.push(`the window ${quote(window)} of metric ${quote(metric)} is longer than Prometheus can represent (about 292 years)`);
  const range = PLAIN_SELECTOR.test(q) ? `${q}[${window}]` : `(${closable(q)})[${window}:]`;
  const reduction = reductionFor(metric);
  return reduction.kind === 'quantile' ? `quantile_over_time(${reduction.q}, ${range})` : `avg_over_time(${range})`;
}

/** `q` ready for a closing parenthesis: a `#` starts a PromQL comment that runs to the end of the line, so the parenthesis goes on a line of its own. */
function closable(q: string): string {
  return q.includes('#') ? `${q}\n` : q;
}

/** A finite number as a PromQL literal (`0.02`, `1e-7`, `1e+21`: all PromQL number syntax). */
function promNumber(value: number): string {
  return String(value);
}

/** One rule of the group. */
function rule(persona: ResolvedPersona, threshold: Threshold, expr: string, options: AlertRulesOptions): AlertRule {
  const id = printable(persona.id);
  const condition = `${threshold.metric} ${threshold.operator} ${threshold.value}${threshold.window ? ` over ${threshold.window}` : ''}`;
  const revision = typeof options.revision === 'number' ? `revision ${options.revision}` : 'revision unknown';
  const switched = options.correlationId ? `, switch ${options.correlationId}` : '';
  return {
    alert: alertName(threshold),
    expr,
    labels: { severity: threshold.severity, persona: id, action: threshold.action },
    annotations: {
      summary: annotation(`${condition} (persona ${persona.id}, ${revision})`),
      description:
        annotation(
          `Persona ${persona.id} (${persona.name}, ${revision}${switched}) treats ${condition} as a ${threshold.severity} breach; its action is ${threshold.action}. Value: `,
        ) + '{{ $value }}',
    },
  };
}

/** `ErrorRateAbove`: the metric's words capitalised, then the direction; `Metric…` when the name starts with a digit or has no word. */
function alertName(threshold: Threshold): string {
  const words = threshold.metric.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return `${/^[A-Za-z]/.test(name) ? '' : 'Metric'}${name}${DIRECTION[threshold.operator]}`;
}

/** Text for an annotation, a Go template: printable, and every `{{` written as the template `{{ "{{" }}` so outside text never runs as one. */
function annotation(text: string): string {
  return printable(text).replace(/\{\{/g, '{{ "{{" }}');
}

/** `text` with every character YAML must not carry raw shown as a visible `\uXXXX`. */
function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
