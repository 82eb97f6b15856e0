/**
 * Which optimisation goal a monitored metric serves, so a threshold weighs
 * in the watch's score by how much the persona cares about that goal
 * (README "Watch score"):
 *
 * | metric                                   | goal          |
 * |------------------------------------------|---------------|
 * | `error_rate`, `availability`             | `reliability` |
 * | `latency`, `latency_*`                   | `latency`     |
 * | `throughput`, `throughput_*`             | `throughput`  |
 * | `cost`, `cost_*`                         | `cost`        |
 * | any name containing `vulnerabilities`    | `security`    |
 * | anything else                            | none: weight 1 |
 *
 * A threshold's weight is the persona's `optimization_goals` weight of that
 * goal; 1 when the metric serves no goal or the persona sets no weight for
 * it. Pure.
 */
import type { Goal } from '../persona/persona.js';

/** The metric-name rules, first match wins (see the module comment). */
const RULES: ReadonlyArray<readonly [(metric: string) => boolean, string]> = [
  [(m) => m === 'error_rate' || m === 'availability', 'reliability'],
  [(m) => m === 'latency' || m.startsWith('latency_'), 'latency'],
  [(m) => m === 'throughput' || m.startsWith('throughput_'), 'throughput'],
  [(m) => m === 'cost' || m.startsWith('cost_'), 'cost'],
  [(m) => m.includes('vulnerabilities'), 'security'],
];

/** The goal `metric` serves, or undefined (see the module comment). */
export function metricGoal(metric: string): string | undefined {
  return RULES.find(([matches]) => matches(metric))?.[1];
}

/** The weight of a threshold on `metric` in the score: the persona's weight of the goal it serves, else 1. */
export function thresholdWeight(metric: string, goals: ReadonlyArray<Pick<Goal, 'metric' | 'weight'>>): number {
  const goal = metricGoal(metric);
  if (goal === undefined) return 1;
  return goals.find((g) => g.metric === goal)?.weight ?? 1;
}
