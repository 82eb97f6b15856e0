import { importBundle } from '../../edge/load-bundle.js';
import { HELP_OPTION, parseCommandArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { HELP_HELP } from '../help-text.js';

const usage = `Usage: persona schema

Prints the JSON schema of persona files (draft-07), the same as
schema/persona.schema.json. Point an editor at it, e.g. with a first line
"# yaml-language-server: $schema=<path or URL of the schema>".

Options:
${HELP_HELP}`;

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs({ args, options: { ...HELP_OPTION } }, usage);
  if (values.help) {
    context.out(usage);
    return 0;
  }
  const { personaJsonSchemaText } = await importBundle('parser', () => import(/* webpackIgnore: true */ '../../persona/persona-json-schema.js'));
  context.out(personaJsonSchemaText());
  return 0;
}

/** `persona schema`. */
export const schemaCommand: Command = { name: 'schema', summary: 'Print the JSON schema of persona files', usage, run };
