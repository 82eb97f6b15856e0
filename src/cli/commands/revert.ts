import { expectPositionals, HELP_OPTION, parseCommandArgs } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { HELP_HELP } from '../help-text.js';
import { runRequest } from '../switch-flow.js';
import { REQUEST_HELP, REQUEST_OPTIONS, TARGET_HELP, withWaitDefault } from '../switch-options.js';

const usage = `Usage: persona revert (--repo OWNER/REPO | --state SPEC) [--environment E]
                      [--reason R] [--correlation-id ID] [--wait [TIMEOUT]]

Makes the previous active persona of the global scope (or of
--environment) active again. Sent to a repository's switch workflow
(--repo) or applied to a state store directly (--state), as persona switch
does.

Options:
${TARGET_HELP}
${REQUEST_HELP}
${HELP_HELP}

Exit status: 0 applied (or sent, without --wait), 1 bad, rejected (nothing
to revert to, say) or not acknowledged in time, 2 bad usage.`;

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    { args: withWaitDefault(args), options: { ...HELP_OPTION, ...REQUEST_OPTIONS }, allowPositionals: true },
    usage,
  );
  if (values.help) {
    context.out(usage);
    return 0;
  }
  expectPositionals(positionals, [], usage);
  const flags = { action: 'revert' as const, environment: values.environment, reason: values.reason, correlationId: values['correlation-id'] };
  return runRequest(flags, values, 'strict', context, usage);
}

/** `persona revert`. */
export const revertCommand: Command = { name: 'revert', summary: 'Make the previous persona active again', usage, run };
