import { textTable } from '../../report/persona-text.js';
import { HELP_OPTION, JSON_OPTION, LIBRARY_OPTION, parseCommandArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { HELP_HELP, jsonHelp, LIBRARY_HELP } from '../help-text.js';
import { loadCliLibrary } from '../library.js';

const usage = `Usage: persona list [--library PATH...] [--json]

Lists the personas of the library: id, name, risk tolerance and where each
is defined.

Options:
${LIBRARY_HELP}
${jsonHelp(`an array of
                        { id, name, risk_tolerance, description?, extends?,
                        source, file, line?, overrides }.`)}
${HELP_HELP}`;

/** One row of `persona list --json`. */
export interface ListedPersona {
  id: string;
  name: string;
  risk_tolerance: string;
  description?: string;
  extends?: string;
  /** The library entry that defined it: `built-in`, `.github/personas`, … */
  source: string;
  file: string;
  line?: number;
  /** Earlier library entries whose persona of the same id this one replaces. */
  overrides: string[];
}

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs({ args, options: { ...HELP_OPTION, ...LIBRARY_OPTION, ...JSON_OPTION } }, usage);
  if (values.help) {
    context.out(usage);
    return 0;
  }
  const loaded = await loadCliLibrary(values.library, context);
  const { library } = loaded;
  const rows: ListedPersona[] = library.ids().map((id) => {
    const p = library.get(id);
    const origin = library.origin(id);
    return {
      id,
      name: p.name,
      risk_tolerance: p.risk_tolerance,
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.extends !== undefined ? { extends: p.extends } : {}),
      source: loaded.sourceOf(id),
      file: origin?.file ?? '',
      ...(origin?.line !== undefined ? { line: origin.line } : {}),
      overrides: loaded.overrides(id),
    };
  });
  if (values.json) {
    context.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  const where = (r: ListedPersona) => `${loaded.whereDefined(r.id)}${r.overrides.length ? ` (overrides ${r.overrides.join(', ')})` : ''}`;
  context.out(
    textTable(
      ['ID', 'NAME', 'RISK', 'DEFINED IN'],
      rows.map((r) => [r.id, r.name, r.risk_tolerance, where(r)]),
      '',
    ),
  );
  return 0;
}

/** `persona list`. */
export const listCommand: Command = { name: 'list', summary: 'List the personas of the library', usage, run };
