import { importBundle } from '../../edge/load-bundle.js';
import { ConfigurationError, isConfigurationError } from '../../errors/configuration-error.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { parseStateSpec } from '../../state/state-spec.js';
import type { StateStore } from '../../state/state-store.js';
import type { SwitchRequest } from '../../switching/switch-request.js';
import type { HandledRequest } from '../../wiring/apply-switch-request.js';
import { checkOutputSize, writeOutputs } from '../../wiring/write-outputs.js';
import { Outputs } from './constants.js';
import type { ResolveSettings } from './inputs.js';
import { runLibrary } from './library.js';
import { triggeringRequest } from './selectors.js';
import { fallbackRequest } from './switch-request-salvage.js';

/** dist/bundles/switching: the GitHub client, the stores, authorisation and the state machine. */
type Switching = typeof import('../../wiring/switching-access.js');

/** The events whose unreadable payloads are recorded as rejected requests. */
const REQUEST_EVENTS = ['repository_dispatch', 'workflow_dispatch'];

/**
 * `mode: switch`: reads the triggering request, checks it (format, every
 * persona exists, the blend is satisfiable, authorisation), and applies it
 * to the state store with compare-and-swap, or records its rejection. Then
 * reports: outputs `revision`, `previous`, `correlation-id`, `result`, `id`,
 * the job summary, and optionally a commit status. A rejected request fails
 * the step with one error, the state unchanged apart from the recorded
 * rejection; a duplicate (its correlation id already handled) is
 * acknowledged again and not applied twice.
 */
export async function switchPersona(runner: ActionRunner, settings: ResolveSettings): Promise<HandledRequest> {
  const env = runner.env;
  const spec = parseStateSpec(settings.state, { repository: env.GITHUB_REPOSITORY, workspace: env.GITHUB_WORKSPACE || process.cwd() });
  if (spec.kind === 'none') throw new ConfigurationError('input "state": mode "switch" writes the state store, so state cannot be none');
  const m: Switching = await importBundle('switching', () => import(/* webpackIgnore: true */ '../../wiring/switching-access.js'));
  const client = m.createGitHubClient({ token: settings.token || undefined, apiUrl: env.GITHUB_API_URL || undefined, logger: runner.logger });
  const store = m.openStateStore(spec, { token: settings.token, apiUrl: env.GITHUB_API_URL, runnerTemp: env.RUNNER_TEMP, logger: runner.logger, client })!;
  const who = { actor: env.GITHUB_ACTOR || 'unknown', now: new Date() };

  let request: SwitchRequest;
  try {
    request = (await triggeringRequest(settings, env, true))!;
  } catch (error) {
    // An unreadable request is rejected and recorded too, under its correlation id when it carries a valid one.
    // An event of another kind is a misconfigured workflow, not a request: nothing is recorded.
    if (isConfigurationError(error) && REQUEST_EVENTS.includes(env.GITHUB_EVENT_NAME ?? ''))
      await m.recordUnreadableRequest(store, fallbackRequest(env), error.diagnostics[0]?.message ?? error.message, who);
    throw error;
  }
  const library = await runLibrary(runner, settings);
  const authoriser = await m.authoriseRequest(settings, spec, client, env, runner.logger);
  const handled = await m.applySwitchRequest(store, request, { library, onConflict: settings.onConflict, authoriser, ...who });
  report(runner, m, store, handled, authoriser.notes);
  // A duplicate of a rejected request fails as the original did: a retry must not turn a rejection green.
  const original = handled.ack.result === 'duplicate' ? m.findOriginal(handled.state, request.correlation_id) : undefined;
  const failed = handled.ack.result === 'rejected' || original?.result === 'rejected';
  if (settings.commitStatus) await m.setCommitStatus(client, env, handled.ack, failed, runner.logger);
  if (handled.ack.result === 'rejected') throw new ConfigurationError(`switch request ${request.correlation_id} was rejected: ${handled.ack.reason}`);
  if (failed)
    throw new ConfigurationError(`switch request ${request.correlation_id} was already rejected (revision ${original!.revision ?? '?'}): ${original!.reason}`);
  return handled;
}

/** Outputs, summary and one log line of a handled request. */
function report(runner: ActionRunner, m: Switching, store: StateStore, handled: HandledRequest, notes: readonly string[]): void {
  const { request, ack, state, previous } = handled;
  const active = m.scopeActive(state, request.environment);
  const outputs = {
    [Outputs.Revision]: String(ack.revision),
    [Outputs.Previous]: previous?.persona ?? '',
    [Outputs.CorrelationId]: request.correlation_id,
    [Outputs.Result]: ack.result,
    [Outputs.Id]: active?.persona ?? '',
    [Outputs.Source]: 'event',
  };
  checkOutputSize(outputs, 'the switch outputs');
  runner.appendSummary(m.switchMarkdown({ request, ack, store: store.description, notes, state, ...(previous ? { previous } : {}) }));
  writeOutputs(runner, outputs, 'the switch outputs');
  runner.logger.info(
    `Switch request ${request.correlation_id} (${request.action}): ${ack.result}, revision ${ack.revision}${active ? `, active ${active.persona}` : ''}`,
  );
}
