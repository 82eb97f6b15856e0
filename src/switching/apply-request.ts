/**
 * The state machine of runtime switching: what one request does to the state
 * document. A request whose correlation id the state already knows is
 * acknowledged as a duplicate and changes nothing else; an applied request
 * raises the revision by exactly one (and carries any expired ttl or
 * time-completed rollout into the document); a refused one records only its
 * acknowledgement. Every outcome comes with the history entry the stores
 * write. Pure: the clock, the actor and blend canonicalisation come from the
 * context.
 */
import { MAX_ACKS, STATE_SCHEMA_VERSION, type Ack, type AckResult, type HistoryEntry } from './persona-state.js';
import type { SwitchRequest } from './switch-request.js';
import { historyEntry } from './history-entry.js';
import { foldTime } from './apply-scope.js';
import { applyRevert, applySwitch, type ScopeChange } from './apply-switch.js';
import { applyRolloutCommand } from './apply-rollout.js';
import type { ApplyContext, ApplyResult, StateDocument } from './apply-types.js';

/** The document a first-ever request starts from: revision 0, no persona, no acknowledgements. */
function emptyState(): StateDocument {
  return { schema_version: STATE_SCHEMA_VERSION, revision: 0, previous: [], acks: [] };
}

/** `acks` with `ack` appended, the oldest dropped beyond {@link MAX_ACKS}. */
function appendAck(acks: Ack[], ack: Ack): Ack[] {
  return [...acks, ack].slice(-MAX_ACKS);
}

/** The acknowledgement of `request` with `result`. */
function ackOf(request: SwitchRequest, result: AckResult, reason: string, revision: number, now: Date): Ack {
  return { correlation_id: request.correlation_id, result, reason, revision, at: now.toISOString() };
}

/**
 * What the state already recorded for `correlationId`: its first
 * acknowledgement that is not a duplicate (else its first), or, when the
 * acknowledgement fell out of the last {@link MAX_ACKS}, a switch record
 * (active, previous, rollout id) of any scope carrying the id.
 */
export function findOriginal(state: StateDocument, correlationId: string): { result: AckResult; revision?: number; reason: string } | undefined {
  const acks = state.acks.filter((ack) => ack.correlation_id === correlationId);
  const ack = acks.find((a) => a.result !== 'duplicate') ?? acks[0];
  if (ack) return { result: ack.result, revision: ack.revision, reason: ack.reason };
  const scopes = [state, ...Object.values(state.environments ?? {})];
  const known = scopes.some(
    (scope) =>
      scope.active?.correlation_id === correlationId ||
      scope.rollout?.id === correlationId ||
      (scope.previous ?? []).some((record) => record.correlation_id === correlationId),
  );
  return known ? { result: 'applied', reason: '' } : undefined;
}

/** The reason a duplicate's acknowledgement gives: what the original request's result was, and at which revision. */
function duplicateReason(original: { result: AckResult; revision?: number; reason: string }): string {
  const at = original.revision === undefined ? '' : ` at revision ${original.revision}`;
  return `this correlation id was already ${original.result}${at}${original.reason ? `: ${original.reason}` : ''}; not applied again`;
}

/** What the request's action does to the (time-folded) document. */
function change(state: StateDocument, request: SwitchRequest, ctx: ApplyContext): ScopeChange {
  switch (request.action) {
    case 'switch':
      return applySwitch(state, request, ctx);
    case 'revert':
      return applyRevert(state, request, ctx);
    default:
      return applyRolloutCommand(state, { ...request, action: request.action }, ctx);
  }
}

/** The history entry's reason: the request's, then a note per change that time made and this write records. */
function withNotes(reason: string, notes: string[]): string {
  return [reason, ...notes.map((note) => `[${note}]`)].filter(Boolean).join('\n');
}

/**
 * Applies one request to the state (undefined: nothing recorded yet).
 * - A correlation id the state already knows: a `duplicate` acknowledgement, nothing else changes (`changed` false).
 * - Otherwise: expired ttls and time-completed rollouts are folded in, the action applied, the revision raised by one,
 *   an `applied` acknowledgement appended (its revision is the new one).
 * The input state is never mutated.
 * @throws RequestRejected when the state refuses the request (record it with {@link recordRejection});
 * ConfigurationError for a bad blend or a field outside its grammar (record it likewise).
 */
export function applyRequest(state: StateDocument | undefined, request: SwitchRequest, ctx: ApplyContext): ApplyResult {
  const current = state ?? emptyState();
  const original = findOriginal(current, request.correlation_id);
  if (original) {
    const ack = ackOf(request, 'duplicate', duplicateReason(original), current.revision, ctx.now);
    const entry = historyEntry({ request, at: ctx.now, by: ctx.actor, result: 'duplicate', reason: ack.reason, revision: current.revision });
    return { state: { ...current, acks: appendAck(current.acks, ack) }, entry, ack, changed: false };
  }
  const folded = foldTime(current, ctx.now);
  const done = change(folded.state, request, ctx);
  const revision = current.revision + 1;
  const ack = ackOf(request, 'applied', '', revision, ctx.now);
  const reason = withNotes(request.reason, folded.notes);
  const entry: HistoryEntry = historyEntry({ request, at: ctx.now, by: ctx.actor, result: 'applied', reason, revision, persona: done.persona });
  return { state: { ...done.state, revision, acks: appendAck(done.state.acks, ack) }, entry, ack, changed: true };
}

/**
 * Records a refused request: a `rejected` acknowledgement with `reason` and
 * its history entry; the revision and everything else stay as they are (an
 * expired ttl is not folded in by a rejection). With no state yet, the
 * rejection creates the document (revision 0, no persona), since it must be
 * recorded somewhere `persona status` can find it.
 */
export function recordRejection(
  state: StateDocument | undefined,
  request: SwitchRequest,
  reason: string,
  ctx: ApplyContext,
): { state: StateDocument; entry: HistoryEntry; ack: Ack } {
  const current = state ?? emptyState();
  const ack = ackOf(request, 'rejected', reason, current.revision, ctx.now);
  const entry = historyEntry({ request, at: ctx.now, by: ctx.actor, result: 'rejected', reason, revision: current.revision });
  return { state: { ...current, acks: appendAck(current.acks, ack) }, entry, ack };
}
