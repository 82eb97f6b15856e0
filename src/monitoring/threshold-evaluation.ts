/**
 * One threshold at one check (README "Watch evaluation"): whether its value
 * breaches it, and the breach's progress from `warming-up` through
 * unconfirmed to confirmed (acting), per the watch policy:
 *
 * - A value breaches when `value operator limit` holds (thresholds are
 *   breach conditions). A breaching check adds one to `consecutive`; a
 *   check with a value that does not breach resets it to 0 and ends the
 *   breach episode.
 * - A breach is `warming-up` while its metric has fewer than `min-samples`
 *   samples; it is confirmed (`acting`) once it has them and `consecutive`
 *   reached `failure-limit`. Only a confirmed breach counts in the verdict
 *   (warning → warn, critical → fail); an unconfirmed one is pass.
 * - No value (none read, or NaN/±Infinity): under `on-no-data: fail` the
 *   check counts as a breaching one (no min-samples needed) whose confirmed
 *   verdict is fail whatever the severity; under `inconclusive` the verdict
 *   is inconclusive and under `ignore` pass, and neither moves the counter
 *   nor ends the episode.
 * - A confirmed breach fires its action once per episode: at the check it
 *   is confirmed (`fires`). It fires again only after a check without a
 *   breach and a new confirmation.
 * Pure.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import type { WatchPolicy } from './watch-policy.js';
import type { ThresholdCheck, Verdict, WatchThreshold } from './watch-types.js';

/** A threshold's counters across checks. */
export interface ThresholdMemory {
  consecutive: number;
  /** The current breach episode's action has fired. */
  fired: boolean;
}

/** What the watch resolved as the threshold's value at this check. */
export interface ResolvedValue {
  value?: number;
  samples: number;
}

/** A threshold's check and whether its action fires now. */
export interface ThresholdOutcome {
  check: ThresholdCheck;
  fires: boolean;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/** The window of `threshold` in milliseconds (`30s`, `5m`, `1h`), undefined without one. @throws ConfigurationError for a window outside that grammar. */
export function thresholdWindowMs(threshold: Pick<WatchThreshold, 'window' | 'metric'>): number | undefined {
  if (threshold.window === undefined) return undefined;
  const match = /^([1-9][0-9]{0,14})(s|m|h)$/.exec(threshold.window);
  if (!match)
    throw new ConfigurationError(
      `window ${quote(threshold.window)} of the threshold on ${quote(threshold.metric)} is not a duration such as "30s", "5m" or "1h"`,
    );
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** The identity of a threshold across a persona switch: metric, operator, value, window, severity and action. */
export function thresholdKey(t: WatchThreshold): string {
  return JSON.stringify([t.metric, t.operator, t.value, t.window ?? null, t.severity, t.action]);
}

/** True when `value operator limit` holds. */
export function breaches(t: Pick<WatchThreshold, 'operator' | 'value'>, value: number): boolean {
  switch (t.operator) {
    case '>':
      return value > t.value;
    case '>=':
      return value >= t.value;
    case '<':
      return value < t.value;
    case '<=':
      return value <= t.value;
  }
}

/** The verdict of a confirmed breach of `t`: warn for `warning`, fail for `critical`. */
function breachVerdict(t: WatchThreshold): Verdict {
  return t.severity === 'warning' ? 'warn' : 'fail';
}

/** Counts a breaching check; returns whether the breach is confirmed and fires now. */
function countBreach(memory: ThresholdMemory, policy: WatchPolicy, warm: boolean): { acting: boolean; fires: boolean } {
  memory.consecutive++;
  const acting = warm && memory.consecutive >= policy.failureLimit;
  const fires = acting && !memory.fired;
  if (fires) memory.fired = true;
  return { acting, fires };
}

/** Evaluates `threshold` with its resolved value under `policy`, updating `memory` (see the module comment). */
export function evaluateThreshold(threshold: WatchThreshold, resolved: ResolvedValue, memory: ThresholdMemory, policy: WatchPolicy): ThresholdOutcome {
  const { value, samples } = resolved;
  const base = { threshold, ...(value === undefined ? {} : { value }), samples };
  if (value === undefined || !Number.isFinite(value)) {
    if (policy.onNoData !== 'fail') {
      const verdict: Verdict = policy.onNoData === 'ignore' ? 'pass' : 'inconclusive';
      return { check: { ...base, state: 'no-data', consecutive: memory.consecutive, acting: false, verdict }, fires: false };
    }
    const { acting, fires } = countBreach(memory, policy, true);
    return { check: { ...base, state: 'no-data', consecutive: memory.consecutive, acting, verdict: acting ? 'fail' : 'inconclusive' }, fires };
  }
  if (!breaches(threshold, value)) {
    memory.consecutive = 0;
    memory.fired = false;
    return { check: { ...base, state: 'ok', consecutive: 0, acting: false, verdict: 'pass' }, fires: false };
  }
  const warm = samples >= policy.minSamples;
  const { acting, fires } = countBreach(memory, policy, warm);
  const state = warm ? 'breach' : 'warming-up';
  return { check: { ...base, state, consecutive: memory.consecutive, acting, verdict: acting ? breachVerdict(threshold) : 'pass' }, fires };
}
