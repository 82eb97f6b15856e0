/**
 * The rollout commands `advance`, `pause`, `resume` and `abort`: what they do
 * to the rollout of one scope (the revision and the acknowledgement are
 * apply-request's). Each is refused with the reason when the scope's rollout
 * is not in a state the command applies to. Pure.
 */
import { quote } from '../errors/quote.js';
import type { RolloutState, ScopeState } from './persona-state.js';
import { rolloutProgress, type RolloutProgress } from './rollout.js';
import type { SwitchRequest } from './switch-request.js';
import { pushPrevious, readScope, scopeLabel, writeScope } from './apply-scope.js';
import { activeFor, type ScopeChange } from './apply-switch.js';
import { RequestRejected, type ApplyContext, type StateDocument } from './apply-types.js';

/** The rollout commands. */
export type RolloutCommand = 'advance' | 'pause' | 'resume' | 'abort';

/** Which computed statuses each command applies to. */
const APPLIES_TO: Record<RolloutCommand, readonly string[]> = {
  advance: ['progressing', 'paused'],
  pause: ['progressing'],
  resume: ['paused'],
  abort: ['progressing', 'paused'],
};

/** Why `command` does not apply to a rollout in `status`. */
function refusal(command: RolloutCommand, rollout: RolloutState, progress: RolloutProgress, label: string): string {
  const which = `rollout ${quote(rollout.id)} in ${label}`;
  if (progress.status === 'complete') return `cannot ${command}: ${which} is already complete`;
  if (progress.status === 'aborted') return `cannot ${command}: ${which} was aborted`;
  if (command === 'pause') return `cannot pause: ${which} is already paused`;
  return `cannot resume: ${which} is not paused (it is ${progress.status})`;
}

/** The scope's rollout and where it stands, or a rejection when `command` does not apply to it. */
function rolloutFor(command: RolloutCommand, scope: ScopeState | undefined, label: string, now: Date): { rollout: RolloutState; progress: RolloutProgress } {
  const rollout = scope?.rollout;
  if (!rollout) throw new RequestRejected(`cannot ${command}: there is no rollout in ${label}`);
  const progress = rolloutProgress(rollout, now);
  if (!APPLIES_TO[command].includes(progress.status)) throw new RequestRejected(refusal(command, rollout, progress, label));
  return { rollout, progress };
}

/** The rollout after `command` at `now`. Abort is handled by {@link applyRolloutCommand} (it also changes the persona). */
function nextRollout(command: RolloutCommand, rollout: RolloutState, progress: RolloutProgress, now: Date): RolloutState {
  const at = now.toISOString();
  const { paused_at, ...rest } = rollout;
  const last = rollout.steps.length - 1;
  if (command === 'pause') return { ...rest, step: progress.step, paused_at: at, updated_at: at, status: 'paused' };
  if (command === 'resume') {
    const pausedFor = paused_at === undefined ? 0 : Math.max(0, now.getTime() - Date.parse(paused_at));
    return { ...rest, step: progress.step, paused_ms: rollout.paused_ms + pausedFor, updated_at: at, status: 'progressing' };
  }
  if (command === 'advance' && progress.step + 1 < last) return { ...rollout, step: progress.step + 1, updated_at: at };
  if (command === 'advance') return { ...rest, step: last, updated_at: at, status: 'complete' };
  return { ...rest, step: progress.step, updated_at: at, status: 'aborted' };
}

/**
 * `advance` (one step past the current one, or completion from the
 * second-to-last; a paused rollout stays paused), `pause` (time stops),
 * `resume` (time runs again; the pause is added to `paused_ms`) or `abort`
 * (everyone back on `from`: the scope's persona becomes `from`, set by this
 * request, the target goes to `previous`, the ttl goes, and the rollout stays
 * as `aborted` for the record).
 * @throws RequestRejected when the scope has no rollout the command applies to.
 */
export function applyRolloutCommand(state: StateDocument, request: SwitchRequest & { action: RolloutCommand }, ctx: ApplyContext): ScopeChange {
  const label = scopeLabel(request.environment);
  const { scope, previous } = readScope(state, request.environment);
  const { rollout, progress } = rolloutFor(request.action, scope, label, ctx.now);
  const next = nextRollout(request.action, rollout, progress, ctx.now);
  if (request.action !== 'abort') {
    return { state: writeScope(state, request.environment, { scope: { ...scope!, rollout: next }, previous }) };
  }
  const active = activeFor(rollout.from, request, ctx);
  return {
    state: writeScope(state, request.environment, { scope: { active, rollout: next }, previous: pushPrevious(previous, scope!.active) }),
    persona: rollout.from,
  };
}
