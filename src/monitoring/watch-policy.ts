/**
 * How patient the watch is, per risk tolerance (README "Watch policy"):
 *
 * | risk   | failure-limit | min-samples | no data (inconclusive) fails after |
 * |--------|---------------|-------------|------------------------------------|
 * | low    | 1             | 1           | 3 consecutive checks               |
 * | medium | 2             | 2           | 5 consecutive checks               |
 * | high   | 3             | 3           | never                              |
 *
 * `failure-limit`: consecutive breaching checks before a breach acts.
 * `min-samples`: samples of the metric needed before a breach can act (the
 * flapping guard). `on-no-data`: `fail`, `inconclusive` (default) or
 * `ignore`. The action's inputs override the first three. Pure.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import type { RiskTolerance } from '../persona/vocabulary.js';

/** What a threshold without data does: counts as a failing check, makes the check inconclusive, or is ignored (ok). */
export const ON_NO_DATA = ['fail', 'inconclusive', 'ignore'] as const;
/** One of {@link ON_NO_DATA}. */
export type OnNoData = (typeof ON_NO_DATA)[number];

/** The watch's patience (see the module comment). */
export interface WatchPolicy {
  /** Consecutive breaching checks before a breach acts (≥ 1). */
  failureLimit: number;
  /** Samples of the metric needed before a breach can act (≥ 1). */
  minSamples: number;
  /** What a threshold without data does. */
  onNoData: OnNoData;
  /** Consecutive inconclusive checks after which the watch fails; null: never. */
  inconclusiveLimit: number | null;
}

/** The defaults per risk tolerance (the table of the module comment). */
export const DEFAULT_WATCH_POLICIES: Readonly<Record<RiskTolerance, Readonly<WatchPolicy>>> = {
  low: { failureLimit: 1, minSamples: 1, onNoData: 'inconclusive', inconclusiveLimit: 3 },
  medium: { failureLimit: 2, minSamples: 2, onNoData: 'inconclusive', inconclusiveLimit: 5 },
  high: { failureLimit: 3, minSamples: 3, onNoData: 'inconclusive', inconclusiveLimit: null },
};

/** The largest `failure-limit` or `min-samples` accepted. */
export const MAX_POLICY_COUNT = 10_000;

/** The overrides the action's inputs can set. */
export type WatchPolicyOverrides = Partial<Pick<WatchPolicy, 'failureLimit' | 'minSamples' | 'onNoData'>>;

/** The policy of `risk` with `overrides` applied (undefined fields keep the default). Validates the overrides like {@link parseWatchPolicyInputs}. */
export function watchPolicy(risk: RiskTolerance, overrides: WatchPolicyOverrides = {}): WatchPolicy {
  const policy = { ...DEFAULT_WATCH_POLICIES[risk] };
  const problems: string[] = [];
  if (overrides.failureLimit !== undefined) policy.failureLimit = count(overrides.failureLimit, 'failure-limit', problems);
  if (overrides.minSamples !== undefined) policy.minSamples = count(overrides.minSamples, 'min-samples', problems);
  if (overrides.onNoData !== undefined) policy.onNoData = onNoData(overrides.onNoData, problems);
  if (problems.length) throw new ConfigurationError(problems.map((message) => ({ message })));
  return policy;
}

/** The raw texts of the policy's inputs, empty or undefined when not set. */
export interface WatchPolicyInputs {
  'failure-limit'?: string;
  'min-samples'?: string;
  'on-no-data'?: string;
}

/**
 * The overrides the inputs `failure-limit`, `min-samples` (whole numbers
 * from 1 to {@link MAX_POLICY_COUNT}) and `on-no-data` (one of
 * {@link ON_NO_DATA}) set; blank inputs set nothing.
 * @throws ConfigurationError naming every bad input at once, values quoted.
 */
export function parseWatchPolicyInputs(inputs: WatchPolicyInputs): WatchPolicyOverrides {
  const overrides: WatchPolicyOverrides = {};
  const problems: string[] = [];
  const limit = inputs['failure-limit']?.trim();
  const samples = inputs['min-samples']?.trim();
  const noData = inputs['on-no-data']?.trim();
  if (limit) overrides.failureLimit = count(limit, 'failure-limit', problems);
  if (samples) overrides.minSamples = count(samples, 'min-samples', problems);
  if (noData) overrides.onNoData = onNoData(noData, problems);
  if (problems.length) throw new ConfigurationError(problems.map((message) => ({ message })));
  return overrides;
}

/** A whole number from 1 to MAX_POLICY_COUNT (as a number or its decimal text), else a problem naming `what`. */
function count(value: unknown, what: string, problems: string[]): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_POLICY_COUNT) return n;
  problems.push(`${what} must be a whole number from 1 to ${MAX_POLICY_COUNT}, got ${quote(String(value))}`);
  return 1;
}

/** One of ON_NO_DATA, else a problem. */
function onNoData(value: unknown, problems: string[]): OnNoData {
  if ((ON_NO_DATA as readonly unknown[]).includes(value)) return value as OnNoData;
  problems.push(`on-no-data must be one of ${ON_NO_DATA.join(', ')}, got ${quote(String(value))}`);
  return 'inconclusive';
}
