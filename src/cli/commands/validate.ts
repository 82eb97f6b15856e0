import { isConfigurationError } from '../../errors/configuration-error.js';
import { formatDiagnostic } from '../../errors/diagnostic.js';
import { HELP_OPTION, parseCommandArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { HELP_HELP } from '../help-text.js';
import { BUILTIN_LABEL, loadCliLibrary } from '../library.js';

const usage = `Usage: persona validate [PATH...]

Checks persona files and the library they form with the built-in personas:
every file against the schema, then duplicate ids, extends (unknown parents,
cycles), switch:<id> targets, and that each persona's own constraints can
all hold. Prints each problem as "file:line:col path: message" on stderr.

Arguments:
  PATH                  A persona file, directory or glob, relative to the
                        current directory (or an https:// URL or
                        github:OWNER/REPO/PATH@REF, as for --library).
                        Default: .github/personas when it exists, else only
                        the built-in personas.

Options:
${HELP_HELP}

Exit status: 0 when everything is valid, 1 when anything is not.`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs({ args, options: { ...HELP_OPTION }, allowPositionals: true }, usage);
  if (values.help) {
    context.out(usage);
    return 0;
  }
  try {
    const loaded = await loadCliLibrary(positionals, context);
    const counts = loaded.counts().filter((c) => c.count > 0 || positionals.includes(c.label));
    const parts = counts.map((c) => (c.label === BUILTIN_LABEL ? `${c.count} built-in` : `${c.count} from ${c.label}`));
    context.out(`ok: ${plural(loaded.library.size, 'persona')} (${parts.join(', ')})`);
    return 0;
  } catch (error) {
    if (!isConfigurationError(error)) throw error;
    for (const d of error.diagnostics) context.err(formatDiagnostic(d));
    const files = new Set(error.diagnostics.flatMap((d) => (d.file ? [d.file] : [])));
    context.err(`failed: ${plural(error.diagnostics.length, 'problem')}${files.size ? ` in ${plural(files.size, 'file')}` : ''}`);
    return 1;
  }
}

/** `persona validate [PATH...]`. */
export const validateCommand: Command = { name: 'validate', summary: 'Check persona files and the library they form', usage, run };
