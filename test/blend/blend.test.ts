import { blendPersonas, lookupTerms, resolveBlend, type PersonaLookup } from '../../src/blend/blend.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import type { Constraint, Persona, Threshold } from '../../src/persona/persona.js';

const persona = (id: string, fields: Partial<Persona> = {}): Persona => ({
  id,
  name: id,
  constraints: [],
  optimization_goals: [],
  monitoring_thresholds: [],
  risk_tolerance: 'medium',
  ...fields,
});

const threshold = (metric: string, operator: Threshold['operator'], value: number, extra: Partial<Threshold> = {}): Threshold => ({
  metric,
  operator,
  value,
  severity: 'critical',
  action: 'alert',
  ...extra,
});

const replicas = (operator: Constraint['operator'], value: number): Constraint => ({ parameter: 'replicas', operator, value });

/** The message of the ConfigurationError `run` throws. */
const failure = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
};

const security = persona('security-first', {
  name: 'Security First',
  description: 'Ship safely',
  risk_tolerance: 'low',
  constraints: [replicas('>=', 3), { parameter: 'region', operator: 'in', value: ['eu-west-1', 'eu-central-1'] }],
  optimization_goals: [
    { metric: 'security', weight: 1 },
    { metric: 'cost', weight: 0.2 },
  ],
  monitoring_thresholds: [threshold('error_rate', '>', 0.01, { action: 'rollback', window: '5m' })],
});

const cost = persona('cost-optimization', {
  name: 'Cost Optimization',
  risk_tolerance: 'high',
  constraints: [replicas('<=', 2), { parameter: 'region', operator: 'not_in', value: ['eu-central-1'] }],
  optimization_goals: [
    { metric: 'cost', weight: 1 },
    { metric: 'latency', weight: 0.5 },
  ],
  monitoring_thresholds: [threshold('error_rate', '>', 0.05, { severity: 'warning' })],
});

describe('blendPersonas: identity', () => {
  it('a single persona keeps its id, name and description', () => {
    const result = blendPersonas([{ persona: security, weight: 1 }]);
    expect(result.id).toBe('security-first');
    expect(result.name).toBe('Security First');
    expect(result.description).toBe('Ship safely');
    expect(result.blend).toEqual([{ id: 'security-first', weight: 1 }]);
    expect(result.conflicts).toEqual([]);
  });

  it('a blend is named by its canonical expression and names by descending weight', () => {
    const result = blendPersonas(
      [
        { persona: cost, weight: 0.4 },
        { persona: security, weight: 0.6 },
      ],
      { onConflict: 'weighted' },
    );
    expect(result.id).toBe('security-first:0.6,cost-optimization:0.4');
    expect(result.name).toBe('Security First + Cost Optimization');
    expect(result.blend).toEqual([
      { id: 'security-first', weight: 0.6 },
      { id: 'cost-optimization', weight: 0.4 },
    ]);
    expect(result).not.toHaveProperty('description');
  });

  it('equal weights order by id', () => {
    const result = blendPersonas([
      { persona: persona('zeta', { name: 'Zeta' }), weight: 0.5 },
      { persona: persona('alpha', { name: 'Alpha' }), weight: 0.5 },
    ]);
    expect(result.id).toBe('alpha:0.5,zeta:0.5');
    expect(result.name).toBe('Alpha + Zeta');
  });
});

describe('blendPersonas: goals', () => {
  it('weights are the weighted sum (missing = 0), sorted descending, with provenance', () => {
    const result = blendPersonas(
      [
        { persona: security, weight: 0.6 },
        { persona: cost, weight: 0.4 },
      ],
      { onConflict: 'weighted' },
    );
    expect(result.optimization_goals).toEqual([
      { metric: 'security', weight: 0.6, from: ['security-first'] },
      { metric: 'cost', weight: 0.52, from: ['security-first', 'cost-optimization'] },
      { metric: 'latency', weight: 0.2, from: ['cost-optimization'] },
    ]);
  });

  it('rounds to 6 decimals and breaks ties by metric', () => {
    const a = persona('a', { optimization_goals: [{ metric: 'speed', weight: 0.5 }, { metric: 'cost', weight: 0.5 }] });
    const b = persona('b', { optimization_goals: [{ metric: 'velocity', weight: 1 }] });
    const c = persona('c');
    const result = blendPersonas([
      { persona: a, weight: 1 / 3 },
      { persona: b, weight: 1 / 3 },
      { persona: c, weight: 1 / 3 },
    ]);
    expect(result.optimization_goals).toEqual([
      { metric: 'velocity', weight: 0.333333, from: ['b'] },
      { metric: 'cost', weight: 0.166667, from: ['a'] },
      { metric: 'speed', weight: 0.166667, from: ['a'] },
    ]);
    expect(result.blend).toEqual([
      { id: 'a', weight: 0.333333 },
      { id: 'b', weight: 0.333333 },
      { id: 'c', weight: 0.333333 },
    ]);
  });
});

describe('blendPersonas: risk tolerance', () => {
  it('takes the most conservative and says whose it is', () => {
    const result = blendPersonas(
      [
        { persona: cost, weight: 0.9 },
        { persona: security, weight: 0.1 },
      ],
      { onConflict: 'weighted' },
    );
    expect(result.risk_tolerance).toBe('low');
    expect(result.risk_tolerance_from).toEqual(['security-first']);
  });

  it('names every persona at that level, by descending weight', () => {
    const result = blendPersonas([
      { persona: persona('a', { risk_tolerance: 'high' }), weight: 0.2 },
      { persona: persona('b', { risk_tolerance: 'medium' }), weight: 0.3 },
      { persona: persona('c', { risk_tolerance: 'medium' }), weight: 0.5 },
    ]);
    expect(result.risk_tolerance).toBe('medium');
    expect(result.risk_tolerance_from).toEqual(['c', 'b']);
  });

  it('high only when every persona is high', () => {
    const result = blendPersonas([
      { persona: persona('a', { risk_tolerance: 'high' }), weight: 0.5 },
      { persona: persona('b', { risk_tolerance: 'high' }), weight: 0.5 },
    ]);
    expect([result.risk_tolerance, result.risk_tolerance_from]).toEqual(['high', ['a', 'b']]);
  });
});

describe('blendPersonas: thresholds', () => {
  const blendThresholds = (...sets: Array<[string, number, Threshold[]]>) =>
    blendPersonas(sets.map(([id, weight, monitoring_thresholds]) => ({ persona: persona(id, { monitoring_thresholds }), weight }))).monitoring_thresholds;

  it('"too high": the lowest bound wins, with its action, severity and window', () => {
    expect(
      blendThresholds(
        ['a', 0.7, [threshold('error_rate', '>', 0.05, { severity: 'warning', action: 'alert', window: '10m' })]],
        ['b', 0.3, [threshold('error_rate', '>', 0.01, { severity: 'critical', action: 'rollback', window: '1m' })]],
      ),
    ).toEqual([{ metric: 'error_rate', operator: '>', value: 0.01, severity: 'critical', action: 'rollback', window: '1m', from: ['b'] }]);
  });

  it('"too low": the highest bound wins', () => {
    expect(
      blendThresholds(
        ['a', 0.5, [threshold('availability', '<', 0.99, { action: 'fail' })]],
        ['b', 0.3, [threshold('availability', '<', 0.995, { action: 'switch:safe' })]],
        ['c', 0.2, [threshold('availability', '<', 0.9)]],
      ),
    ).toEqual([{ metric: 'availability', operator: '<', value: 0.995, severity: 'critical', action: 'switch:safe', from: ['b'] }]);
  });

  it('on equal values the inclusive bound is stricter, either direction and order', () => {
    expect(blendThresholds(['a', 0.6, [threshold('p95', '>', 300, { action: 'fail' })]], ['b', 0.4, [threshold('p95', '>=', 300)]])).toEqual([
      { metric: 'p95', operator: '>=', value: 300, severity: 'critical', action: 'alert', from: ['b'] },
    ]);
    expect(blendThresholds(['a', 0.6, [threshold('p95', '>=', 300, { action: 'fail' })]], ['b', 0.4, [threshold('p95', '>', 300)]])).toEqual([
      { metric: 'p95', operator: '>=', value: 300, severity: 'critical', action: 'fail', from: ['a'] },
    ]);
    expect(blendThresholds(['a', 0.6, [threshold('free', '<', 10)]], ['b', 0.4, [threshold('free', '<=', 10, { severity: 'warning' })]])).toEqual([
      { metric: 'free', operator: '<=', value: 10, severity: 'warning', action: 'alert', from: ['b'] },
    ]);
  });

  it('an equal bound set by several personas names them all; the highest weight decides the action', () => {
    expect(
      blendThresholds(
        ['a', 0.2, [threshold('cpu', '>', 80, { action: 'fail', window: '10m' })]],
        ['b', 0.5, [threshold('cpu', '>', 80, { action: 'rollback', severity: 'warning' })]],
        ['c', 0.3, [threshold('cpu', '>', 90)]],
      ),
    ).toEqual([{ metric: 'cpu', operator: '>', value: 80, severity: 'warning', action: 'rollback', from: ['b', 'a'] }]);
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
});

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

describe('resolveBlend', () => {
  const yaml = [
    'personas:',
    '  - name: Security First',
    '    risk_tolerance: low',
    '    optimization_goals: [{metric: security, weight: 1}]',
    '  - name: Cost Optimization',
    '    risk_tolerance: high',
    '    optimization_goals: [{metric: cost, weight: 1}]',
    '  - name: Fast Lane',
  ].join('\n');
  const parsed = parsePersonaFile('personas.yml', yaml);
  const library = PersonaLibrary.build([{ label: 'test', ...parsed }]);

  it('parses, looks up and blends', () => {
    const result = resolveBlend(library, 'cost-optimization:1,security-first:3');
    expect(result.id).toBe('security-first:0.75,cost-optimization:0.25');
    expect(result.name).toBe('Security First + Cost Optimization');
    expect(result.optimization_goals).toEqual([
      { metric: 'security', weight: 0.75, from: ['security-first'] },
      { metric: 'cost', weight: 0.25, from: ['cost-optimization'] },
    ]);
    expect([result.risk_tolerance, result.risk_tolerance_from]).toEqual(['low', ['security-first']]);
  });

  it('fails on unknown ids with the closest known ones, every unknown id reported', () => {
    let caught: unknown;
    try {
      resolveBlend(library, 'securty-first+cost+nothing-like-it', {}, 'input "persona"');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).diagnostics.map((d) => d.message)).toEqual([
      'input "persona": unknown persona "securty-first" (did you mean "security-first"?)',
      'input "persona": unknown persona "cost" (did you mean "cost-optimization"?)',
      'input "persona": unknown persona "nothing-like-it" (known personas: cost-optimization, fast-lane, security-first)',
    ]);
  });

  it('reports a bad expression before looking anything up', () => {
    expect(failure(() => resolveBlend(library, 'security-first:0,fast-lane:1'))).toBe(
      'persona: weight of "security-first" must be greater than 0, got 0 in "security-first:0,fast-lane:1" (expected an id, "a+b" or "a:0.6,b:0.4")',
    );
  });

  it('lookupTerms asks the lookup only about known ids', () => {
    const asked: string[] = [];
    const lookup: PersonaLookup = {
      has: (id) => id === 'a',
      get: (id) => {
        asked.push(id);
        return persona(id);
      },
      unknownMessage: (id) => `no ${id}`,
    };
    expect(lookupTerms(lookup, [{ id: 'a', weight: 1 }])).toEqual([{ persona: persona('a'), weight: 1 }]);
    expect(failure(() => lookupTerms(lookup, [{ id: 'a', weight: 0.5 }, { id: 'b', weight: 0.5 }]))).toBe('persona: no b');
    expect(asked).toEqual(['a']);
  });
});
