/**
 * The `switch` and `revert` requests: what they do to one scope of the state
 * document (the revision and the acknowledgement are apply-request's). Pure.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { parseDuration, INTERVAL_BOUNDS, TTL_BOUNDS } from '../persona/duration.js';
import type { ActiveSwitch, RolloutState, ScopeState, TtlState } from './persona-state.js';
import { rolloutInProgress, rolloutProgress } from './rollout.js';
import type { RolloutRequest, SwitchRequest } from './switch-request.js';
import { pushPrevious, readScope, scopeLabel, writeScope } from './apply-scope.js';
import { RequestRejected, type ApplyContext, type StateDocument } from './apply-types.js';

/** What one request did to the document: the document (revision not yet raised) and the persona it switched to, if any. */
export interface ScopeChange {
  state: StateDocument;
  persona?: string;
}

/** The new active record of a request that sets a persona. */
export function activeFor(persona: string, request: SwitchRequest, ctx: ApplyContext): ActiveSwitch {
  return { persona, since: ctx.now.toISOString(), by: ctx.actor, reason: request.reason, correlation_id: request.correlation_id };
}

/** Checks the step list again (the request parser did already): strictly increasing whole percentages 1..100, the last 100. */
function checkSteps(steps: readonly number[], where: string): void {
  const ok = steps.length > 0 && steps.every((step, i) => Number.isInteger(step) && step >= 1 && step <= 100 && (i === 0 || step > steps[i - 1]!));
  if (!ok || steps[steps.length - 1] !== 100) {
    throw new ConfigurationError(`${where} must be strictly increasing whole percentages from 1 to 100 ending with 100, not ${quote(JSON.stringify(steps))}`);
  }
}

/** The rollout a switch starts, replacing `old` by `persona` in the scope `label`. */
function startRollout(
  request: SwitchRequest & { rollout: RolloutRequest },
  persona: string,
  scope: ScopeState | undefined,
  label: string,
  now: Date,
): RolloutState {
  if (!scope) {
    throw new RequestRejected(
      `a gradual rollout needs a persona to roll out from, and ${label} has none yet (the state does not know the "default" input): switch ${label} without a rollout first`,
    );
  }
  const running = scope.rollout ? rolloutProgress(scope.rollout, now) : undefined;
  if (scope.rollout && running && rolloutInProgress(running)) {
    throw new RequestRejected(
      `rollout ${quote(scope.rollout.id)} is still ${running.status} in ${label} (step ${running.step + 1} of ${scope.rollout.steps.length}): advance or abort it before starting another; a switch without a rollout replaces it at once`,
    );
  }
  if (scope.active.persona === persona) throw new RequestRejected(`${quote(persona)} is already active in ${label}: there is nothing to roll out`);
  const at = now.toISOString();
  const { steps, interval, bucket_by } = request.rollout;
  return {
    id: request.correlation_id,
    from: scope.active.persona,
    to: persona,
    steps: [...steps],
    step: 0,
    interval,
    bucket_by,
    started_at: at,
    updated_at: at,
    paused_ms: 0,
    status: 'progressing',
  };
}

/**
 * The ttl of a switch: it reverts to what the scope had before any temporary
 * switch (a pending ttl's `revert_to`, else the active persona it replaces),
 * so a temporary persona never becomes the revert target of another.
 */
function ttlFor(ms: number, scope: ScopeState | undefined, label: string, now: Date): TtlState {
  const revertTo = scope?.ttl?.revert_to ?? scope?.active;
  if (!revertTo) {
    throw new RequestRejected(
      `a ttl needs a persona to revert to, and ${label} has none yet (the state does not know the "default" input): switch ${label} without a ttl first`,
    );
  }
  return { expires_at: new Date(now.getTime() + ms).toISOString(), revert_to: revertTo };
}

/**
 * A `switch`: the scope's active persona becomes the request's (canonical)
 * blend at once, or gradually with a rollout, and may expire with a ttl; the
 * replaced active goes to `previous`. A switch without a rollout replaces a
 * rollout in progress; a pending ttl is replaced by the new switch's own (or none).
 * @throws ConfigurationError for a bad blend or a field outside its grammar; RequestRejected when the state refuses.
 */
export function applySwitch(state: StateDocument, request: SwitchRequest, ctx: ApplyContext): ScopeChange {
  if (request.persona === undefined) throw new ConfigurationError(`a switch request needs a persona (${request.origins.action ?? 'action'} is "switch")`);
  const persona = ctx.canonical(request.persona);
  if (request.rollout) {
    checkSteps(request.rollout.steps, request.origins.rollout ?? 'rollout steps');
    parseDuration(request.rollout.interval, request.origins.rollout ? `${request.origins.rollout} interval` : 'rollout interval', INTERVAL_BOUNDS);
  }
  const ttlMs = request.ttl === undefined ? undefined : parseDuration(request.ttl, request.origins.ttl ?? 'ttl', TTL_BOUNDS);
  const label = scopeLabel(request.environment);
  const { scope, previous } = readScope(state, request.environment);
  const next: ScopeState = { active: activeFor(persona, request, ctx) };
  if (request.rollout) next.rollout = startRollout({ ...request, rollout: request.rollout }, persona, scope, label, ctx.now);
  if (ttlMs !== undefined) next.ttl = ttlFor(ttlMs, scope, label, ctx.now);
  return { state: writeScope(state, request.environment, { scope: next, previous: pushPrevious(previous, scope?.active) }), persona };
}

/**
 * A `revert`: the scope goes back to the newest of its `previous` personas,
 * which leaves the list (a second revert goes one further back). The
 * restored persona is recorded as set by this request; any rollout and ttl go.
 * @throws RequestRejected when the scope has nothing to revert to.
 */
export function applyRevert(state: StateDocument, request: SwitchRequest, ctx: ApplyContext): ScopeChange {
  const { previous } = readScope(state, request.environment);
  const [back, ...rest] = previous;
  if (!back) throw new RequestRejected(`there is nothing to revert to in ${scopeLabel(request.environment)}: it has no earlier persona`);
  const active = activeFor(back.persona, request, ctx);
  return { state: writeScope(state, request.environment, { scope: { active }, previous: rest }), persona: back.persona };
}
