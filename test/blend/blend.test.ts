import { blendPersonas, lookupTerms, resolveBlend, type PersonaLookup } from '../../src/blend/blend.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { cost, failure, persona, security } from './fixtures.js';

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
    const a = persona('a', {
      optimization_goals: [
        { metric: 'speed', weight: 0.5 },
        { metric: 'cost', weight: 0.5 },
      ],
    });
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
    expect(
      failure(() =>
        lookupTerms(lookup, [
          { id: 'a', weight: 0.5 },
          { id: 'b', weight: 0.5 },
        ]),
      ),
    ).toBe('persona: no b');
    expect(asked).toEqual(['a']);
  });
});
