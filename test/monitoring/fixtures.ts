/** Builders for the watch's tests: thresholds, personas, readings. */
import type { ReadResult, Reading } from '../../src/monitoring/readings.js';
import type { WatchPersona, WatchThreshold } from '../../src/monitoring/watch-types.js';
import type { RiskTolerance } from '../../src/persona/vocabulary.js';

/** A threshold: `error_rate > 0.01`, critical, action fail unless overridden. */
export function threshold(overrides: Partial<WatchThreshold> = {}): WatchThreshold {
  return { metric: 'error_rate', operator: '>', value: 0.01, severity: 'critical', action: 'fail', from: ['p'], ...overrides };
}

/** A persona watching `thresholds`. */
export function persona(
  thresholds: WatchThreshold[],
  risk: RiskTolerance = 'low',
  id = 'p',
  goals: Array<{ metric: string; weight: number }> = [],
): WatchPersona {
  return { id, risk_tolerance: risk, monitoring_thresholds: thresholds, optimization_goals: goals.map((g) => ({ ...g, from: [id] })) };
}

/** Instant readings of `values` at `ts`. */
export function read(values: Record<string, number>, ts: number, problems: string[] = []): ReadResult {
  return { readings: Object.entries(values).map(([metric, value]): Reading => ({ metric, value, ts })), problems };
}

/** Nothing read. */
export const NOTHING: ReadResult = { readings: [], problems: ['source unreachable'] };

/** The check times: one every 30 s from a fixed origin. */
export const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
export const at = (check: number) => T0 + check * 30_000;
