import type { ResolvedPersona } from '../../src/blend/resolved-persona.js';
import { diffPersonas, personaDiffText } from '../../src/report/persona-diff.js';

const base: ResolvedPersona = {
  id: 'a',
  name: 'A',
  blend: [{ id: 'a', weight: 1 }],
  risk_tolerance: 'medium',
  risk_tolerance_from: ['a'],
  constraints: [
    { parameter: 'replicas', operator: '<=', value: 3, from: ['a'] },
    { parameter: 'instance_type', operator: 'in', value: ['t3.small', 't3.medium'], from: ['a'] },
  ],
  optimization_goals: [
    { metric: 'cost', weight: 0.9, from: ['a'] },
    { metric: 'build_time', weight: 0.4, from: ['a'] },
  ],
  monitoring_thresholds: [
    { metric: 'error_rate', operator: '>', value: 0.05, window: '5m', severity: 'critical', action: 'rollback', from: ['a'] },
    { metric: 'throughput_rps', operator: '<', value: 100, severity: 'warning', action: 'alert', from: ['a'] },
  ],
  conflicts: [],
};

const with_ = (patch: Partial<ResolvedPersona>): ResolvedPersona => ({ ...base, id: 'b', name: 'B', ...patch });

describe('diffPersonas', () => {
  it('finds nothing between a persona and itself, whatever the provenance', () => {
    const same = with_({ optimization_goals: base.optimization_goals.map((g) => ({ ...g, from: ['x', 'y'] })), risk_tolerance_from: ['z'] });
    const diff = diffPersonas(base, same);
    expect(diff.identical).toBe(true);
    expect(diff.risk_tolerance).toBeNull();
    expect(personaDiffText(diff)).toBe('a → b\nno differences\n');
  });

  it('reports a risk tolerance change', () => {
    const diff = diffPersonas(base, with_({ risk_tolerance: 'low' }));
    expect(diff.risk_tolerance).toEqual({ before: 'medium', after: 'low' });
    expect(diff.identical).toBe(false);
    expect(personaDiffText(diff)).toBe('a → b\n\nrisk tolerance: medium → low\n');
  });

  it('reports goals added, removed and re-weighted', () => {
    const diff = diffPersonas(
      base,
      with_({
        optimization_goals: [
          { metric: 'latency', weight: 0.7, from: ['b'] },
          { metric: 'cost', weight: 0.3, from: ['b'] },
        ],
      }),
    );
    expect(diff.goals).toEqual({
      added: [{ metric: 'latency', weight: 0.7, from: ['b'] }],
      removed: [{ metric: 'build_time', weight: 0.4, from: ['a'] }],
      changed: [{ metric: 'cost', before: 0.9, after: 0.3 }],
    });
  });

  it('ignores weight noise below 1e-9', () => {
    const diff = diffPersonas(base, with_({ optimization_goals: base.optimization_goals.map((g) => ({ ...g, weight: g.weight + 1e-12 })) }));
    expect(diff.goals.changed).toEqual([]);
  });

  it('compares constraints by their text: a changed bound is one removed and one added', () => {
    const diff = diffPersonas(
      base,
      with_({
        constraints: [
          { parameter: 'replicas', operator: '<=', value: 5, from: ['b'] },
          { parameter: 'instance_type', operator: 'in', value: ['t3.small', 't3.medium'], from: ['b', 'c'] },
          { parameter: 'strategy', operator: 'matches', value: '^canary', from: ['c'] },
        ],
      }),
    );
    expect(diff.constraints).toEqual({
      added: [
        { constraint: 'replicas <= 5', from: ['b'] },
        { constraint: 'strategy matches /^canary/', from: ['c'] },
      ],
      removed: [{ constraint: 'replicas <= 3', from: ['a'] }],
    });
  });

  it('matches thresholds per tier (metric, direction, severity, action) and lists the fields that changed', () => {
    const diff = diffPersonas(
      base,
      with_({
        monitoring_thresholds: [
          { metric: 'error_rate', operator: '>=', value: 0.01, window: '1m', severity: 'critical', action: 'rollback', from: ['b'] },
          { metric: 'error_rate', operator: '>', value: 0.2, severity: 'critical', action: 'fail', from: ['b'] },
          { metric: 'error_rate', operator: '<', value: 0.0001, severity: 'warning', action: 'alert', from: ['b'] },
        ],
      }),
    );
    expect(diff.thresholds.changed).toEqual([
      {
        metric: 'error_rate',
        direction: 'above',
        before: base.monitoring_thresholds[0],
        after: expect.objectContaining({ operator: '>=', value: 0.01 }),
        changed: ['operator', 'value', 'window'],
      },
    ]);
    expect(diff.thresholds.added).toEqual([
      expect.objectContaining({ metric: 'error_rate', operator: '>', action: 'fail' }),
      expect.objectContaining({ metric: 'error_rate', operator: '<' }),
    ]);
    expect(diff.thresholds.removed).toEqual([expect.objectContaining({ metric: 'throughput_rps' })]);
  });

  it('compares list values as sets', () => {
    const diff = diffPersonas(base, with_({ constraints: [base.constraints[0]!, { ...base.constraints[1]!, value: ['t3.medium', 't3.small'] }] }));
    expect(diff.constraints).toEqual({ added: [], removed: [] });
  });

  it('renders every section with +, ~ and -', () => {
    const after = with_({
      risk_tolerance: 'high',
      optimization_goals: [
        { metric: 'velocity', weight: 1, from: ['b'] },
        { metric: 'cost', weight: 0.45, from: ['b'] },
      ],
      constraints: [{ parameter: 'replicas', operator: '<=', value: 3, from: ['b'] }],
      monitoring_thresholds: [
        { metric: 'error_rate', operator: '>', value: 0.1, window: '10m', severity: 'critical', action: 'rollback', from: ['b'] },
        { metric: 'build_duration_seconds', operator: '>', value: 600, severity: 'warning', action: 'alert', from: ['b'] },
      ],
    });
    expect(personaDiffText(diffPersonas(base, after))).toBe(
      [
        'a → b',
        '',
        'risk tolerance: medium → high',
        '',
        'goals:',
        '  + velocity 1  (from b)',
        '  ~ cost 0.9 → 0.45',
        '  - build_time 0.4  (from a)',
        '',
        'constraints:',
        '  - instance_type in [t3.small, t3.medium]  (from a)',
        '',
        'thresholds:',
        '  + build_duration_seconds > 600 (warning, alert)  (from b)',
        '  ~ error_rate > 0.05 (5m, critical, rollback) → error_rate > 0.1 (10m, critical, rollback)',
        '  - throughput_rps < 100 (warning, alert)  (from a)',
        '',
      ].join('\n'),
    );
  });

  it('is pure: its inputs are left as they were', () => {
    const before = structuredClone(base);
    const after = with_({ risk_tolerance: 'low' });
    const copy = structuredClone(after);
    diffPersonas(before, after);
    expect(before).toEqual(base);
    expect(after).toEqual(copy);
  });
});
