/**
 * Gradual rollout, computed at read time: which step a rollout has reached
 * at a given moment (from `started_at`, `interval`, pauses and `advance`
 * requests), and which cohort a run falls in. No scheduled writer is needed:
 * the step follows from the clock. Pure (node:crypto only).
 */
import { createHash } from 'node:crypto';
import type { BucketBy, RolloutState, RolloutStatus } from './persona-state.js';
import { parseDuration } from '../persona/duration.js';

/** The keys a run can be bucketed by (`bucket_by`): its run id, its ref, its environment. */
export interface BucketKeys {
  /** `GITHUB_RUN_ID`. */
  run: string;
  /** `GITHUB_REF`. */
  ref: string;
  /** The environment the run resolves for (the `environment` input), when known. */
  environment?: string;
}

/** Where a rollout stands at one moment. */
export interface RolloutProgress {
  /** Index into `steps` in force. */
  step: number;
  /** The percentage of runs in the target cohort at that step. */
  percent: number;
  /** `complete` once the last step is reached (by time or by `advance`), even before a write records it. */
  status: RolloutStatus;
  /** When the next step starts (ISO 8601), while progressing and not at the last step. */
  next_step_at?: string;
}

const TWO_POW_32 = 2 ** 32;

/**
 * The bucket of a run in a rollout, in [0, 100): the first 8 hex digits of
 * `sha256("<rollout id>:<key>")` as an unsigned 32-bit integer, × 100 / 2³².
 * A run is in the target cohort while its bucket < the step's percentage, so
 * raising the percentage never moves a run back.
 */
export function bucketOf(rolloutId: string, key: string): number {
  const digest = createHash('sha256').update(`${rolloutId}:${key}`, 'utf8').digest('hex');
  return (Number.parseInt(digest.slice(0, 8), 16) * 100) / TWO_POW_32;
}

/**
 * The key a run is bucketed by. `environment` uses the run's environment,
 * else the scope's environment, else '' (every run without an environment
 * shares one bucket).
 */
export function bucketKey(bucketBy: BucketBy, keys: BucketKeys, scopeEnvironment?: string): string {
  if (bucketBy === 'ref') return keys.ref;
  if (bucketBy === 'environment') return keys.environment ?? scopeEnvironment ?? '';
  return keys.run;
}

/** Milliseconds of the rollout's interval. @throws ConfigurationError for an interval outside the grammar (a corrupt state). */
export function intervalMs(rollout: RolloutState): number {
  return parseDuration(rollout.interval, 'rollout interval');
}

/** Milliseconds the rollout has been running at `now`, not counting pauses (time stops while paused). Never negative. */
export function runningMs(rollout: RolloutState, now: Date): number {
  const until = rollout.status === 'paused' && rollout.paused_at !== undefined ? Date.parse(rollout.paused_at) : now.getTime();
  const ms = until - Date.parse(rollout.started_at) - rollout.paused_ms;
  return Number.isFinite(ms) ? Math.max(0, ms) : 0;
}

/**
 * Where `rollout` stands at `now`: the step is the later of the one `advance`
 * requests reached and the one elapsed time reached, capped at the last.
 * Aborted and complete rollouts keep their status; a progressing or paused
 * one at its last step is `complete`.
 */
export function rolloutProgress(rollout: RolloutState, now: Date): RolloutProgress {
  const last = rollout.steps.length - 1;
  if (rollout.status === 'complete') return { step: last, percent: rollout.steps[last] ?? 100, status: 'complete' };
  const interval = intervalMs(rollout);
  const elapsed = runningMs(rollout, now);
  const step = Math.min(last, Math.max(rollout.step, Math.floor(elapsed / interval)));
  const percent = rollout.steps[step] ?? 100;
  if (rollout.status === 'aborted') return { step, percent, status: 'aborted' };
  if (step >= last) return { step, percent, status: 'complete' };
  if (rollout.status === 'paused') return { step, percent, status: 'paused' };
  const next = now.getTime() + ((step + 1) * interval - elapsed);
  return { step, percent, status: 'progressing', next_step_at: new Date(next).toISOString() };
}

/** True while a rollout splits runs between `from` and `to` (progressing or paused). */
export function rolloutInProgress(progress: RolloutProgress): boolean {
  return progress.status === 'progressing' || progress.status === 'paused';
}

/** Whether a run with `key` is in the target cohort of `rollout` at `percent`. */
export function inTarget(rollout: RolloutState, key: string, percent: number): boolean {
  return bucketOf(rollout.id, key) < percent;
}
