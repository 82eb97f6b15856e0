import { resolveBlend } from '../../blend/blend.js';
import type { ResolvedPersona } from '../../blend/resolved-persona.js';
import { ConfigurationError, isConfigurationError } from '../../errors/configuration-error.js';
import type { Diagnostic } from '../../errors/diagnostic.js';
import { diffPersonas, personaDiffText } from '../../report/persona-diff.js';
import { expectPositionals, HELP_OPTION, JSON_OPTION, LIBRARY_OPTION, ON_CONFLICT_OPTION, onConflict, parseCommandArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { EXPRESSION_HELP, HELP_HELP, jsonHelp, LIBRARY_HELP, ON_CONFLICT_HELP } from '../help-text.js';
import { loadCliLibrary } from '../library.js';

const usage = `Usage: persona diff A B [--library PATH...] [--on-conflict strict|weighted] [--json]

Shows what changes when switching from persona A to persona B: risk
tolerance, goals added, removed or re-weighted, constraints added or removed,
monitoring thresholds added, removed or changed. Each side is resolved as
resolve-persona would.

${EXPRESSION_HELP}

Arguments:
  A                     The persona or blend before.
  B                     The persona or blend after.

Options:
${LIBRARY_HELP}
${ON_CONFLICT_HELP}
${jsonHelp(`{ before, after,
                        risk_tolerance, goals, constraints, thresholds,
                        identical }.`)}
${HELP_HELP}`;

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    { args, options: { ...HELP_OPTION, ...LIBRARY_OPTION, ...ON_CONFLICT_OPTION, ...JSON_OPTION }, allowPositionals: true },
    usage,
  );
  if (values.help) {
    context.out(usage);
    return 0;
  }
  const [a, b] = expectPositionals(positionals, ['A', 'B'], usage) as [string, string];
  const policy = onConflict(values['on-conflict'], usage);
  const { library } = await loadCliLibrary(values.library, context);

  const diagnostics: Diagnostic[] = [];
  const resolve = (expression: string, what: string): ResolvedPersona | undefined => {
    try {
      return resolveBlend(library, expression, { onConflict: policy }, what);
    } catch (error) {
      if (!isConfigurationError(error)) throw error;
      diagnostics.push(...error.diagnostics);
      return undefined;
    }
  };
  const before = resolve(a, 'A');
  const after = resolve(b, 'B');
  if (!before || !after) throw new ConfigurationError(diagnostics);

  const diff = diffPersonas(before, after);
  context.out(values.json ? JSON.stringify(diff, null, 2) : personaDiffText(diff));
  return 0;
}

/** `persona diff A B`. */
export const diffCommand: Command = { name: 'diff', summary: 'Show what changes between two personas or blends', usage, run };
