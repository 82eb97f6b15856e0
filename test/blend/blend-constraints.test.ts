import { blendPersonas } from '../../src/blend/blend.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';
import type { Constraint } from '../../src/persona/persona.js';
import { cost, failure, persona, replicas, security } from './fixtures.js';

describe('blendPersonas: constraints', () => {
  it('constraints on different parameters all hold, with provenance', () => {
    const a = persona('a', { constraints: [replicas('>=', 2), { parameter: 'tier', operator: '=', value: 'gold' }] });
    const b = persona('b', { constraints: [replicas('<=', 5), { parameter: 'branch', operator: 'matches', value: '^main$' }] });
    expect(
      blendPersonas([
        { persona: a, weight: 0.5 },
        { persona: b, weight: 0.5 },
      ]).constraints,
    ).toEqual([
      { parameter: 'replicas', operator: '>=', value: 2, from: ['a'] },
      { parameter: 'replicas', operator: '<=', value: 5, from: ['b'] },
      { parameter: 'tier', operator: '=', value: 'gold', from: ['a'] },
      { parameter: 'branch', operator: 'matches', value: '^main$', from: ['b'] },
    ]);
  });

  it('strict: an unsatisfiable parameter fails naming both personas, the parameter and the values', () => {
    expect(
      failure(() =>
        blendPersonas([
          { persona: security, weight: 0.6 },
          { persona: cost, weight: 0.4 },
        ]),
      ),
    ).toBe(
      'constraints conflict on "replicas": "security-first" requires replicas >= 3 but "cost-optimization" requires replicas <= 2 (on-conflict weighted would keep the higher-weight persona\'s constraints)',
    );
  });

  it('strict is the default and names the pair that clashes', () => {
    const a = persona('a', { constraints: [replicas('>=', 1)] });
    const b = persona('b', { constraints: [replicas('<=', 10)] });
    const c = persona('c', { constraints: [replicas('>=', 20)] });
    expect(
      failure(() =>
        blendPersonas([
          { persona: a, weight: 0.5 },
          { persona: b, weight: 0.3 },
          { persona: c, weight: 0.2 },
        ]),
      ),
    ).toBe(
      'constraints conflict on "replicas": "b" requires replicas <= 10 but "c" requires replicas >= 20 (on-conflict weighted would keep the higher-weight persona\'s constraints)',
    );
  });

  it('weighted: keeps the higher-weight persona for the parameter and reports the dropped constraints', () => {
    const result = blendPersonas(
      [
        { persona: cost, weight: 0.4 },
        { persona: security, weight: 0.6 },
      ],
      { onConflict: 'weighted' },
    );
    expect(result.constraints).toEqual([
      { parameter: 'replicas', operator: '>=', value: 3, from: ['security-first'] },
      { parameter: 'region', operator: '=', value: 'eu-west-1', from: ['security-first'] },
      { parameter: 'region', operator: '!=', value: 'eu-central-1', from: ['cost-optimization'] },
    ]);
    expect(result.conflicts).toEqual([
      {
        parameter: 'replicas',
        dropped_from: 'cost-optimization',
        dropped: [replicas('<=', 2)],
        kept_from: ['security-first'],
        message: 'dropped "cost-optimization" (weight 0.4): replicas <= 2 conflicts with "security-first"',
      },
    ]);
  });

  it('weighted: with three personas only the conflicting one is dropped', () => {
    const a = persona('a', { constraints: [replicas('>=', 3)] });
    const b = persona('b', { constraints: [replicas('<=', 2), { parameter: 'tier', operator: '=', value: 'gold' }] });
    const c = persona('c', { constraints: [replicas('<=', 10)] });
    const result = blendPersonas(
      [
        { persona: c, weight: 0.2 },
        { persona: b, weight: 0.3 },
        { persona: a, weight: 0.5 },
      ],
      { onConflict: 'weighted' },
    );
    expect(result.constraints).toEqual([
      { parameter: 'replicas', operator: '>=', value: 3, from: ['a'] },
      { parameter: 'replicas', operator: '<=', value: 10, from: ['c'] },
      { parameter: 'tier', operator: '=', value: 'gold', from: ['b'] },
    ]);
    expect(result.conflicts).toEqual([
      {
        parameter: 'replicas',
        dropped_from: 'b',
        dropped: [replicas('<=', 2)],
        kept_from: ['a'],
        message: 'dropped "b" (weight 0.3): replicas <= 2 conflicts with "a"',
      },
    ]);
  });

  it('weighted: a persona clashing with several kept ones names them all', () => {
    const a = persona('a', { constraints: [replicas('>=', 3)] });
    const b = persona('b', { constraints: [replicas('<=', 5)] });
    const c = persona('c', { constraints: [{ parameter: 'replicas', operator: 'in', value: [1, 2, 6] }] });
    const result = blendPersonas(
      [
        { persona: a, weight: 0.5 },
        { persona: b, weight: 0.3 },
        { persona: c, weight: 0.2 },
      ],
      { onConflict: 'weighted' },
    );
    expect(result.constraints.map((k) => [k.operator, k.value, k.from])).toEqual([
      ['>=', 3, ['a']],
      ['<=', 5, ['b']],
    ]);
    expect(result.conflicts.map((k) => k.message)).toEqual(['dropped "c" (weight 0.2): replicas in [1, 2, 6] conflicts with "a", "b"']);
  });

  it('a persona whose own constraints cannot hold fails, alone or blended, under either policy', () => {
    const broken = persona('broken', { constraints: [replicas('>=', 5), replicas('<=', 3)] });
    const other = persona('other', { constraints: [replicas('>=', 1)] });
    const message = 'persona "broken" has constraints on "replicas" that cannot all hold: replicas >= 5 and replicas <= 3 (no value is both >= 5 and <= 3)';
    expect(failure(() => blendPersonas([{ persona: broken, weight: 1 }]))).toBe(message);
    for (const onConflict of ['strict', 'weighted'] as const) {
      expect(
        failure(() =>
          blendPersonas(
            [
              { persona: broken, weight: 0.6 },
              { persona: other, weight: 0.4 },
            ],
            { onConflict },
          ),
        ),
      ).toBe(message);
      expect(
        failure(() =>
          blendPersonas(
            [
              { persona: other, weight: 0.6 },
              { persona: broken, weight: 0.4 },
            ],
            { onConflict },
          ),
        ),
      ).toBe(message);
    }
  });
});

describe('blendPersonas: constraints, every problem and ties', () => {
  it('strict: reports every unsatisfiable parameter at once, one error each', () => {
    const a = persona('a', { constraints: [replicas('>=', 5), { parameter: 'strategy', operator: '=', value: 'canary' }] });
    // `strategy = none` would close deployments, and a freeze wins over strict (closing-constraints.test.ts).
    const b = persona('b', { constraints: [replicas('<=', 2), { parameter: 'strategy', operator: '=', value: 'recreate' }] });
    let error: unknown;
    try {
      blendPersonas([
        { persona: a, weight: 0.5 },
        { persona: b, weight: 0.5 },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).diagnostics.map((d) => d.message)).toEqual([
      'constraints conflict on "replicas": "a" requires replicas >= 5 but "b" requires replicas <= 2 (on-conflict weighted would keep the higher-weight persona\'s constraints)',
      'constraints conflict on "strategy": "a" requires strategy = canary but "b" requires strategy = recreate (on-conflict weighted would keep the higher-weight persona\'s constraints)',
    ]);
  });

  it('weighted: on equal weights the more conservative persona wins, whatever the ids', () => {
    // Not `strategy = none`, which closes deployments and wins whatever the weights (closing-constraints.test.ts).
    const careful = persona('careful', { risk_tolerance: 'low', constraints: [{ parameter: 'strategy', operator: '=', value: 'blue-green' }] });
    const agile = persona('agile', { risk_tolerance: 'high', constraints: [{ parameter: 'strategy', operator: '=', value: 'rolling' }] });
    const blended = blendPersonas(
      [
        { persona: agile, weight: 0.5 },
        { persona: careful, weight: 0.5 },
      ],
      { onConflict: 'weighted' },
    );
    expect(blended.constraints).toEqual([{ parameter: 'strategy', operator: '=', value: 'blue-green', from: ['careful'] }]);
    expect(blended.conflicts.map((c) => [c.dropped_from, c.kept_from, c.message])).toEqual([
      ['agile', ['careful'], 'dropped "agile" (weight 0.5): strategy = rolling conflicts with "careful"'],
    ]);
    expect(blended.id).toBe('agile:0.5,careful:0.5');
  });
});

describe('blendPersonas: patterns and locations', () => {
  const engine = createPatternEngine();
  const branches = persona('branches', { constraints: [{ parameter: 'branch', operator: 'in', value: ['main', 'release/1', `${'a'.repeat(30_000)}!`] }] });
  const releases = persona('releases', { constraints: [{ parameter: 'branch', operator: 'matches', value: '^(release/\\d+|(a+)+)$' }] });
  const mains = persona('mains', { constraints: [{ parameter: 'branch', operator: '=', value: 'main' }] });

  it('filters a set with the given engine, in linear time', () => {
    const start = performance.now();
    const blended = blendPersonas(
      [
        { persona: branches, weight: 0.5 },
        { persona: releases, weight: 0.5 },
      ],
      { patterns: engine },
    );
    expect(performance.now() - start).toBeLessThan(1000);
    expect(blended.constraints[0]).toEqual({ parameter: 'branch', operator: '=', value: 'release/1', from: ['branches'] });
  });

  it('weighted: drops the persona whose pattern clashes, evaluated on the engine', () => {
    const blended = blendPersonas(
      [
        { persona: mains, weight: 0.7 },
        { persona: releases, weight: 0.3 },
      ],
      { onConflict: 'weighted', patterns: engine },
    );
    expect(blended.conflicts.map((c) => [c.dropped_from, c.kept_from])).toEqual([['releases', ['mains']]]);
  });

  it('strict: names where each clashing constraint was written, and cuts long values', () => {
    const where = (id: string, c: Constraint) => `${id}.yml:${c.operator === 'matches' ? 7 : 3}`;
    expect(
      failure(() =>
        blendPersonas(
          [
            { persona: mains, weight: 0.5 },
            { persona: releases, weight: 0.5 },
          ],
          { patterns: engine, whereWritten: where },
        ),
      ),
    ).toBe(
      'constraints conflict on "branch": "mains" requires branch = main (mains.yml:3) but "releases" requires branch matches /^(release/\\d+|(a+)+)$/ (releases.yml:7) (on-conflict weighted would keep the higher-weight persona\'s constraints)',
    );
  });

  it('without an engine, a pattern filtering a set is a bug, not a user error', () => {
    expect(() =>
      blendPersonas([
        { persona: branches, weight: 0.5 },
        { persona: releases, weight: 0.5 },
      ]),
    ).toThrow(/no pattern engine was given/);
  });
});
