import { resolveBlend } from '../../blend/blend.js';
import type { ResolvedPersona } from '../../blend/resolved-persona.js';
import { ConfigurationError, isConfigurationError } from '../../errors/configuration-error.js';
import type { Diagnostic } from '../../errors/diagnostic.js';
import { diffPersonas, personaDiffText } from '../../report/persona-diff.js';
import { expectPositionals, HELP_OPTION, JSON_OPTION, LIBRARY_OPTION, ON_CONFLICT_OPTION, onConflict, parseCommandArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { EXPRESSION_HELP, HELP_HELP, jsonHelp, LIBRARY_HELP, ON_CONFLICT_HELP } from '../help-text.js';
import { loadCliLibrary } from '../library.js';
import type { PersonaLibrary } from '../../library/persona-library.js';

const usage = `Usage: persona diff A B [--library PATH...] [--before-library PATH...]
                      [--on-conflict strict|weighted] [--json] [--exit-code]

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
      --before-library PATH
                        The library A is resolved in, as for --library
                        (repeatable; the built-in personas come first).
                        Default: the --library one. To see what a change to
                        the persona files does, check out the old revision
                        and compare "diff ID ID --before-library
                        old/.github/personas".
${ON_CONFLICT_HELP}
${jsonHelp(`{ before, after,
                        risk_tolerance, goals, constraints, thresholds,
                        identical }.`)}
      --exit-code       Exit 1 when A and B resolve differently, 0 when they
                        are identical (like git diff --exit-code); the diff
                        is printed either way. With --before-library, CI
                        can fail a step when a change to the persona files
                        changes what a persona resolves to.
${HELP_HELP}

Exit status: 0 ok; 1 invalid personas or input, or with --exit-code, A and B
differ (then no error is printed); 2 bad usage.`;

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    {
      args,
      options: {
        ...HELP_OPTION,
        ...LIBRARY_OPTION,
        ...ON_CONFLICT_OPTION,
        ...JSON_OPTION,
        'before-library': { type: 'string', multiple: true },
        'exit-code': { type: 'boolean' },
      },
      allowPositionals: true,
    },
    usage,
  );
  if (values.help) {
    context.out(usage);
    return 0;
  }
  const [a, b] = expectPositionals(positionals, ['A', 'B'], usage) as [string, string];
  const policy = onConflict(values['on-conflict'], usage);
  const { library } = await loadCliLibrary(values.library, context);
  const beforeLibrary = values['before-library'] ? (await loadCliLibrary(values['before-library'], context)).library : library;

  const diagnostics: Diagnostic[] = [];
  const resolve = (from: PersonaLibrary, expression: string, what: string): ResolvedPersona | undefined => {
    try {
      return resolveBlend(from, expression, { onConflict: policy }, what);
    } catch (error) {
      if (!isConfigurationError(error)) throw error;
      diagnostics.push(...error.diagnostics);
      return undefined;
    }
  };
  const before = resolve(beforeLibrary, a, 'A');
  const after = resolve(library, b, 'B');
  if (!before || !after) throw new ConfigurationError(diagnostics);

  const diff = diffPersonas(before, after);
  context.out(values.json ? JSON.stringify(diff, null, 2) : personaDiffText(diff));
  return values['exit-code'] && !diff.identical ? 1 : 0;
}

/** `persona diff A B`. */
export const diffCommand: Command = { name: 'diff', summary: 'Show what changes between two personas or blends', usage, run };
