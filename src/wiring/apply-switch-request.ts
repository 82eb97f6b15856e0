import { resolveBlend } from '../blend/blend.js';
import type { ConflictPolicy } from '../blend/blend-constraints.js';
import { ConfigurationError, isConfigurationError } from '../errors/configuration-error.js';
import type { PersonaLibrary } from '../library/persona-library.js';
import type { StateStore } from '../state/state-store.js';
import { applyRequest, recordRejection } from '../switching/apply-request.js';
import type { ApplyContext, StateDocument } from '../switching/apply-types.js';
import type { Ack, ActiveSwitch, PersonaState } from '../switching/persona-state.js';
import type { SwitchRequest } from '../switching/switch-request.js';
import type { Authoriser } from './switch-authorisation.js';

/** What handling one request gave: its acknowledgement, the state after it, and the scope's active persona before it. */
export interface HandledRequest {
  request: SwitchRequest;
  ack: Ack;
  state: PersonaState;
  previous?: ActiveSwitch;
}

/** What applying needs besides the store and the request. */
export interface ApplySettings {
  library: PersonaLibrary;
  onConflict: ConflictPolicy;
  authoriser: Authoriser;
  /** Who asks (`GITHUB_ACTOR`, the CLI user). */
  actor: string;
  now: Date;
}

/** The active persona of `environment`'s scope (the global one without), or undefined. */
export function scopeActive(state: StateDocument | undefined, environment: string | undefined): ActiveSwitch | undefined {
  if (!state) return undefined;
  return environment === undefined ? state.active : state.environments?.[environment]?.active;
}

/**
 * Applies `request` to the store with compare-and-swap: each round
 * authorises it and applies it to the state it read (every persona must
 * exist and the blend be satisfiable under the `on-conflict` policy), or
 * records its rejection (the acknowledgement only; the revision stays). A
 * correlation id already handled is acknowledged as a duplicate. The caller
 * reports a rejection as an error once it is recorded.
 */
export async function applySwitchRequest(store: StateStore, request: SwitchRequest, settings: ApplySettings): Promise<HandledRequest> {
  const canonical = (expression: string): string =>
    resolveBlend(settings.library, expression, { onConflict: settings.onConflict }, request.origins.persona ?? 'persona').id;
  const ctx: ApplyContext = { now: settings.now, actor: settings.actor, canonical };
  return store.update((current) => decide(current, request, ctx, settings.authoriser));
}

/** One compare-and-swap round: authorise and apply against `current`, or record the rejection. Pure. */
function decide(current: PersonaState | undefined, request: SwitchRequest, ctx: ApplyContext, authoriser: Authoriser) {
  const previous = scopeActive(current, request.environment);
  const handled = (state: StateDocument, ack: Ack): HandledRequest => ({ request, ack, state: state as PersonaState, ...(previous ? { previous } : {}) });
  try {
    const verdict = authoriser.check(request, current);
    if (!verdict.allowed) throw new ConfigurationError(verdict.reason);
    const applied = applyRequest(current, request, ctx);
    return { write: { state: applied.state as PersonaState, entry: applied.entry }, result: handled(applied.state, applied.ack) };
  } catch (error) {
    if (!isConfigurationError(error)) throw error;
    const rejected = recordRejection(current, request, error.diagnostics.map((d) => d.message).join('; '), ctx);
    return { write: { state: rejected.state as PersonaState, entry: rejected.entry }, result: handled(rejected.state, rejected.ack) };
  }
}

/**
 * Records the rejection of a request that could not even be read (its
 * format): best effort, since the request's own error is what the user
 * sees; an unreachable or corrupt store is ignored here.
 */
export async function recordUnreadableRequest(store: StateStore, request: SwitchRequest, reason: string, who: { actor: string; now: Date }): Promise<void> {
  try {
    await store.update((current) => {
      const rejected = recordRejection(current, request, reason, { ...who, canonical: (e) => e });
      return { write: { state: rejected.state as PersonaState, entry: rejected.entry }, result: undefined };
    });
  } catch {
    // Reported through the request's own error.
  }
}
