/** The metric → goal map and the weight a threshold takes in the score. */
import { metricGoal, thresholdWeight } from '../../src/monitoring/metric-goals.js';

describe('metricGoal', () => {
  it.each([
    ['error_rate', 'reliability'],
    ['availability', 'reliability'],
    ['latency', 'latency'],
    ['latency_p95_ms', 'latency'],
    ['throughput_rps', 'throughput'],
    ['cost_per_hour_usd', 'cost'],
    ['critical_vulnerabilities', 'security'],
    ['image_vulnerabilities_high', 'security'],
    ['error_rate_5xx', undefined],
    ['latencyish', undefined],
    ['cpu_usage', undefined],
  ])('%s serves %p', (metric, goal) => {
    expect(metricGoal(metric)).toBe(goal);
  });
});

describe('thresholdWeight', () => {
  const goals = [
    { metric: 'reliability', weight: 0.9 },
    { metric: 'latency', weight: 0.3 },
    { metric: 'cost', weight: 0 },
  ];

  it("is the persona's weight of the goal the metric serves", () => {
    expect(thresholdWeight('error_rate', goals)).toBe(0.9);
    expect(thresholdWeight('latency_p99_ms', goals)).toBe(0.3);
    expect(thresholdWeight('cost_total', goals)).toBe(0);
  });

  it('is 1 for a metric serving no goal, or a goal the persona does not weigh', () => {
    expect(thresholdWeight('cpu_usage', goals)).toBe(1);
    expect(thresholdWeight('throughput_rps', goals)).toBe(1);
    expect(thresholdWeight('error_rate', [])).toBe(1);
  });
});
