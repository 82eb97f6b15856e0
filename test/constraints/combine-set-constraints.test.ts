import { combineParameter, describeConstraint, describeConstraintBriefly, type SourcedConstraint } from '../../src/constraints/combine-constraints.js';
import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';
import type { Constraint, Scalar } from '../../src/persona/persona.js';
import { isSetValued, SET_VALUED_PARAMETERS } from '../../src/persona/set-parameters.js';

const engine = createPatternEngine();

/** A constraint on `test_tiers` (or `parameter`) written by `from`. */
const t = (operator: Constraint['operator'], value: Scalar | Scalar[], from: string, parameter = 'test_tiers'): SourcedConstraint => ({
  constraint: { parameter, operator, value },
  from,
});

describe('set-valued parameters', () => {
  it('test_tiers is set-valued, and so is any parameter with "includes" or "excludes"', () => {
    expect(SET_VALUED_PARAMETERS).toContain('test_tiers');
    expect(isSetValued('test_tiers', [])).toBe(true);
    expect(isSetValued('scanners', [{ parameter: 'scanners', operator: 'excludes', value: ['x'] }])).toBe(true);
    expect(isSetValued('region', [{ parameter: 'region', operator: 'in', value: ['eu'] }])).toBe(false);
  });

  it('reads the new operators as written', () => {
    expect(describeConstraint({ parameter: 'test_tiers', operator: 'includes', value: ['unit', 'security'] })).toBe('test_tiers includes [unit, security]');
    expect(describeConstraintBriefly({ parameter: 'test_tiers', operator: 'excludes', value: ['e2e'] })).toBe('test_tiers excludes [e2e]');
  });
});

describe('combineParameter: includes and excludes', () => {
  it('a lone includes passes through unchanged', () => {
    expect(combineParameter([t('includes', ['unit', 'security'], 'sec')])).toEqual({
      items: [{ parameter: 'test_tiers', operator: 'includes', value: ['unit', 'security'], from: ['sec'] }],
    });
  });

  it('unites includes items and excludes items, each item once, with every persona that wrote one in from, in persona order', () => {
    const result = combineParameter([
      t('includes', ['unit', 'security'], 'sec'),
      t('includes', ['unit', 'e2e'], 'stab'),
      t('excludes', ['performance'], 'cheap'),
      t('excludes', ['smoke', 'performance'], 'stab'),
    ]);
    expect(result.unsatisfiable).toBeUndefined();
    expect(result.items).toEqual([
      { parameter: 'test_tiers', operator: 'includes', value: ['unit', 'security', 'e2e'], from: ['sec', 'stab'] },
      { parameter: 'test_tiers', operator: 'excludes', value: ['performance', 'smoke'], from: ['stab', 'cheap'] },
    ]);
  });

  it('intersects in sets as before, next to the united requirements', () => {
    const result = combineParameter([
      t('in', ['unit', 'integration', 'security', 'e2e'], 'sec'),
      t('includes', ['unit', 'security'], 'sec'),
      t('in', ['unit', 'integration', 'security'], 'bal'),
    ]);
    expect(result).toEqual({
      items: [
        { parameter: 'test_tiers', operator: 'in', value: ['unit', 'integration', 'security'], from: ['sec', 'bal'] },
        { parameter: 'test_tiers', operator: 'includes', value: ['unit', 'security'], from: ['sec'] },
      ],
    });
  });

  it('excludes filters the in set like not_in, and is kept beside it', () => {
    const result = combineParameter([t('in', ['unit', 'integration', 'e2e'], 'a'), t('excludes', ['e2e'], 'b')]);
    expect(result.items).toEqual([
      { parameter: 'test_tiers', operator: 'in', value: ['unit', 'integration'], from: ['a'] },
      { parameter: 'test_tiers', operator: 'excludes', value: ['e2e'], from: ['b'] },
    ]);
  });

  describe('keeps the set form', () => {
    it('test_tiers narrowed to one tier stays "in [unit]", never "= unit"', () => {
      const result = combineParameter([t('in', ['unit', 'smoke'], 'fast'), t('in', ['unit', 'integration'], 'cheap')]);
      expect(result.items).toEqual([{ parameter: 'test_tiers', operator: 'in', value: ['unit'], from: ['fast', 'cheap'] }]);
    });

    it('a parameter with an includes or excludes keeps "in" and "not_in" too', () => {
      const result = combineParameter([
        t('in', ['a', 'b'], 'x', 'scanners'),
        t('in', ['a', 'c'], 'y', 'scanners'),
        t('!=', 'z', 'y', 'scanners'),
        t('includes', ['a'], 'x', 'scanners'),
      ]);
      expect(result.items.map(describeConstraint)).toEqual(['scanners in [a]', 'scanners includes [a]', 'scanners not_in [z]']);
    });

    it('any other parameter still narrows one value to "=" and one exclusion to "!="', () => {
      const result = combineParameter([t('in', ['a', 'b'], 'x', 'region'), t('in', ['a', 'c'], 'y', 'region'), t('!=', 'z', 'y', 'region')]);
      expect(result.items.map(describeConstraint)).toEqual(['region = a', 'region != z']);
    });
  });

  describe('a required item that is not allowed makes the parameter unsatisfiable', () => {
    it('outside the intersected in set (security-first against cost-optimization)', () => {
      const result = combineParameter([
        t('in', ['unit', 'integration', 'security', 'e2e'], 'security-first'),
        t('includes', ['unit', 'security'], 'security-first'),
        t('in', ['unit', 'integration'], 'cost-optimization'),
      ]);
      expect(result.unsatisfiable).toBe('security is required by "includes" but not allowed: the values allowed are [unit, integration]');
      expect(result.items.map(describeConstraint)).toEqual(['test_tiers in [unit, integration]', 'test_tiers includes [unit, security]']);
    });

    it('listed by excludes', () => {
      const result = combineParameter([t('includes', ['unit', 'e2e'], 'stab'), t('excludes', ['e2e'], 'fast')]);
      expect(result.unsatisfiable).toBe('e2e is required by "includes" but excluded by "excludes"');
    });

    it('listed by not_in', () => {
      expect(combineParameter([t('includes', ['security'], 'a'), t('not_in', ['security', 'e2e'], 'b')]).unsatisfiable).toBe(
        'security is required by "includes" but excluded by "!=" or "not_in"',
      );
    });

    it('excluded by !=', () => {
      expect(combineParameter([t('includes', [3], 'a', 'ports'), t('!=', 3, 'b', 'ports')]).unsatisfiable).toBe(
        '3 is required by "includes" but excluded by "!=" or "not_in"',
      );
    });

    it('an includes item and an in item are compared by type: "1" is not 1', () => {
      expect(combineParameter([t('in', [1, 2], 'a'), t('includes', ['1'], 'b')]).unsatisfiable).toBe(
        '"1" is required by "includes" but not allowed: the values allowed are [1, 2]',
      );
    });

    it('filtered out of the in set by a pattern (on the engine)', () => {
      const result = combineParameter([t('in', ['unit', 'e2e'], 'a'), t('matches', '^u', 'b'), t('includes', ['e2e'], 'c')], engine);
      expect(result.unsatisfiable).toBe('e2e is required by "includes" but not allowed: the values allowed are [unit]');
    });

    it('a persona requiring what it excludes clashes with itself', () => {
      expect(combineParameter([t('includes', ['unit'], 'odd'), t('excludes', ['unit'], 'odd')]).unsatisfiable).toBe(
        'unit is required by "includes" but excluded by "excludes"',
      );
    });
  });

  it('requirements inside the allowed set hold, whatever their order (stability within balanced)', () => {
    const result = combineParameter([
      t('in', ['unit', 'integration', 'e2e', 'performance'], 'stability'),
      t('includes', ['unit', 'integration', 'e2e'], 'stability'),
      t('in', ['unit', 'integration', 'e2e'], 'balanced'),
    ]);
    expect(result.unsatisfiable).toBeUndefined();
    expect(result.items.map(describeConstraint)).toEqual(['test_tiers in [unit, integration, e2e]', 'test_tiers includes [unit, integration, e2e]']);
  });

  it('stays fast with 10,000-item lists on both sides', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `tier-${i}`);
    const started = performance.now();
    const result = combineParameter([t('in', items, 'a'), t('includes', items, 'b'), t('excludes', ['other'], 'c'), t('in', [...items].reverse(), 'd')]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.unsatisfiable).toBeUndefined();
    expect(result.items.map((i) => [i.operator, (i.value as Scalar[]).length])).toEqual([
      ['in', 10_000],
      ['includes', 10_000],
      ['excludes', 1],
    ]);
  });
});
