/**
 * The `metrics` and `queries` inputs → the watch's metric sources. Every
 * problem of both inputs is found before anything is read, and reported at
 * once: one diagnostic per problem, naming the input (`input "metrics"`,
 * `input "queries"`) and its line (a replay file's content problems name
 * the file and its line instead).
 */
import { statSync } from 'node:fs';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';
import { CommandSource } from './command-source.js';
import { FileReplaySource, loadReplay } from './file-source.js';
import type { MetricSource, SourceContext } from './metric-source.js';
import { PrometheusSource } from './prometheus-source.js';
import { type MetricQuery, parseQueries, QUERIES_INPUT } from './queries-map.js';
import { MAX_LINE_CHARS, readSourceLine, type SourceSpec } from './source-line.js';
import { UrlMetricSource } from './url-source.js';

/** The input as messages name it. */
export const METRICS_INPUT = 'input "metrics"';
/** The most sources the input may name. */
export const MAX_SOURCES = 20;

/**
 * Reads the `metrics` input (one source per line; blank lines and `#`
 * comments skipped) and the `queries` map (YAML text; see queries-map.ts),
 * reads the variables the options name (masking their values), and loads
 * every `file:` replay. A `prometheus:` source needs at least one entry of
 * `queries` with a `query`.
 * @throws ConfigurationError with one located diagnostic per problem, all at once; nothing has been read from any source yet.
 */
export async function parseMetricSources(metrics: string, queries: string, context: SourceContext): Promise<MetricSource[]> {
  const problems: Diagnostic[] = [];
  const queryMap = await parseQueries(queries, problems);
  const queriesBroken = problems.length > 0;
  const specs: Array<{ spec: SourceSpec; line: number }> = [];
  const seen = new Map<string, number>();
  let written = 0;
  for (const [index, raw] of metrics.split(/\r?\n/).entries()) {
    const line = index + 1;
    const text = raw.trim();
    if (!text || text.startsWith('#')) continue;
    const report = (message: string) => problems.push({ file: METRICS_INPUT, line, message });
    written++;
    if (text.length > MAX_LINE_CHARS) {
      report(`has ${text.length} characters; a line may have at most ${MAX_LINE_CHARS}`);
      continue;
    }
    const earlier = seen.get(text);
    if (earlier !== undefined) {
      report(`repeats line ${earlier}: each source is read once`);
      continue;
    }
    seen.set(text, line);
    const spec = readSourceLine(text, context);
    if ('problems' in spec) spec.problems.forEach(report);
    else specs.push({ spec, line });
  }
  if (written === 0)
    problems.push({ file: METRICS_INPUT, message: 'names no metric source: write one per line (`prometheus:`, `url:`, `command:` or `file:`)' });
  if (written > MAX_SOURCES) problems.push({ file: METRICS_INPUT, message: `names ${written} sources; at most ${MAX_SOURCES}` });
  const sources = buildSources(specs, queryMap, queriesBroken, context, problems);
  if (problems.length) throw new ConfigurationError(problems);
  context.logger.debug(`metric sources: ${sources.map((s) => s.label).join('; ')}`);
  return sources;
}

/** The sources of the checked lines; what cannot be built (a replay that cannot be read) is added to `problems`. */
function buildSources(
  specs: ReadonlyArray<{ spec: SourceSpec; line: number }>,
  queryMap: ReadonlyMap<string, MetricQuery>,
  queriesBroken: boolean,
  context: SourceContext,
  problems: Diagnostic[],
): MetricSource[] {
  const sources: MetricSource[] = [];
  const hasPromql = [...queryMap.values()].some((q) => q.query !== undefined);
  let workspaceOk: boolean | undefined;
  for (const { spec, line } of specs) {
    const where = { file: METRICS_INPUT, line };
    if (spec.kind === 'url') sources.push(new UrlMetricSource(spec, queryMap, context));
    else if (spec.kind === 'prometheus') {
      if (!hasPromql && !queriesBroken)
        problems.push({ ...where, message: 'a prometheus: source needs the `queries` input: a map of metric → PromQL (`error_rate: sum(rate(…))`)' });
      sources.push(new PrometheusSource(spec, queryMap, context));
    } else if (spec.kind === 'command') sources.push(new CommandSource(spec.command, spec.label, queryMap, context));
    else {
      workspaceOk ??= isDirectory(context.workspace);
      if (!workspaceOk) {
        problems.push({ ...where, message: `the workspace ${quote(context.workspace)} is not an existing directory, so file: cannot be read` });
        continue;
      }
      const replay = loadReplay(spec.path, context.workspace, where);
      if (isSamples(replay)) sources.push(new FileReplaySource(spec.label, replay, context.startedAt));
      else problems.push(...replay);
    }
  }
  return sources;
}

function isSamples(value: ReturnType<typeof loadReplay>): value is Exclude<ReturnType<typeof loadReplay>, Diagnostic[]> {
  return value.length > 0 && 'offsetMs' in value[0]!;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** The `queries` input as messages name it. */
export { QUERIES_INPUT };
