import { HELP_OPTION, LIBRARY_OPTION, ON_CONFLICT_OPTION, onConflict, parseCommandArgs, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { EXPRESSION_HELP, HELP_HELP, LIBRARY_HELP, ON_CONFLICT_HELP } from '../help-text.js';
import { runRequest } from '../switch-flow.js';
import { REQUEST_HELP, REQUEST_OPTIONS, TARGET_HELP, withWaitDefault } from '../switch-options.js';

const usage = `Usage: persona switch --persona EXPR (--repo OWNER/REPO | --state SPEC)
                      [--environment E] [--rollout 10,50,100 [--interval 30m]
                      [--bucket-by run|ref|environment]] [--ttl 4h]
                      [--reason R] [--correlation-id ID] [--wait [TIMEOUT]]

Asks for a switch of the active persona: sent to a repository's switch
workflow (--repo), or applied to a state store directly (--state). The
request is checked first (its fields, that every persona exists in the
library and that the blend is satisfiable); nothing is sent or written for
a bad one. Prints the correlation id.

${EXPRESSION_HELP}

Options:
  -p, --persona EXPR    The persona or blend to switch to (required).
      --rollout STEPS   Roll out gradually: percentages of runs, strictly
                        increasing, ending at 100 ("10,50,100").
      --interval D      Time between rollout steps (default 30m).
      --bucket-by K     What a run's cohort follows: run (default), ref or
                        environment.
      --ttl D           Switch back to the current persona after D ("4h").
${TARGET_HELP}
${REQUEST_HELP}
${LIBRARY_HELP}
${ON_CONFLICT_HELP}
${HELP_HELP}

Exit status: 0 applied (or sent, without --wait), 1 bad, rejected or not
acknowledged in time, 2 bad usage.`;

async function run(args: string[], context: CommandContext): Promise<number> {
  const options = {
    ...HELP_OPTION,
    persona: { type: 'string', short: 'p' },
    rollout: { type: 'string' },
    interval: { type: 'string' },
    'bucket-by': { type: 'string' },
    ttl: { type: 'string' },
    ...REQUEST_OPTIONS,
    ...LIBRARY_OPTION,
    ...ON_CONFLICT_OPTION,
  } as const;
  const { values } = parseCommandArgs({ args: withWaitDefault(args), options }, usage);
  if (values.help) {
    context.out(usage);
    return 0;
  }
  if (values.persona === undefined) throw new UsageError('missing option --persona EXPR', usage);
  const policy = onConflict(values['on-conflict'], usage);
  const flags = {
    action: 'switch' as const,
    persona: values.persona,
    environment: values.environment,
    rollout: values.rollout,
    interval: values.interval,
    bucketBy: values['bucket-by'],
    reason: values.reason,
    ttl: values.ttl,
    correlationId: values['correlation-id'],
  };
  return runRequest(flags, values, policy, context, usage);
}

/** `persona switch --persona EXPR (--repo OWNER/REPO | --state SPEC)`. */
export const switchCommand: Command = { name: 'switch', summary: 'Switch the active persona (send, or apply to a store)', usage, run };
