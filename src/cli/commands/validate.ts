import { isConfigurationError } from '../../errors/configuration-error.js';
import { formatDiagnostic } from '../../errors/diagnostic.js';
import { closest } from '../../persona/closest.js';
import { BUILTIN_CATALOGS } from '../../planning/builtin-catalogs.js';
import { mergeCatalogs } from '../../planning/merge-catalogs.js';
import { diagnosticProperties, workflowCommand } from '../../runner/workflow-commands.js';
import { HELP_OPTION, JSON_OPTION, parseCommandArgs, UsageError } from '../args.js';
import { CollectingLogger, type ReportedDiagnostic, type Severity } from '../cli-logger.js';
import type { Command, CommandContext } from '../context.js';
import { HELP_HELP } from '../help-text.js';
import { BUILTIN_LABEL, loadCliLibrary, type CliLibrary } from '../library.js';

/** GitHub shows at most this many annotations of each type per step on a pull request. */
export const GITHUB_ANNOTATION_LIMIT = 10;

const usage = `Usage: persona validate [PATH...] [--format text|json|github] [--json]

Checks persona files and the library they form with the built-in personas:
every file against the schema, then duplicate ids, extends (unknown parents,
cycles), switch:<id> targets, and that each persona's own constraints can
all hold. Catalog files (a top-level "catalogs:") are checked against the
catalog schema, for an option id given twice in one source, and for
estimates of metrics with no direction once merged with the built-in
catalogs.

Arguments:
  PATH                  A persona file, directory or glob, relative to the
                        current directory (or an https:// URL or
                        github:OWNER/REPO/PATH@REF, as for --library).
                        Default: .github/personas when it exists, else only
                        the built-in personas.

Options:
      --format text|json|github
                        How to report (default: text).
                        text: each problem as "file:line:col path: message"
                        on stderr, then "failed: N problems in M files"; or
                        "ok: N personas (…)" on stdout, with
                        ", M catalog options (…)" when there are catalog
                        files.
                        json: one JSON object on stdout (see --json).
                        github: each problem as a GitHub workflow annotation
                        on stdout, "::error file=…,line=…,col=…::…", the
                        library's warnings and notices (such as a persona
                        overriding a built-in one) as ::warning and ::notice,
                        then the summary line. GitHub shows only the first
                        ${GITHUB_ANNOTATION_LIMIT} annotations of each type of a step on the pull
                        request; all are printed in the log. Run it from the
                        repository root, so the files are the repository's.
      --json            Same as --format json. Prints
                        { "valid": boolean, "errors": N, "warnings": N,
                          "notices": N,
                          "files": [persona files read],
                          "personas": [{ "id", "name", "source", "file",
                                         "line" }],
                          "catalog_options": [{ "catalog", "id", "file",
                                                "line" }],
                          "diagnostics": [{ "file", "line", "column",
                                            "path", "message",
                                            "severity" }] }
                        severity is "error", "warning" or "notice"; what is
                        unknown is null (a built-in persona has no file).
                        personas and catalog_options are empty when the
                        library is invalid.
${HELP_HELP}

Exit status: 0 when everything is valid (warnings and notices do not fail),
1 when anything is not, 2 for bad usage.`;

/** How `validate` reports. */
type Format = 'text' | 'json' | 'github';
const FORMATS: readonly Format[] = ['text', 'json', 'github'];

/** What a validation found: the library when it could be built, and every diagnostic. */
interface Outcome {
  loaded: CliLibrary | undefined;
  diagnostics: ReportedDiagnostic[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const count = (outcome: Outcome, severity: Severity) => outcome.diagnostics.filter((d) => d.severity === severity).length;

/** `--format`, with `--json` as its shorthand. */
function reportFormat(values: { format?: string; json?: boolean }): Format {
  const format = values.format ?? (values.json ? 'json' : 'text');
  if (!FORMATS.includes(format as Format)) {
    const near = closest(format, FORMATS);
    throw new UsageError(`--format must be text, json or github, got "${format}"${near.length ? ` (did you mean ${near[0]}?)` : ''}`, usage);
  }
  if (values.json && format !== 'json') throw new UsageError(`--json contradicts --format ${format}`, usage);
  return format as Format;
}

/** Loads the library; the library's notices and warnings go to `logger`. */
async function check(paths: string[], context: CommandContext, logger: CollectingLogger | undefined): Promise<Outcome> {
  const collected = () => logger?.collected ?? [];
  try {
    const loaded = await loadCliLibrary(paths, logger ? { ...context, logger } : context);
    // What the stages would refuse: an option estimating a metric with no direction in its merged catalog.
    mergeCatalogs(BUILTIN_CATALOGS, loaded.library.catalogEntries);
    return { loaded, diagnostics: collected() };
  } catch (error) {
    if (!isConfigurationError(error)) throw error;
    const errors = error.diagnostics.map((d): ReportedDiagnostic => ({ ...d, severity: 'error' }));
    return { loaded: undefined, diagnostics: [...errors, ...collected()] };
  }
}

/** `ok: 9 personas (7 built-in, 2 from .github/personas)` or `failed: 3 problems in 1 file`. */
function summary(outcome: Outcome, paths: string[]): string {
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  if (!outcome.loaded || errors.length) {
    const files = new Set(errors.flatMap((d) => (d.file ? [d.file] : [])));
    return `failed: ${plural(errors.length, 'problem')}${files.size ? ` in ${plural(files.size, 'file')}` : ''}`;
  }
  const counts = outcome.loaded.counts().filter((c) => c.count > 0 || paths.includes(c.label));
  const parts = counts.map((c) => (c.label === BUILTIN_LABEL ? `${c.count} built-in` : `${c.count} from ${c.label}`));
  return `ok: ${plural(outcome.loaded.library.size, 'persona')} (${parts.join(', ')})${catalogSummary(outcome.loaded)}`;
}

/** `, 3 catalog options (2 build, 1 test)`, or '' without catalog files. */
function catalogSummary({ library }: CliLibrary): string {
  const counts = new Map<string, number>();
  for (const entry of library.catalogEntries) counts.set(entry.catalog, (counts.get(entry.catalog) ?? 0) + entry.options.length);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (!counts.size) return '';
  return `, ${plural(total, 'catalog option')} (${[...counts].map(([catalog, n]) => `${n} ${catalog}`).join(', ')})`;
}

/** The `--json` report. */
function jsonReport(outcome: Outcome): object {
  const { loaded } = outcome;
  const personas = (loaded?.library.ids() ?? []).map((id) => {
    const source = loaded!.sourceOf(id);
    const origin = source === BUILTIN_LABEL ? undefined : loaded!.library.origin(id);
    return { id, name: loaded!.library.get(id).name, source, file: origin?.file ?? null, line: origin?.line ?? null };
  });
  const catalogOptions = (loaded?.library.catalogEntries ?? []).flatMap(({ catalog, options }) =>
    options.map(({ id, origin }) => ({ catalog, id, file: origin.file, line: origin.line ?? null })),
  );
  const files = new Set([
    ...personas.flatMap((p) => (p.file ? [p.file] : [])),
    ...catalogOptions.map((o) => o.file),
    ...outcome.diagnostics.flatMap((d) => (d.file ? [d.file] : [])),
  ]);
  return {
    valid: count(outcome, 'error') === 0,
    errors: count(outcome, 'error'),
    warnings: count(outcome, 'warning'),
    notices: count(outcome, 'notice'),
    files: [...files].sort(),
    personas,
    catalog_options: catalogOptions,
    diagnostics: outcome.diagnostics.map((d) => ({
      file: d.file ?? null,
      line: d.line ?? null,
      column: d.column ?? null,
      path: d.path || null,
      message: d.message,
      severity: d.severity,
    })),
  };
}

/** Every diagnostic as an annotation, then the summary (with a note when the pull request will not show them all). */
function githubReport(outcome: Outcome, paths: string[]): string[] {
  const lines = outcome.diagnostics.map((d) => workflowCommand(d.severity, formatDiagnostic(d), { ...diagnosticProperties(d) }));
  const counts = (['error', 'warning', 'notice'] as const).map((s) => [s, count(outcome, s)] as const).filter(([, n]) => n > 0);
  let last = summary(outcome, paths);
  if (count(outcome, 'error') === 0 && counts.length) last += `; ${counts.map(([s, n]) => plural(n, s)).join(', ')}`;
  if (counts.some(([, n]) => n > GITHUB_ANNOTATION_LIMIT))
    last += ` (GitHub shows only the first ${GITHUB_ANNOTATION_LIMIT} annotations of each type on the pull request; all are listed above)`;
  return [...lines, last];
}

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    { args, options: { ...HELP_OPTION, ...JSON_OPTION, format: { type: 'string' } }, allowPositionals: true },
    usage,
  );
  if (values.help) {
    context.out(usage);
    return 0;
  }
  const format = reportFormat(values);
  const outcome = await check(positionals, context, format === 'text' ? undefined : new CollectingLogger(context.logger));
  const failed = count(outcome, 'error') > 0 || !outcome.loaded;
  if (format === 'json') context.out(JSON.stringify(jsonReport(outcome), null, 2));
  else if (format === 'github') context.out(githubReport(outcome, positionals).join('\n'));
  else {
    for (const d of outcome.diagnostics) context.err(formatDiagnostic(d));
    if (failed) context.err(summary(outcome, positionals));
    else context.out(summary(outcome, positionals));
  }
  return failed ? 1 : 0;
}

/** `persona validate [PATH...]`. */
export const validateCommand: Command = { name: 'validate', summary: 'Check persona files and the library they form', usage, run };
