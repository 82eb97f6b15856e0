import { ConfigurationError } from '../../errors/configuration-error.js';
import { CORRELATION_ID_PATTERN } from '../../switching/switch-request.js';
import { HELP_OPTION, JSON_OPTION, parseCommandArgs, UsageError } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { HELP_HELP, jsonHelp } from '../help-text.js';
import { parseTarget, TARGET_HELP, TARGET_OPTIONS } from '../switch-options.js';
import { statusReport, statusText } from '../switch-status.js';
import { timingOf } from '../switch-wait.js';
import { loadSwitchingCode } from '../switch-send.js';

/** How many history entries status shows. */
const HISTORY_ENTRIES = 10;

const usage = `Usage: persona status (--repo OWNER/REPO | --state SPEC) [--environment E]
                      [--correlation-id ID] [--json]

Shows the persona state: the active persona of the global scope and of
each environment (only E with --environment), what runs resolve to now,
the rollout in progress (its id, step, percentage of runs, status and next
step), the ttl, and the last ${HISTORY_ENTRIES} history entries.

Options:
${TARGET_HELP}
      --correlation-id ID
                        Also show that request's acknowledgements (applied,
                        rejected with the reason, duplicate); exit 1 when
                        the state has none.
${jsonHelp(`{ store, revision,
                        global, environments, history, request? }; a scope
                        is { active, resolves_to, rollout, ttl }, null where
                        absent.`)}
${HELP_HELP}

Exit status: 0 ok, 1 unreadable state or unknown correlation id, 2 bad usage.`;

async function run(args: string[], context: CommandContext): Promise<number> {
  const options = { ...HELP_OPTION, ...TARGET_OPTIONS, 'correlation-id': { type: 'string' }, ...JSON_OPTION } as const;
  const { values } = parseCommandArgs({ args, options }, usage);
  if (values.help) {
    context.out(usage);
    return 0;
  }
  const correlationId = values['correlation-id'];
  if (correlationId !== undefined && !CORRELATION_ID_PATTERN.test(correlationId))
    throw new UsageError(
      `--correlation-id must be a letter or digit, then up to 127 of letters, digits and . _ : / -, got ${JSON.stringify(correlationId)}`,
      usage,
    );
  const target = parseTarget(values, context, usage);
  const m = await loadSwitchingCode();
  const client = m.createGitHubClient({ token: target.token || undefined, apiUrl: target.apiUrl, logger: context.logger });
  const store = m.openStateStore(target.store, { token: target.token, apiUrl: target.apiUrl, logger: context.logger, client })!;
  const [state, history] = await Promise.all([store.read(), store.history(HISTORY_ENTRIES)]);
  const now = new Date(timingOf(context.io).now());
  const report = statusReport(store.description, state, history, {
    now,
    ...(values.environment !== undefined ? { environment: values.environment } : {}),
    ...(correlationId !== undefined ? { correlationId } : {}),
  });
  if (values.json) context.out(JSON.stringify(report, null, 2));
  else {
    const own =
      values.environment === undefined || report.environments[values.environment]
        ? ''
        : `\n\nEnvironment ${JSON.stringify(values.environment)}: no switch of its own; it resolves as the global scope`;
    context.out(statusText(report) + own);
  }
  if (report.request === null) throw new ConfigurationError(`${store.description} holds no acknowledgement of correlation id ${correlationId}`);
  return 0;
}

/** `persona status (--repo OWNER/REPO | --state SPEC)`. */
export const statusCommand: Command = { name: 'status', summary: 'Show the active persona, rollout, ttl and history', usage, run };
