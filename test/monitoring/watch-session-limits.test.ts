/** failure-limit and min-samples per risk tolerance, flapping, warning vs critical. */
import { watchPolicy } from '../../src/monitoring/watch-policy.js';
import { WatchSession } from '../../src/monitoring/watch-session.js';
import type { RiskTolerance } from '../../src/persona/vocabulary.js';
import { at, persona, read, threshold } from './fixtures.js';

/** Runs `values` of error_rate through a session on `error_rate > 0.01` (critical, fail) and returns the results. */
function run(risk: RiskTolerance, values: number[], overrides = {}) {
  const session = new WatchSession(persona([threshold()], risk), watchPolicy(risk, overrides));
  const results = [];
  for (const [i, v] of values.entries()) {
    const result = session.check(read({ error_rate: v }, at(i)), at(i));
    results.push(result);
    if (result.ends) break;
  }
  return { session, results };
}

describe('failure-limit and min-samples by risk tolerance', () => {
  it.each([
    ['low', 1],
    ['medium', 2],
    ['high', 3],
  ] as const)('%s: a steady breach acts at check %i', (risk, acting) => {
    const { results } = run(risk, Array(10).fill(0.5));
    expect(results).toHaveLength(acting);
    expect(results.slice(0, -1).every((r) => r.verdict === 'pass' && r.actions.length === 0)).toBe(true);
    expect(results.at(-1)).toMatchObject({ index: acting, verdict: 'fail', ends: 'fail' });
    expect(results.at(-1)!.checks[0]).toMatchObject({ state: 'breach', consecutive: acting, acting: true, samples: acting });
  });

  it('medium: a breach waits for min-samples even when failure-limit is 1 (warming-up)', () => {
    const { results } = run('medium', [0.5, 0.5, 0.5], { failureLimit: 1 });
    expect(results[0]!.checks[0]).toMatchObject({ state: 'warming-up', acting: false, verdict: 'pass', samples: 1 });
    expect(results[1]).toMatchObject({ verdict: 'fail', ends: 'fail' });
    expect(results).toHaveLength(2);
  });

  it('high: min-samples counts every sample seen, so ok samples before the breach warm it up', () => {
    const { results } = run('high', [0.001, 0.001, 0.5, 0.5, 0.5], { failureLimit: 1 });
    expect(results.map((r) => r.checks[0]!.state)).toEqual(['ok', 'ok', 'breach']);
    expect(results.at(-1)!.ends).toBe('fail');
  });

  it.each(['medium', 'high'] as const)('%s: a flapping metric (breach, ok, breach, ok…) never acts', (risk) => {
    const { results, session } = run(
      risk,
      Array.from({ length: 20 }, (_, i) => (i % 2 ? 0.001 : 0.5)),
    );
    expect(results).toHaveLength(20);
    expect(results.every((r) => r.actions.length === 0 && r.verdict === 'pass')).toBe(true);
    expect(results.map((r) => r.checks[0]!.consecutive).slice(0, 4)).toEqual([1, 0, 1, 0]);
    expect(session.outcome()).toMatchObject({ verdict: 'pass', breaches: [], alertOnly: false });
  });

  it('a failure-limit override counts consecutive breaching checks only', () => {
    const { results } = run('low', [0.5, 0.5, 0.001, 0.5, 0.5, 0.5], { failureLimit: 3 });
    expect(results.map((r) => r.checks[0]!.consecutive)).toEqual([1, 2, 0, 1, 2, 3]);
    expect(results.at(-1)!.ends).toBe('fail');
  });

  it('a value equal to the limit breaches only an inclusive operator', () => {
    const strict = new WatchSession(persona([threshold({ operator: '>', value: 1 })]), watchPolicy('low'));
    const inclusive = new WatchSession(persona([threshold({ operator: '>=', value: 1 })]), watchPolicy('low'));
    expect(strict.check(read({ error_rate: 1 }, at(0)), at(0)).verdict).toBe('pass');
    expect(inclusive.check(read({ error_rate: 1 }, at(0)), at(0)).verdict).toBe('fail');
  });

  it('a lower bound (availability < 0.99) breaches below it', () => {
    const session = new WatchSession(persona([threshold({ metric: 'availability', operator: '<', value: 0.99, action: 'alert' })]), watchPolicy('low'));
    expect(session.check(read({ availability: 0.999 }, at(0)), at(0)).verdict).toBe('pass');
    expect(session.check(read({ availability: 0.95 }, at(1)), at(1)).verdict).toBe('fail');
  });
});

describe('severity sets the verdict', () => {
  it('a confirmed warning breach warns, a critical one fails', () => {
    const session = new WatchSession(
      persona([threshold({ severity: 'warning', action: 'alert', value: 0.01 }), threshold({ severity: 'critical', action: 'alert', value: 0.05 })]),
      watchPolicy('low'),
    );
    const warn = session.check(read({ error_rate: 0.02 }, at(0)), at(0));
    expect(warn.checks.map((c) => c.verdict)).toEqual(['warn', 'pass']);
    expect(warn).toMatchObject({ verdict: 'warn', vetoed: false });
    const fail = session.check(read({ error_rate: 0.1 }, at(1)), at(1));
    expect(fail.checks.map((c) => c.verdict)).toEqual(['warn', 'fail']);
    expect(fail).toMatchObject({ verdict: 'fail', vetoed: true });
    expect(session.outcome().verdict).toBe('fail');
  });

  it('the watch verdict is the worst check verdict, even after recovery', () => {
    const session = new WatchSession(persona([threshold({ severity: 'warning', action: 'alert' })]), watchPolicy('low'));
    session.check(read({ error_rate: 0.5 }, at(0)), at(0));
    const last = session.check(read({ error_rate: 0 }, at(1)), at(1));
    expect(last.verdict).toBe('pass');
    expect(session.outcome()).toMatchObject({ verdict: 'warn', checks: 2, score: 100, alertOnly: false });
  });
});
