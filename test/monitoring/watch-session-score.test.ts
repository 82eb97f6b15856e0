/** The Keptn-like score: goal weights, pass/warn/fail shares, no data left out, the critical veto. */
import { scoreCheck } from '../../src/monitoring/check-score.js';
import { watchPolicy } from '../../src/monitoring/watch-policy.js';
import { WatchSession } from '../../src/monitoring/watch-session.js';
import { at, persona, read, threshold } from './fixtures.js';

const GOALS = [
  { metric: 'reliability', weight: 0.8 },
  { metric: 'latency', weight: 0.4 },
  { metric: 'cost', weight: 0.2 },
];
const THRESHOLDS = [
  threshold({ metric: 'error_rate', value: 0.01, severity: 'warning', action: 'alert' }),
  threshold({ metric: 'latency_p95_ms', value: 300, severity: 'critical', action: 'alert' }),
  threshold({ metric: 'cost_hourly', value: 10, severity: 'warning', action: 'alert' }),
  threshold({ metric: 'queue_depth', value: 100, severity: 'warning', action: 'alert' }),
];

/** One check of a low-risk session with the goals and thresholds above. */
function check(values: Record<string, number>, onNoData: 'inconclusive' | 'fail' | 'ignore' = 'inconclusive') {
  return new WatchSession(persona(THRESHOLDS, 'low', 'p', GOALS), watchPolicy('low', { onNoData })).check(read(values, at(0)), at(0));
}

describe('score', () => {
  it('is 100 when every threshold passes', () => {
    expect(check({ error_rate: 0, latency_p95_ms: 100, cost_hourly: 1, queue_depth: 1 })).toMatchObject({ score: 100, verdict: 'pass', vetoed: false });
  });

  it('counts a warn as half its weight: reliability 0.8 warns → (0.4 + 0.4 + 0.2 + 1) / 2.4', () => {
    const result = check({ error_rate: 0.5, latency_p95_ms: 100, cost_hourly: 1, queue_depth: 1 });
    expect(result).toMatchObject({ verdict: 'warn', vetoed: false });
    expect(result.score).toBe(Math.round((1000 * 2.0) / 2.4) / 10);
  });

  it('counts a fail as 0, and a failing critical threshold vetoes', () => {
    const result = check({ error_rate: 0, latency_p95_ms: 900, cost_hourly: 1, queue_depth: 1 });
    expect(result.score).toBe(Math.round((1000 * 2.0) / 2.4) / 10);
    expect(result).toMatchObject({ verdict: 'fail', vetoed: true });
  });

  it('a metric serving no goal weighs 1', () => {
    const result = check({ error_rate: 0, latency_p95_ms: 100, cost_hourly: 1, queue_depth: 1000 });
    expect(result.score).toBe(Math.round((1000 * 1.9) / 2.4) / 10);
  });

  it('leaves out thresholds without data unless they failed', () => {
    expect(check({ error_rate: 0.5 }).score).toBe(50);
    expect(check({ error_rate: 0.5 }, 'ignore')).toMatchObject({ score: 50, verdict: 'warn' });
    // on-no-data fail (low: failure-limit 1): the three data-less thresholds fail and count 0; the critical one vetoes.
    const failing = check({ error_rate: 0.5 }, 'fail');
    expect(failing).toMatchObject({ verdict: 'fail', vetoed: true });
    expect(failing.score).toBe(Math.round((1000 * 0.4) / 2.4) / 10);
  });

  it('is 100 when nothing is counted', () => {
    expect(check({})).toMatchObject({ score: 100, verdict: 'inconclusive' });
  });

  it('the watch reports the last check score', () => {
    const session = new WatchSession(persona(THRESHOLDS.slice(0, 1), 'low', 'p', GOALS), watchPolicy('low'));
    session.check(read({ error_rate: 0.5 }, at(0)), at(0));
    session.check(read({ error_rate: 0 }, at(1)), at(1));
    expect(session.outcome()).toMatchObject({ score: 100, verdict: 'warn' });
  });
});

describe('scoreCheck', () => {
  it('orders verdicts pass < warn < inconclusive < fail', () => {
    const t = threshold({ severity: 'warning' });
    const c = (verdict: 'pass' | 'warn' | 'inconclusive' | 'fail') => ({
      threshold: t,
      samples: 1,
      state: 'breach' as const,
      consecutive: 1,
      acting: true,
      verdict,
    });
    expect(scoreCheck([c('warn'), c('inconclusive')], []).verdict).toBe('inconclusive');
    expect(scoreCheck([c('fail'), c('inconclusive')], [])).toMatchObject({ verdict: 'fail', vetoed: false });
    expect(scoreCheck([c('pass'), c('warn')], []).verdict).toBe('warn');
    expect(scoreCheck([], [])).toEqual({ verdict: 'pass', score: 100, vetoed: false });
  });
});
