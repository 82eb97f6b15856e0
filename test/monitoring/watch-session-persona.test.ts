/** setPersona: the new thresholds apply from the next check; identical thresholds keep their counters, others start afresh. */
import { watchPolicy } from '../../src/monitoring/watch-policy.js';
import { WatchSession } from '../../src/monitoring/watch-session.js';
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import { at, persona, read, threshold } from './fixtures.js';

const alertAt = (value: number, overrides = {}) => threshold({ action: 'alert', value, ...overrides });

describe('setPersona', () => {
  it('applies the new thresholds from the next check and names the persona in results and breaches', () => {
    const session = new WatchSession(persona([alertAt(0.1)], 'low', 'speed'), watchPolicy('low'));
    expect(session.check(read({ error_rate: 0.05 }, at(0)), at(0))).toMatchObject({ personaId: 'speed', verdict: 'pass' });
    session.setPersona(persona([alertAt(0.01)], 'low', 'stability'), watchPolicy('low'));
    const next = session.check(read({ error_rate: 0.05 }, at(1)), at(1));
    expect(next).toMatchObject({ personaId: 'stability', verdict: 'fail', index: 2 });
    expect(session.outcome().breaches[0]).toMatchObject({ personaId: 'stability', limit: 0.01 });
  });

  it('keeps the counters of an identical threshold (metric, operator, value, window, severity, action)', () => {
    const kept = alertAt(0.01, { window: '5m', severity: 'warning' });
    const session = new WatchSession(persona([kept], 'high'), watchPolicy('high'));
    session.check(read({ error_rate: 0.5 }, at(0)), at(0));
    session.check(read({ error_rate: 0.5 }, at(1)), at(1));
    session.setPersona(persona([{ ...kept, from: ['other'] }, alertAt(0.02)], 'high', 'other'), watchPolicy('high'));
    const third = session.check(read({ error_rate: 0.5 }, at(2)), at(2));
    expect(third.checks.map((c) => [c.consecutive, c.acting])).toEqual([
      [3, true],
      [1, false],
    ]);
    expect(third.actions.map((a) => a.threshold.value)).toEqual([0.01]);
  });

  it.each([
    ['value', { value: 0.02 }],
    ['operator', { operator: '>=' as const }],
    ['window', { window: '1m' }],
    ['severity', { severity: 'critical' as const }],
    ['action', { action: 'fail' }],
  ])('resets the counters of a threshold whose %s differs', (_, change) => {
    const before = alertAt(0.01, { window: '5m', severity: 'warning' });
    const session = new WatchSession(persona([before], 'high'), watchPolicy('high'));
    session.check(read({ error_rate: 0.5 }, at(0)), at(0));
    session.check(read({ error_rate: 0.5 }, at(1)), at(1));
    session.setPersona(persona([{ ...before, ...change }], 'high'), watchPolicy('high'));
    expect(session.check(read({ error_rate: 0.5 }, at(2)), at(2)).checks[0]!.consecutive).toBe(1);
  });

  it('keeps an identical threshold’s fired episode: its alert does not fire again', () => {
    const session = new WatchSession(persona([alertAt(0.01)]), watchPolicy('low'));
    expect(session.check(read({ error_rate: 0.5 }, at(0)), at(0)).actions).toHaveLength(1);
    session.setPersona(persona([alertAt(0.01)], 'low', 'again'), watchPolicy('low'));
    expect(session.check(read({ error_rate: 0.5 }, at(1)), at(1)).actions).toHaveLength(0);
  });

  it('keeps the samples seen and the switches fired', () => {
    const switching = threshold({ action: 'switch:stability', window: '5m' });
    const session = new WatchSession(persona([switching], 'low', 'speed'), watchPolicy('low'));
    expect(session.check(read({ error_rate: 0.5 }, at(0)), at(0)).actions).toHaveLength(1);
    session.setPersona(persona([{ ...switching, value: 0.02 }], 'medium', 'other'), watchPolicy('medium'));
    const next = session.check(read({ error_rate: 0.5 }, at(1)), at(1));
    expect(next.checks[0]).toMatchObject({ samples: 2, acting: false, consecutive: 1 });
    const third = session.check(read({ error_rate: 0.5 }, at(2)), at(2));
    expect(third.checks[0]!.acting).toBe(true);
    expect(third.actions).toEqual([]);
  });

  it('applies the new policy', () => {
    const session = new WatchSession(persona([threshold()], 'high'), watchPolicy('high'));
    expect(session.check(read({ error_rate: 0.5 }, at(0)), at(0)).ends).toBeUndefined();
    session.setPersona(persona([threshold()], 'low'), watchPolicy('low'));
    expect(session.check(read({ error_rate: 0.5 }, at(1)), at(1)).ends).toBe('fail');
  });

  it('keeps duplicates apart: two identical thresholds each keep their own counters', () => {
    const session = new WatchSession(persona([alertAt(0.01), alertAt(0.01)], 'high'), watchPolicy('high'));
    session.check(read({ error_rate: 0.5 }, at(0)), at(0));
    session.setPersona(persona([alertAt(0.01), alertAt(0.01), alertAt(0.01)], 'high'), watchPolicy('high'));
    expect(session.check(read({ error_rate: 0.5 }, at(1)), at(1)).checks.map((c) => c.consecutive)).toEqual([2, 2, 1]);
  });

  it('refuses a window outside the grammar as a user error and keeps the previous persona', () => {
    const session = new WatchSession(persona([threshold()]), watchPolicy('low'));
    let error: unknown;
    try {
      session.setPersona(persona([threshold({ window: '5 minutes' })], 'low', 'bad'), watchPolicy('low'));
    } catch (e) {
      error = e;
    }
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toBe('window "5 minutes" of the threshold on "error_rate" is not a duration such as "30s", "5m" or "1h"');
    expect(session.check(read({ error_rate: 0 }, at(0)), at(0)).personaId).toBe('p');
  });
});
