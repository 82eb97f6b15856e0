import { blendPersonas } from '../../src/blend/blend.js';
import { strictestThresholds, thresholdDirection } from '../../src/blend/strictest-thresholds.js';
import type { Threshold } from '../../src/persona/persona.js';
import { persona, threshold } from './fixtures.js';

const blendThresholds = (...sets: Array<[string, number, Threshold[]]>) =>
  blendPersonas(sets.map(([id, weight, monitoring_thresholds]) => ({ persona: persona(id, { monitoring_thresholds }), weight }))).monitoring_thresholds;

describe('strictestThresholds', () => {
  it('"too high": per tier the lowest bound wins, with its window', () => {
    expect(
      blendThresholds(
        ['a', 0.7, [threshold('error_rate', '>', 0.05, { action: 'rollback', window: '10m' })]],
        ['b', 0.3, [threshold('error_rate', '>', 0.01, { action: 'rollback', window: '1m' })]],
      ),
    ).toEqual([{ metric: 'error_rate', operator: '>', value: 0.01, severity: 'critical', action: 'rollback', window: '1m', from: ['b'] }]);
  });

  it('"too low": per tier the highest bound wins', () => {
    expect(
      blendThresholds(
        ['a', 0.5, [threshold('availability', '<', 0.99)]],
        ['b', 0.3, [threshold('availability', '<', 0.995)]],
        ['c', 0.2, [threshold('availability', '<', 0.9)]],
      ),
    ).toEqual([{ metric: 'availability', operator: '<', value: 0.995, severity: 'critical', action: 'alert', from: ['b'] }]);
  });

  it('never loses an escalation: an early alert does not hide a later rollback', () => {
    expect(
      blendThresholds(
        ['a', 0.7, [threshold('error_rate', '>', 0.01, { severity: 'warning', action: 'alert' })]],
        ['b', 0.3, [threshold('error_rate', '>', 0.05, { action: 'rollback' }), threshold('error_rate', '>', 0.08, { action: 'rollback' })]],
      ),
    ).toEqual([
      { metric: 'error_rate', operator: '>', value: 0.01, severity: 'warning', action: 'alert', from: ['a'] },
      { metric: 'error_rate', operator: '>', value: 0.05, severity: 'critical', action: 'rollback', from: ['b'] },
    ]);
  });

  it("keeps a single persona's tiers as written", () => {
    const tiers = [
      threshold('error_rate', '>', 0.01, { severity: 'warning' }),
      threshold('error_rate', '>', 0.01, { action: 'fail' }),
      threshold('error_rate', '>', 0.05, { action: 'rollback' }),
    ];
    expect(strictestThresholds([{ id: 'p', thresholds: tiers }])).toEqual(tiers.map((t) => ({ ...t, from: ['p'] })));
  });

  it('on equal values the inclusive bound is stricter, either direction and order', () => {
    expect(blendThresholds(['a', 0.6, [threshold('p95', '>', 300)]], ['b', 0.4, [threshold('p95', '>=', 300)]])).toEqual([
      { metric: 'p95', operator: '>=', value: 300, severity: 'critical', action: 'alert', from: ['b'] },
    ]);
    expect(blendThresholds(['a', 0.6, [threshold('p95', '>=', 300)]], ['b', 0.4, [threshold('p95', '>', 300)]])).toEqual([
      { metric: 'p95', operator: '>=', value: 300, severity: 'critical', action: 'alert', from: ['a'] },
    ]);
    expect(blendThresholds(['a', 0.6, [threshold('free', '<', 10)]], ['b', 0.4, [threshold('free', '<=', 10)]])).toEqual([
      { metric: 'free', operator: '<=', value: 10, severity: 'critical', action: 'alert', from: ['b'] },
    ]);
  });

  it('an equal bound set by several personas names them all; the highest weight keeps its window', () => {
    expect(
      blendThresholds(
        ['a', 0.2, [threshold('cpu', '>', 80, { window: '10m' })]],
        ['b', 0.5, [threshold('cpu', '>', 80, { window: '1m' })]],
        ['c', 0.3, [threshold('cpu', '>', 90)]],
      ),
    ).toEqual([{ metric: 'cpu', operator: '>', value: 80, severity: 'critical', action: 'alert', window: '1m', from: ['b', 'a'] }]);
  });

  it('keeps both directions of one metric and every metric apart', () => {
    expect(
      blendThresholds(
        ['a', 0.5, [threshold('rps', '>', 1000), threshold('rps', '<', 10)]],
        ['b', 0.5, [threshold('rps', '<=', 50), threshold('error_rate', '>', 0.1)]],
      ),
    ).toEqual([
      { metric: 'rps', operator: '>', value: 1000, severity: 'critical', action: 'alert', from: ['a'] },
      { metric: 'rps', operator: '<=', value: 50, severity: 'critical', action: 'alert', from: ['b'] },
      { metric: 'error_rate', operator: '>', value: 0.1, severity: 'critical', action: 'alert', from: ['b'] },
    ]);
  });

  it('names the direction of each operator', () => {
    expect(['>', '>=', '<', '<='].map((operator) => thresholdDirection({ operator: operator as Threshold['operator'] }))).toEqual([
      'above',
      'above',
      'below',
      'below',
    ]);
  });
});
