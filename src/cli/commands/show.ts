import { writtenIn } from '../../library/inherit.js';
import { personaText } from '../../report/persona-text.js';
import { expectPositionals, HELP_OPTION, JSON_OPTION, LIBRARY_OPTION, parseCommandArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { HELP_HELP, jsonHelp, LIBRARY_HELP } from '../help-text.js';
import { loadCliLibrary } from '../library.js';

const usage = `Usage: persona show ID [--library PATH...] [--json]

Shows one persona of the library with its inheritance (extends) applied,
and where it is defined.

Arguments:
  ID                    A persona id, e.g. security-first.

Options:
${LIBRARY_HELP}
${jsonHelp(`the persona's
                        fields plus origin: { source, file, line?, column?,
                        path? } and written_in: for each item, the persona of
                        the extends chain that wrote it.`)}
${HELP_HELP}`;

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs({ args, options: { ...HELP_OPTION, ...LIBRARY_OPTION, ...JSON_OPTION }, allowPositionals: true }, usage);
  if (values.help) {
    context.out(usage);
    return 0;
  }
  const [id] = expectPositionals(positionals, ['ID'], usage) as [string];
  const loaded = await loadCliLibrary(values.library, context);
  const persona = loaded.library.get(id);
  const inheritance = writtenIn(persona, loaded.library.lineage(id));
  if (values.json) {
    const o = loaded.library.origin(id);
    const origin = {
      source: loaded.sourceOf(id),
      file: o?.file,
      ...(o?.line !== undefined ? { line: o.line } : {}),
      ...(o?.column !== undefined ? { column: o.column } : {}),
      ...(o?.path ? { path: o.path } : {}),
    };
    context.out(JSON.stringify({ ...persona, origin, written_in: inheritance }, null, 2));
    return 0;
  }
  const overrides = loaded.overrides(id);
  context.out(personaText(persona, `${loaded.whereDefined(id)}${overrides.length ? ` (overrides ${overrides.join(', ')})` : ''}`, inheritance));
  return 0;
}

/** `persona show ID`. */
export const showCommand: Command = { name: 'show', summary: 'Show one persona, inheritance applied', usage, run };
