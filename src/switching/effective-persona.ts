/**
 * What a running pipeline resolves from the state at one moment: the
 * environment's entry first, then the global one; an expired ttl resolves to
 * what it replaced, and a rollout in progress to `to` or `from` by the run's
 * bucket. Computed at read time, so resolving never needs write access. Pure.
 */
import { quote } from '../errors/quote.js';
import type { ActiveSwitch, RolloutStatus, ScopeState } from './persona-state.js';
import { bucketKey, inTarget, rolloutProgress, type BucketKeys } from './rollout.js';
import { environmentEntry } from './apply-scope.js';
import type { StateDocument } from './apply-types.js';

/** The cohort of a run: in a rollout's target, its baseline, or no rollout in progress. */
export type Cohort = 'target' | 'baseline' | 'none';

/** Where the run resolves: which persona, from which scope and switch. */
export interface EffectivePersona {
  /** Canonical blend id. */
  persona: string;
  /** The state revision seen. */
  revision: number;
  /** The switch the run runs under: the scope's active switch, the rollout's id, or the switch an expired ttl went back to. */
  correlation_id: string;
  cohort: Cohort;
  scope: 'global' | 'environment';
  /** For messages: `state (environment "production", revision 7)`, `state (global, revision 7)`. */
  origin: string;
  /** The scope's rollout as it stands at `now` (absent once an expired ttl ended it). */
  rollout?: { id: string; step: number; percent: number; status: RolloutStatus; next_step_at?: string };
  ttl?: { expires_at: string; expired: boolean };
}

/** What resolution needs besides the state. */
export interface ResolveOptions {
  /** The `environment` input: its entry is asked first. */
  environment?: string;
  /** The clock. */
  now: Date;
  /** The run's bucket keys. */
  keys: BucketKeys;
}

/** The persona, switch and cohort of `scope` at `now` for a run with `keys`. */
function resolveScope(
  scope: ScopeState,
  environment: string | undefined,
  options: ResolveOptions,
): Pick<EffectivePersona, 'persona' | 'correlation_id' | 'cohort' | 'rollout' | 'ttl'> {
  const { ttl, rollout } = scope;
  const now = options.now;
  if (ttl && now.getTime() >= Date.parse(ttl.expires_at)) {
    const back: ActiveSwitch = ttl.revert_to;
    return { persona: back.persona, correlation_id: back.correlation_id, cohort: 'none', ttl: { expires_at: ttl.expires_at, expired: true } };
  }
  const ttlView = ttl ? { ttl: { expires_at: ttl.expires_at, expired: false } } : {};
  if (!rollout) return { persona: scope.active.persona, correlation_id: scope.active.correlation_id, cohort: 'none', ...ttlView };
  const progress = rolloutProgress(rollout, now);
  const rolloutView = { id: rollout.id, ...progress };
  if (progress.status === 'aborted')
    return { persona: rollout.from, correlation_id: scope.active.correlation_id, cohort: 'none', rollout: rolloutView, ...ttlView };
  if (progress.status === 'complete')
    return { persona: rollout.to, correlation_id: scope.active.correlation_id, cohort: 'none', rollout: rolloutView, ...ttlView };
  const target = inTarget(rollout, bucketKey(rollout.bucket_by, options.keys, environment), progress.percent);
  return { persona: target ? rollout.to : rollout.from, correlation_id: rollout.id, cohort: target ? 'target' : 'baseline', rollout: rolloutView, ...ttlView };
}

/**
 * The persona a run resolves to from `state` at `options.now`: the
 * `environment` entry when the state has one, else the global scope;
 * undefined when neither has a persona (the caller falls back to `default`).
 * An expired ttl resolves to its `revert_to`; a progressing or paused rollout
 * to `to` (cohort `target`) when the run's bucket is below the current step's
 * percentage, else `from` (`baseline`); an aborted rollout to `from`, a
 * complete one to `to` (cohort `none`).
 * @throws ConfigurationError when a rollout's interval is outside the grammar (a corrupt state).
 */
export function effectivePersona(state: StateDocument | undefined, options: ResolveOptions): EffectivePersona | undefined {
  if (!state) return undefined;
  const environment = options.environment;
  const entry = environment === undefined ? undefined : environmentEntry(state, environment);
  if (entry && environment !== undefined) {
    const origin = `state (environment ${quote(environment)}, revision ${state.revision})`;
    return { ...resolveScope(entry, environment, options), revision: state.revision, scope: 'environment', origin };
  }
  if (!state.active) return undefined;
  const global: ScopeState = { active: state.active, ...(state.rollout ? { rollout: state.rollout } : {}), ...(state.ttl ? { ttl: state.ttl } : {}) };
  return { ...resolveScope(global, undefined, options), revision: state.revision, scope: 'global', origin: `state (global, revision ${state.revision})` };
}
