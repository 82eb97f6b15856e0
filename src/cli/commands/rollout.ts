import { didYouMean } from '../../persona/closest.js';
import { expectPositionals, HELP_OPTION, parseCommandArgs, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { HELP_HELP } from '../help-text.js';
import { runRequest } from '../switch-flow.js';
import { REQUEST_HELP, REQUEST_OPTIONS, TARGET_HELP, withWaitDefault } from '../switch-options.js';

/** The rollout commands. */
const ROLLOUT_ACTIONS = ['advance', 'pause', 'resume', 'abort'] as const;

const usage = `Usage: persona rollout advance|pause|resume|abort (--repo OWNER/REPO | --state SPEC)
                      [--environment E] [--reason R] [--correlation-id ID]
                      [--wait [TIMEOUT]]

Steers the rollout in progress of the global scope (or of --environment):
  advance   move to the next step now (after the last: complete)
  pause     stop the clock: the current step holds until resumed
  resume    start the clock again
  abort     every run back to the persona the rollout replaces
Sent to a repository's switch workflow (--repo) or applied to a state store
directly (--state), as persona switch does.

Options:
${TARGET_HELP}
${REQUEST_HELP}
${HELP_HELP}

Exit status: 0 applied (or sent, without --wait), 1 bad, rejected (no
rollout in progress, say) or not acknowledged in time, 2 bad usage.`;

async function run(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    { args: withWaitDefault(args), options: { ...HELP_OPTION, ...REQUEST_OPTIONS }, allowPositionals: true },
    usage,
  );
  if (values.help) {
    context.out(usage);
    return 0;
  }
  const [action] = expectPositionals(positionals, ['ACTION'], usage) as [string];
  if (!(ROLLOUT_ACTIONS as readonly string[]).includes(action))
    throw new UsageError(
      `unknown rollout action ${JSON.stringify(action)}${didYouMean(action, ROLLOUT_ACTIONS)} (expected ${ROLLOUT_ACTIONS.join(', ')})`,
      usage,
    );
  const flags = {
    action: action as (typeof ROLLOUT_ACTIONS)[number],
    environment: values.environment,
    reason: values.reason,
    correlationId: values['correlation-id'],
  };
  return runRequest(flags, values, 'strict', context, usage);
}

/** `persona rollout advance|pause|resume|abort`. */
export const rolloutCommand: Command = { name: 'rollout', summary: 'Advance, pause, resume or abort a rollout', usage, run };
