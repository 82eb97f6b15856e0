/** Each action kind: alert keeps watching and re-fires per episode; fail and rollback end; switch once per target; alert-only fail. */
import type { ReadResult } from '../../src/monitoring/readings.js';
import { watchPolicy } from '../../src/monitoring/watch-policy.js';
import { WatchSession, type CheckResult, type WatchThreshold } from '../../src/monitoring/watch-session.js';
import { at, persona, read, threshold } from './fixtures.js';

/** Feeds error_rate `values` to a low-risk session on `thresholds`; stops when the watch ends. */
function run(thresholds: WatchThreshold[], values: number[]) {
  const session = new WatchSession(persona(thresholds), watchPolicy('low'));
  const results: CheckResult[] = [];
  for (const [i, v] of values.entries()) {
    const result = session.check(read({ error_rate: v }, at(i)), at(i));
    results.push(result);
    if (result.ends) break;
  }
  return { session, results, kinds: results.map((r) => r.actions.map((a) => a.kind).join(',')) };
}

describe('alert', () => {
  it('fires once per breach episode, keeps watching, and fires again after the breach clears and comes back', () => {
    const { results, kinds, session } = run([threshold({ action: 'alert' })], [0.5, 0.5, 0.5, 0.001, 0.5, 0.5]);
    expect(results).toHaveLength(6);
    expect(kinds).toEqual(['alert', '', '', '', 'alert', '']);
    expect(results[0]!.actions[0]).toMatchObject({ kind: 'alert', value: 0.5, threshold: { metric: 'error_rate' } });
    expect(results.map((r) => r.verdict)).toEqual(['fail', 'fail', 'fail', 'pass', 'fail', 'fail']);
    const outcome = session.outcome();
    expect(outcome.breaches.map((b) => b.index)).toEqual([1, 5]);
    expect(outcome.breaches[0]).toEqual({
      index: 1,
      at: at(0),
      personaId: 'p',
      metric: 'error_rate',
      operator: '>',
      limit: 0.01,
      value: 0.5,
      severity: 'critical',
      action: 'alert',
    });
  });

  it('a fail verdict whose actions were all alert ends green with a warning: alertOnly', () => {
    const { session } = run([threshold({ action: 'alert' }), threshold({ severity: 'warning', action: 'alert', value: 0.001 })], [0.5, 0.0001]);
    expect(session.outcome()).toMatchObject({ verdict: 'fail', alertOnly: true, checks: 2 });
    expect(session.outcome()).not.toHaveProperty('ended');
  });

  it('a warn verdict is never alertOnly', () => {
    const { session } = run([threshold({ severity: 'warning', action: 'alert' })], [0.5]);
    expect(session.outcome()).toMatchObject({ verdict: 'warn', alertOnly: false });
  });
});

describe('fail and rollback', () => {
  it.each(['fail', 'rollback'] as const)('%s ends the watch at the confirming check', (action) => {
    const { results, session } = run([threshold({ action })], [0.001, 0.5, 0.5]);
    expect(results).toHaveLength(2);
    expect(results[1]).toMatchObject({ ends: action, verdict: 'fail', endReason: `error_rate > 0.01 breached (0.5; critical, action ${action})` });
    expect(session.outcome()).toMatchObject({ ended: action, verdict: 'fail', alertOnly: false });
    expect(() => session.check(read({ error_rate: 0 }, at(3)), at(3))).toThrow('the watch ended at check 2');
  });

  it('a warning-severity fail action still ends the watch (verdict warn)', () => {
    const { results } = run([threshold({ severity: 'warning', action: 'fail' })], [0.5]);
    expect(results[0]).toMatchObject({ ends: 'fail', verdict: 'warn' });
  });

  it('rollback wins over fail at the same check; every fired action is listed', () => {
    const { results } = run(
      [threshold({ action: 'fail' }), threshold({ action: 'alert', value: 0.02 }), threshold({ action: 'rollback', value: 0.03 })],
      [0.5],
    );
    expect(results[0]!.actions.map((a) => a.kind)).toEqual(['fail', 'alert', 'rollback']);
    expect(results[0]!.ends).toBe('rollback');
  });
});

describe('switch', () => {
  const switching = (to: string, value = 0.01) => threshold({ action: `switch:${to}`, value });

  it('fires once per session for a target, even over several episodes, and keeps watching', () => {
    const { results, kinds } = run([switching('stability')], [0.5, 0.001, 0.5, 0.5]);
    expect(results).toHaveLength(4);
    expect(kinds).toEqual(['switch', '', '', '']);
    expect(results[0]!.actions[0]).toMatchObject({ kind: 'switch', to: 'stability', value: 0.5 });
    expect(results.every((r) => !r.ends)).toBe(true);
  });

  it('fires at most one switch per check, the first in the thresholds order; another target may fire later', () => {
    const { results } = run([switching('stability'), switching('freeze', 0.02)], [0.5, 0.5, 0.001, 0.5]);
    expect(results[0]!.actions).toEqual([expect.objectContaining({ kind: 'switch', to: 'stability' })]);
    expect(results[1]!.actions).toEqual([]);
    expect(results[3]!.actions).toEqual([expect.objectContaining({ kind: 'switch', to: 'freeze' })]);
  });

  it('a fail verdict with a switch taken is not alertOnly', () => {
    const { session } = run([switching('stability'), threshold({ action: 'alert' })], [0.5]);
    expect(session.outcome()).toMatchObject({ verdict: 'fail', alertOnly: false });
  });
});

describe('outcome', () => {
  it('before any check is inconclusive with score 0', () => {
    const session = new WatchSession(persona([threshold()]), watchPolicy('low'));
    expect(session.outcome()).toEqual({ verdict: 'inconclusive', score: 0, checks: 0, breaches: [], alertOnly: false });
  });

  it('copies its breaches so callers cannot change the session', () => {
    const { session } = run([threshold({ action: 'alert' })], [0.5]);
    session.outcome().breaches.length = 0;
    expect(session.outcome().breaches).toHaveLength(1);
  });

  it('a persona without thresholds passes with score 100', () => {
    const session = new WatchSession(persona([]), watchPolicy('low'));
    const empty: ReadResult = { readings: [], problems: [] };
    expect(session.check(empty, at(0))).toMatchObject({ verdict: 'pass', score: 100, checks: [], actions: [] });
  });
});
