/**
 * What `persona switch`, `persona rollout …` and `persona revert` share:
 * build the request from the flags and check it locally (grammar, and for a
 * switch that every persona exists and the blend is satisfiable), then
 * either apply it to the `--state` store (authorised by the same policy as
 * the action) or send it to `--repo` and, with `--wait`, poll the store for
 * its acknowledgement. Nothing is sent or written for a bad request.
 */
import { resolveBlend } from '../blend/blend.js';
import type { ConflictPolicy } from '../blend/blend-constraints.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { GitHubClient } from '../github/github-client.js';
import type { PersonaLibrary } from '../library/persona-library.js';
import type { StateStore } from '../state/state-store.js';
import { randomCorrelationId } from '../switching/correlation-id.js';
import { formatDuration } from '../persona/duration.js';
import type { CliRequestFlags } from '../switching/switch-request-inputs.js';
import type { SwitchRequest } from '../switching/switch-request.js';
import { UsageError } from './args.js';
import type { CommandContext } from './context.js';
import { loadCliLibrary } from './library.js';
import { parseSending, parseTarget, type Target, waitMs } from './switch-options.js';
import { loadRequestCode, loadSwitchingCode, sendRequest, type SwitchingCode } from './switch-send.js';
import { type AckOutcome, outcomeOf, timingOf, waitForAck } from './switch-wait.js';
import { DEFAULT_OIDC_AUDIENCE, DEFAULT_POLICY_PATH } from '../authz/authz-defaults.js';

/** The parsed flags of a request command (`REQUEST_OPTIONS`, plus `--library` and `--on-conflict` for `switch`). */
export interface RequestValues {
  repo?: string;
  state?: string;
  'api-url'?: string;
  via?: string;
  'event-type'?: string;
  workflow?: string;
  ref?: string;
  policy?: string;
  wait?: string;
  library?: string[];
}

/** Who the CLI records as the requester: `GITHUB_ACTOR`, else the login name; `unknown` for anything the state could not hold. */
export function cliActor(env: Readonly<Record<string, string | undefined>>): string {
  const actor = env.GITHUB_ACTOR || env.USER || env.USERNAME || '';
  // eslint-disable-next-line no-control-regex -- the state refuses control characters in `by`
  return actor && actor.length <= 255 && !/[\u0000-\u001f\u007f-\u009f]/.test(actor) ? actor : 'unknown';
}

/**
 * Runs one request command: check, then apply or send (and wait). Resolves
 * to the exit code: 0 when applied (or sent without `--wait`); a rejected,
 * refused or unacknowledged request is a ConfigurationError (exit 1).
 * @throws UsageError for bad flags; ConfigurationError for a bad request.
 */
export async function runRequest(
  flags: CliRequestFlags,
  values: RequestValues,
  onConflict: ConflictPolicy,
  context: CommandContext,
  usage: string,
): Promise<number> {
  const target = parseTarget(values, context, usage);
  const sending = parseSending(values, target, usage);
  const timeoutMs = waitMs(values.wait, usage);
  if (!target.apply && values.policy !== undefined)
    throw new UsageError('--policy goes with --state alone: with --repo the switch workflow reads its own', usage);
  if (sending && !target.token) throw new ConfigurationError('sending a request to --repo needs a token: set GITHUB_TOKEN or GH_TOKEN');
  const code = await loadRequestCode();
  const request = code.requestFromCli(flags, randomCorrelationId);
  const { library } = await loadCliLibrary(values.library, context);
  if (request.persona !== undefined) resolveBlend(library, request.persona, { onConflict }, request.origins.persona ?? '--persona');
  const m = await loadSwitchingCode();
  const client = m.createGitHubClient({ token: target.token || undefined, apiUrl: target.apiUrl, logger: context.logger });
  const store = m.openStateStore(target.store, { token: target.token, apiUrl: target.apiUrl, logger: context.logger, client })!;
  context.out(`Correlation id: ${request.correlation_id}`);
  if (target.apply) return applyDirectly({ m, target, client, store, request, library, onConflict, policy: values.policy }, context);
  const sent = await sendRequest(client, target.repository!, request, sending!);
  context.out(`Sent ${sent.description}`);
  if (timeoutMs === undefined) return 0;
  return waitFor({ target, store, request, timeoutMs }, context);
}

/** What applying directly to the `--state` store needs. */
interface DirectApply {
  m: SwitchingCode;
  target: Target;
  client: GitHubClient;
  store: StateStore;
  request: SwitchRequest;
  library: PersonaLibrary;
  onConflict: ConflictPolicy;
  policy?: string;
}

/** Applies the request to the store under the policy the action would read; the acknowledgement decides the exit code. */
async function applyDirectly(job: DirectApply, context: CommandContext): Promise<number> {
  const { m, target, client, store, request } = job;
  const env = context.io.env;
  const actor = cliActor(env);
  const authoriser = await m.authoriseRequest(
    { policy: job.policy ?? DEFAULT_POLICY_PATH, oidcAudience: DEFAULT_OIDC_AUDIENCE },
    target.store,
    client,
    { ...env, GITHUB_ACTOR: actor, GITHUB_TRIGGERING_ACTOR: actor },
    context.logger,
  );
  const now = new Date(timingOf(context.io).now());
  const handled = await m.applySwitchRequest(store, request, { library: job.library, onConflict: job.onConflict, authoriser, actor, now });
  for (const note of authoriser.notes) context.logger.info(note);
  const { ack, state } = handled;
  const active = m.scopeActive(state, request.environment);
  if (ack.result === 'applied') context.out(`Applied to ${store.description}: revision ${ack.revision}${active ? `, active ${active.persona}` : ''}`);
  if (ack.result === 'duplicate') context.out(`Duplicate: ${ack.reason}`);
  return outcomeExit(request, outcomeOf(ack));
}

/** Polls the store for the sent request's acknowledgement. */
async function waitFor(job: { target: Target; store: StateStore; request: SwitchRequest; timeoutMs: number }, context: CommandContext): Promise<number> {
  const { target, store, request, timeoutMs } = job;
  context.err(`Waiting up to ${formatDuration(timeoutMs)} for the acknowledgement in ${store.description}...`);
  const outcome = await waitForAck(store, request.correlation_id, { timeoutMs, timing: timingOf(context.io), logger: context.logger });
  if (!outcome) {
    const { owner, repo } = target.repository!;
    throw new ConfigurationError(
      `timed out after ${formatDuration(timeoutMs)}: ${store.description} holds no acknowledgement of correlation id ${request.correlation_id} yet; ` +
        `the switch workflow may still handle it (check with: persona status --repo ${owner}/${repo} --correlation-id ${request.correlation_id})`,
    );
  }
  if (outcome.result === 'applied') context.out(`Applied${outcome.revision !== undefined ? `: revision ${outcome.revision}` : ''}`);
  return outcomeExit(request, outcome);
}

/** 0 for an applied request; a rejected one is a ConfigurationError carrying the recorded reason. */
function outcomeExit(request: SwitchRequest, outcome: AckOutcome): number {
  if (outcome.result === 'rejected') throw new ConfigurationError(`request ${request.correlation_id} was rejected: ${outcome.reason}`);
  return 0;
}
