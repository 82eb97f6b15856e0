import { inherit, writtenIn } from '../../src/library/inherit.js';
import type { Persona, PersonaDefinition } from '../../src/persona/persona.js';

const def = (id: string, fields: Partial<PersonaDefinition> = {}): PersonaDefinition => ({
  id,
  name: id,
  constraints: [],
  optimization_goals: [],
  monitoring_thresholds: [],
  ...fields,
});

describe('inherit', () => {
  const parent: Persona = {
    ...def('parent'),
    risk_tolerance: 'low',
    description: 'Parent',
    constraints: [
      { parameter: 'branch', operator: 'matches', value: '^main$' },
      { parameter: 'replicas', operator: '>=', value: 2 },
      { parameter: 'branch', operator: 'matches', value: '^release/' },
    ],
  };

  it('replaces every parent item of a key with all the child items of that key, at the first place', () => {
    const child = def('child', {
      constraints: [
        { parameter: 'branch', operator: 'matches', value: '^feat/' },
        { parameter: 'branch', operator: 'matches', value: '^fix/' },
        { parameter: 'region', operator: '=', value: 'eu' },
      ],
    });
    expect(inherit(child, parent).constraints).toEqual([
      { parameter: 'branch', operator: 'matches', value: '^feat/' },
      { parameter: 'branch', operator: 'matches', value: '^fix/' },
      { parameter: 'replicas', operator: '>=', value: 2 },
      { parameter: 'region', operator: '=', value: 'eu' },
    ]);
  });

  it('keeps several new child items of one key', () => {
    const child = def('child', {
      constraints: [
        { parameter: 'tag', operator: 'matches', value: '^v' },
        { parameter: 'tag', operator: 'matches', value: '\\d$' },
      ],
    });
    expect(inherit(child, parent).constraints.filter((c) => c.parameter === 'tag')).toHaveLength(2);
  });

  it('inherits risk tolerance and description unless set; defaults risk to medium at the root', () => {
    expect(inherit(def('child'), parent)).toMatchObject({ risk_tolerance: 'low', description: 'Parent' });
    expect(inherit(def('child', { risk_tolerance: 'high', description: 'Child' }), parent)).toMatchObject({ risk_tolerance: 'high', description: 'Child' });
    expect(inherit(def('root'), undefined).risk_tolerance).toBe('medium');
  });
});

describe('writtenIn', () => {
  it('names the persona of the chain that wrote each item and the risk tolerance', () => {
    const root = def('root', {
      risk_tolerance: 'low',
      constraints: [{ parameter: 'replicas', operator: '>=', value: 2 }],
      optimization_goals: [{ metric: 'cost', weight: 1 }],
      monitoring_thresholds: [{ metric: 'error_rate', operator: '>', value: 0.05, severity: 'critical', action: 'rollback' }],
    });
    const middle = def('middle', { extends: 'root', optimization_goals: [{ metric: 'cost', weight: 0.5 }] });
    const leaf = def('leaf', { extends: 'middle', constraints: [{ parameter: 'region', operator: '=', value: 'eu' }] });
    const persona = inherit(leaf, inherit(middle, inherit(root, undefined)));
    expect(writtenIn(persona, [leaf, middle, root])).toEqual({
      risk_tolerance: 'root',
      constraints: ['root', 'leaf'],
      optimization_goals: ['middle'],
      monitoring_thresholds: ['root'],
    });
  });

  it('attributes a default risk tolerance to the root', () => {
    const a = def('a');
    const b = def('b', { extends: 'a' });
    expect(writtenIn(inherit(b, inherit(a, undefined)), [b, a]).risk_tolerance).toBe('a');
  });
});
