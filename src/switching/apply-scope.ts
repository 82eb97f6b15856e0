/**
 * Reading and replacing one scope (global, or one environment) of the state
 * document without mutating it, and folding what time changed (expired ttls,
 * rollouts completed by time) into the document on the next write. Pure.
 */
import { quote } from '../errors/quote.js';
import { MAX_PREVIOUS, type ActiveSwitch, type ScopeState } from './persona-state.js';
import { rolloutProgress } from './rollout.js';
import type { ScopeView, StateDocument } from './apply-types.js';

/** How messages name a scope: `the global scope`, `environment "production"`. */
export function scopeLabel(environment: string | undefined): string {
  return environment === undefined ? 'the global scope' : `environment ${quote(environment)}`;
}

/** The environment entry of `state`, own properties only (so `__proto__` or `constructor` never resolve to something). */
export function environmentEntry(state: StateDocument, environment: string): (ScopeState & { previous?: ActiveSwitch[] }) | undefined {
  const environments = state.environments;
  return environments !== undefined && Object.hasOwn(environments, environment) ? environments[environment] : undefined;
}

/** One scope of `state` (global when `environment` is undefined). */
export function readScope(state: StateDocument, environment: string | undefined): ScopeView {
  if (environment === undefined) {
    if (!state.active) return { previous: state.previous };
    const scope: ScopeState = { active: state.active };
    if (state.rollout) scope.rollout = state.rollout;
    if (state.ttl) scope.ttl = state.ttl;
    return { scope, previous: state.previous };
  }
  const entry = environmentEntry(state, environment);
  if (!entry) return { previous: [] };
  const { previous, ...scope } = entry;
  return { scope, previous: previous ?? [] };
}

/** A copy of `state` whose scope `environment` (global when undefined) is `view`. */
export function writeScope(state: StateDocument, environment: string | undefined, view: Required<ScopeView>): StateDocument {
  const previous = view.previous.slice(0, MAX_PREVIOUS);
  if (environment === undefined) {
    const { rollout: _rollout, ttl: _ttl, ...rest } = state;
    return { ...rest, ...view.scope, previous };
  }
  const entry = { ...view.scope, previous };
  const entries = Object.entries(state.environments ?? {});
  const replaced = entries.map(([name, value]) => [name, name === environment ? entry : value] as const);
  if (!entries.some(([name]) => name === environment)) replaced.push([environment, entry]);
  // Object.fromEntries defines own properties, so even an environment named `__proto__` stays plain data.
  return { ...state, environments: Object.fromEntries(replaced) };
}

/** `previous` with `active` in front (newest first), at most {@link MAX_PREVIOUS}. */
export function pushPrevious(previous: ActiveSwitch[], active: ActiveSwitch | undefined): ActiveSwitch[] {
  return (active ? [active, ...previous] : previous).slice(0, MAX_PREVIOUS);
}

/** One scope with what time changed folded in, and a note per change. */
function foldScope(view: ScopeView, label: string, now: Date): { view: ScopeView; notes: string[] } {
  const scope = view.scope;
  if (!scope) return { view, notes: [] };
  const ttl = scope.ttl;
  if (ttl && now.getTime() >= Date.parse(ttl.expires_at)) {
    const note = `ttl of ${label} expired at ${ttl.expires_at}: ${quote(scope.active.persona)} replaced by ${quote(ttl.revert_to.persona)}`;
    return { view: { scope: { active: ttl.revert_to }, previous: pushPrevious(view.previous, scope.active) }, notes: [note] };
  }
  const rollout = scope.rollout;
  if (rollout && rollout.status !== 'complete' && rollout.status !== 'aborted' && rolloutProgress(rollout, now).status === 'complete') {
    const completed = { ...rollout, step: rollout.steps.length - 1, status: 'complete' as const, updated_at: now.toISOString() };
    delete completed.paused_at;
    return {
      view: { scope: { ...scope, rollout: completed }, previous: view.previous },
      notes: [`rollout ${quote(rollout.id)} of ${label} completed by time`],
    };
  }
  return { view, notes: [] };
}

/**
 * `state` with every expired ttl folded in (the scope's persona becomes
 * `revert_to`, the expired one goes to `previous`, the ttl and any rollout
 * go) and every rollout that time completed marked `complete`; one note per
 * change, for the history entry of the write that carries them.
 */
export function foldTime(state: StateDocument, now: Date): { state: StateDocument; notes: string[] } {
  let next = state;
  const notes: string[] = [];
  const scopes: (string | undefined)[] = [undefined, ...Object.keys(state.environments ?? {})];
  for (const environment of scopes) {
    const folded = foldScope(readScope(next, environment), scopeLabel(environment), now);
    if (folded.notes.length === 0 || !folded.view.scope) continue;
    next = writeScope(next, environment, { scope: folded.view.scope, previous: folded.view.previous });
    notes.push(...folded.notes);
  }
  return { state: next, notes };
}
