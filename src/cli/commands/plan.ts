import { resolveBlend } from '../../blend/blend.js';
import { plainSelection } from '../../handover/handover-document.js';
import { personaOutputs } from '../../handover/persona-outputs.js';
import { resolvedPersonaText } from '../../report/persona-text.js';
import { HELP_OPTION, JSON_OPTION, LIBRARY_OPTION, ON_CONFLICT_OPTION, onConflict, parseCommandArgs, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { EXPRESSION_HELP, HELP_HELP, jsonHelp, LIBRARY_HELP, ON_CONFLICT_HELP } from '../help-text.js';
import { checkOutputSize } from '../../wiring/write-outputs.js';
import { loadCliLibrary } from '../library.js';

const usage = `Usage: persona plan --persona EXPR [--library PATH...] [--on-conflict strict|weighted] [--json]

Resolves a persona or blend as the resolve-persona action would and shows
the result with its provenance: goals with their weights, constraints,
monitoring thresholds and risk tolerance, each with the persona(s) it came
from, and any constraints dropped under --on-conflict weighted or because
a persona closes deployments.

${EXPRESSION_HELP}

Options:
  -p, --persona EXPR    The persona or blend to resolve (required).
${LIBRARY_HELP}
${ON_CONFLICT_HELP}
${jsonHelp(`exactly the
                        action's outputs { persona, id, name, risk-tolerance,
                        goals, constraints, source }, every value a string
                        as GitHub stores it (persona, goals and constraints
                        hold JSON).`)}
${HELP_HELP}`;

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(
    { args, options: { ...HELP_OPTION, persona: { type: 'string', short: 'p' }, ...LIBRARY_OPTION, ...ON_CONFLICT_OPTION, ...JSON_OPTION } },
    usage,
  );
  if (values.help) {
    context.out(usage);
    return 0;
  }
  if (values.persona === undefined) throw new UsageError('missing option --persona EXPR', usage);
  const policy = onConflict(values['on-conflict'], usage);
  const { library } = await loadCliLibrary(values.library, context);
  const persona = resolveBlend(library, values.persona, { onConflict: policy }, '--persona');
  const outputs = personaOutputs(persona, plainSelection('input'));
  checkOutputSize(outputs, "the resolved persona's outputs");
  if (values.json) {
    for (const c of persona.conflicts) context.logger.warning(`on-conflict ${policy}: ${c.message}`);
    context.out(JSON.stringify(outputs, null, 2));
    return 0;
  }
  context.out(resolvedPersonaText(persona));
  return 0;
}

/** `persona plan --persona EXPR`. */
export const planCommand: Command = { name: 'plan', summary: 'Resolve a persona or blend as resolve-persona would', usage, run };
