import path from 'node:path';
import { resolveBlend } from '../../blend/blend.js';
import { importBundle } from '../../edge/load-bundle.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import type { Diagnostic } from '../../errors/diagnostic.js';
import { quote } from '../../errors/quote.js';
import { readRegularFile } from '../../library/read-regular-file.js';
import { parseQueries } from '../../metrics/queries-map.js';
import type { RuleQuery } from '../../report/alert-rules.js';
import { writeFileAtomic } from '../../runner/write-file-atomic.js';
import { expectPositionals, HELP_OPTION, LIBRARY_OPTION, ON_CONFLICT_OPTION, onConflict, parseCommandArgs, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { EXPRESSION_HELP, HELP_HELP, LIBRARY_HELP, ON_CONFLICT_HELP } from '../help-text.js';
import { loadCliLibrary } from '../library.js';

/** What `persona export` can export. */
const EXPORTS = ['alert-rules'] as const;
/** The rule formats. */
const FORMATS = ['prometheus'] as const;
/** The most bytes of a queries file. */
const QUERIES_LIMIT = 1024 * 1024;
/** The most characters of a correlation id. */
const MAX_CORRELATION_ID = 200;

const usage = `Usage: persona export alert-rules --persona EXPR [--library PATH...]
                      [--queries FILE] [--format prometheus] [--output FILE]
                      [--revision N] [--correlation-id ID]

Renders the persona's monitoring thresholds as Prometheus alerting rules
(check them with "promtool check rules"): one group persona-<id>, one rule per
threshold. The expression is the metric's query from --queries, else the
metric name; a threshold with a window reduces over it as the watch does
(avg_over_time, or quantile_over_time for a pNN metric such as
latency_p95_ms), and the vector is reduced as the watch reduces it (max,
unless the queries file says avg or sum). Labels severity, persona, action;
annotations name the persona, the state revision and the switch.

${EXPRESSION_HELP}

Options:
  -p, --persona EXPR    The persona or blend (required).
${LIBRARY_HELP}
${ON_CONFLICT_HELP}
  -q, --queries FILE    YAML or JSON map of metric names to PromQL, the
                        watch-monitor action's "queries" format: "metric:
                        PROMQL", or "metric: { query: PROMQL, reduce:
                        max|avg|sum }". A regular file (not a link), ≤ 1 MiB.
      --format prometheus
                        The rule format (the only one).
  -o, --output FILE     Write the rules there (replaced whole), not to stdout.
      --revision N      The state revision the persona is active at.
      --correlation-id ID
                        The switch that set the persona.
${HELP_HELP}`;

const OPTIONS = {
  ...HELP_OPTION,
  persona: { type: 'string', short: 'p' },
  ...LIBRARY_OPTION,
  ...ON_CONFLICT_OPTION,
  queries: { type: 'string', short: 'q' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  revision: { type: 'string' },
  'correlation-id': { type: 'string' },
} as const;

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs({ args, options: OPTIONS, allowPositionals: true }, usage);
  if (values.help) {
    context.out(usage);
    return 0;
  }
  const [what] = expectPositionals(positionals, ['WHAT'], usage) as [string];
  if (!(EXPORTS as readonly string[]).includes(what)) throw new UsageError(`unknown export ${quote(what)} (expected ${EXPORTS.join(', ')})`, usage);
  if (values.persona === undefined) throw new UsageError('missing option --persona EXPR', usage);
  const format = values.format ?? 'prometheus';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be ${FORMATS.join(' or ')}, got ${quote(format)}`, usage);
  const revision = revisionOf(values.revision);
  const correlationId = values['correlation-id'];
  if (correlationId !== undefined && (!correlationId || correlationId.length > MAX_CORRELATION_ID))
    throw new UsageError(`--correlation-id must have 1 to ${MAX_CORRELATION_ID} characters`, usage);
  const policy = onConflict(values['on-conflict'], usage);

  const queries = values.queries === undefined ? {} : await readQueriesFile(values.queries, context.io.cwd);
  const { library } = await loadCliLibrary(values.library, context);
  const persona = resolveBlend(library, values.persona, { onConflict: policy }, '--persona');
  for (const c of persona.conflicts) context.logger.warning(`on-conflict ${policy}: ${c.message}`);
  const { alertRulesYaml } = await importBundle('parser-full', () => import(/* webpackIgnore: true */ '../../report/alert-rules.js'));
  const text = alertRulesYaml(persona, { queries, revision, correlationId: correlationId ?? null });
  if (values.output === undefined) context.out(text);
  else writeOutput(values.output, context.io.cwd, text);
  return 0;
}

/** `--revision N`: a whole number ≥ 0, or null when absent. */
function revisionOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d{1,15}$/.test(value)) throw new UsageError(`--revision must be a whole number, got ${quote(value)}`, usage);
  return Number(value);
}

/**
 * The queries file (relative to `cwd`): a regular file, not a symbolic link,
 * at most 1 MiB of UTF-8, read with the watch's `queries` parser; every
 * problem located in the file.
 */
async function readQueriesFile(file: string, cwd: string): Promise<Record<string, RuleQuery>> {
  const bytes = readRegularFile(path.resolve(cwd, file), { display: file, limit: QUERIES_LIMIT, limitOf: 'a queries file', follow: false });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ConfigurationError({ file, message: 'is not UTF-8 text' });
  }
  const problems: Diagnostic[] = [];
  const parsed = await parseQueries(text, problems);
  if (problems.length) throw new ConfigurationError(problems.map((d) => ({ ...d, file })));
  if (!text.trim()) throw new ConfigurationError({ file, message: 'is empty: expected a mapping of metric names to queries' });
  const queries: Record<string, RuleQuery> = Object.create(null);
  for (const [metric, entry] of parsed) if (entry.query !== undefined) queries[metric] = { query: entry.query, reduce: entry.reduce };
  return queries;
}

/** Writes the rules to `file` (relative to `cwd`) all or nothing; a failure is a user error naming the file. */
function writeOutput(file: string, cwd: string, text: string): void {
  try {
    writeFileAtomic(path.resolve(cwd, file), text.endsWith('\n') ? text : `${text}\n`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigurationError({ file, message: `cannot be written (${code})` });
  }
}

/** `persona export alert-rules`. */
export const exportCommand: Command = { name: 'export', summary: "Export a persona's thresholds as alerting rules", usage, run };
