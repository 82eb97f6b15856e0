import {
  combineParameter,
  describeConstraint,
  describeConstraintBriefly,
  selfClashMessage,
  type SourcedConstraint,
} from '../../src/constraints/combine-constraints.js';
import type { Constraint, Scalar } from '../../src/persona/persona.js';
import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';

const engine = createPatternEngine();

const c = (operator: Constraint['operator'], value: Scalar | Scalar[], from: string, parameter = 'p'): SourcedConstraint => ({
  constraint: { parameter, operator, value },
  from,
});

const EMPTY_SET = 'no value is allowed by every "=", "in", bound, exclusion and pattern';

describe('describeConstraint', () => {
  it('renders every operator', () => {
    expect(describeConstraint({ parameter: 'replicas', operator: '>=', value: 3 })).toBe('replicas >= 3');
    expect(describeConstraint({ parameter: 'type', operator: 'in', value: ['t3.small', 't3.medium'] })).toBe('type in [t3.small, t3.medium]');
    expect(describeConstraint({ parameter: 'type', operator: 'not_in', value: [1, true] })).toBe('type not_in [1, true]');
    expect(describeConstraint({ parameter: 'branch', operator: 'matches', value: '^release-' })).toBe('branch matches /^release-/');
    expect(describeConstraint({ parameter: 'tier', operator: '=', value: 'gold' })).toBe('tier = gold');
    expect(describeConstraint({ parameter: 'debug', operator: '!=', value: false })).toBe('debug != false');
  });
});

describe('describeConstraintBriefly (messages)', () => {
  it('shows plain values as written, like describeConstraint', () => {
    expect(describeConstraintBriefly({ parameter: 'type', operator: 'in', value: ['t3.small', 't3.medium'] })).toBe('type in [t3.small, t3.medium]');
    expect(describeConstraintBriefly({ parameter: 'branch', operator: 'matches', value: '^release/' })).toBe('branch matches /^release//');
  });

  it('quotes other strings, cuts long values and patterns, and lists at most 10 items', () => {
    expect(describeConstraintBriefly({ parameter: 'tier', operator: '=', value: 'a b' })).toBe('tier = "a b"');
    expect(describeConstraintBriefly({ parameter: 'tier', operator: '=', value: 'x'.repeat(500) })).toBe(`tier = "${'x'.repeat(59)}…"`);
    expect(describeConstraintBriefly({ parameter: 'b', operator: 'matches', value: 'y'.repeat(500) })).toBe(`b matches /${'y'.repeat(59)}…/`);
    expect(describeConstraintBriefly({ parameter: 'p'.repeat(100), operator: '=', value: 1 })).toBe(`"${'p'.repeat(59)}…" = 1`);
    const many = Array.from({ length: 25 }, (_, i) => i);
    expect(describeConstraintBriefly({ parameter: 'n', operator: 'in', value: many })).toBe('n in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (15 more)]');
  });

  it('keeps self-clash messages short whatever the values', () => {
    const message = selfClashMessage('a', 'q'.repeat(1000), [{ parameter: 'q'.repeat(1000), operator: 'in', value: ['z'.repeat(1000)] }], 'why');
    expect(message.length).toBeLessThan(300);
    expect(message).not.toContain('q'.repeat(61));
  });
});

describe('combineParameter', () => {
  describe('a lone constraint passes through unchanged', () => {
    it.each<[Constraint['operator'], Scalar | Scalar[]]>([
      ['=', 'gold'],
      ['!=', 3],
      ['<', 10],
      ['<=', 10],
      ['>', 1],
      ['>=', 1],
      ['in', ['a']],
      ['not_in', ['a', 'b']],
      ['matches', '^x'],
    ])('%s', (operator, value) => {
      expect(combineParameter([c(operator, value, 'a')])).toEqual({ items: [{ parameter: 'p', operator, value, from: ['a'] }] });
    });
  });

  describe('numeric bounds', () => {
    it('keeps the tightest lower and upper bound with their persona', () => {
      expect(combineParameter([c('>=', 2, 'a'), c('>', 3, 'b'), c('<=', 10, 'a'), c('<', 8, 'b'), c('<=', 9, 'c')])).toEqual({
        items: [
          { parameter: 'p', operator: '>', value: 3, from: ['b'] },
          { parameter: 'p', operator: '<', value: 8, from: ['b'] },
        ],
      });
    });

    it('prefers the higher lower bound whatever the order', () => {
      expect(combineParameter([c('>=', 5, 'a'), c('>=', 2, 'b')]).items).toEqual([{ parameter: 'p', operator: '>=', value: 5, from: ['a'] }]);
      expect(combineParameter([c('>=', 2, 'a'), c('>=', 5, 'b')]).items).toEqual([{ parameter: 'p', operator: '>=', value: 5, from: ['b'] }]);
    });

    it('on a tie, the strict bound is tighter than the inclusive one, in either order', () => {
      expect(combineParameter([c('>=', 3, 'a'), c('>', 3, 'b')]).items).toEqual([{ parameter: 'p', operator: '>', value: 3, from: ['b'] }]);
      expect(combineParameter([c('>', 3, 'a'), c('>=', 3, 'b')]).items).toEqual([{ parameter: 'p', operator: '>', value: 3, from: ['a'] }]);
      expect(combineParameter([c('<=', 5, 'a'), c('<', 5, 'b')]).items).toEqual([{ parameter: 'p', operator: '<', value: 5, from: ['b'] }]);
      expect(combineParameter([c('<', 5, 'a'), c('<=', 5, 'b')]).items).toEqual([{ parameter: 'p', operator: '<', value: 5, from: ['a'] }]);
    });

    it('the same bound from several personas names them all', () => {
      expect(combineParameter([c('>=', 3, 'a'), c('>=', 3, 'b'), c('>=', 1, 'c')]).items).toEqual([
        { parameter: 'p', operator: '>=', value: 3, from: ['a', 'b'] },
      ]);
    });

    it('an empty interval is unsatisfiable', () => {
      expect(combineParameter([c('>=', 5, 'a'), c('<=', 3, 'b')])).toEqual({
        items: [
          { parameter: 'p', operator: '>=', value: 5, from: ['a'] },
          { parameter: 'p', operator: '<=', value: 3, from: ['b'] },
        ],
        unsatisfiable: 'no value is both >= 5 and <= 3',
      });
    });

    it('equal bounds hold only when both are inclusive', () => {
      expect(combineParameter([c('>=', 5, 'a'), c('<=', 5, 'b')])).toEqual({
        items: [
          { parameter: 'p', operator: '>=', value: 5, from: ['a'] },
          { parameter: 'p', operator: '<=', value: 5, from: ['b'] },
        ],
      });
      expect(combineParameter([c('>=', 5, 'a'), c('<', 5, 'b')]).unsatisfiable).toBe('no value is both >= 5 and < 5');
      expect(combineParameter([c('>', 5, 'a'), c('<=', 5, 'b')]).unsatisfiable).toBe('no value is both > 5 and <= 5');
      expect(combineParameter([c('>', 5, 'a'), c('<', 5, 'b')]).unsatisfiable).toBe('no value is both > 5 and < 5');
    });

    it('an exclusion of the only value left by equal bounds is unsatisfiable', () => {
      expect(combineParameter([c('>=', 5, 'a'), c('<=', 5, 'b'), c('!=', 5, 'c')])).toEqual({
        items: [
          { parameter: 'p', operator: '>=', value: 5, from: ['a'] },
          { parameter: 'p', operator: '<=', value: 5, from: ['b'] },
          { parameter: 'p', operator: '!=', value: 5, from: ['c'] },
        ],
        unsatisfiable: 'the only value allowed, 5, is excluded',
      });
      expect(combineParameter([c('>=', 5, 'a'), c('<=', 5, 'b'), c('not_in', [4, 6], 'c')]).unsatisfiable).toBeUndefined();
      expect(combineParameter([c('>=', 5, 'a'), c('<=', 5, 'b'), c('!=', '5', 'c')]).unsatisfiable).toBeUndefined();
    });
  });

  describe('= and in', () => {
    it('intersects in-sets; one value left becomes "="', () => {
      expect(combineParameter([c('in', ['a', 'b'], 'x'), c('in', ['b', 'c'], 'y')])).toEqual({
        items: [{ parameter: 'p', operator: '=', value: 'b', from: ['x', 'y'] }],
      });
    });

    it('several values left stay "in", in the first set\'s order', () => {
      expect(combineParameter([c('in', ['d', 'c', 'b', 'a'], 'x'), c('in', ['a', 'b', 'c', 'z'], 'y')])).toEqual({
        items: [{ parameter: 'p', operator: 'in', value: ['c', 'b', 'a'], from: ['x', 'y'] }],
      });
    });

    it('"=" intersected with "in" is "="', () => {
      expect(combineParameter([c('=', 'b', 'x'), c('in', ['b', 'c'], 'y')])).toEqual({
        items: [{ parameter: 'p', operator: '=', value: 'b', from: ['x', 'y'] }],
      });
      expect(combineParameter([c('=', 'x', 'a'), c('=', 'x', 'b')]).items).toEqual([{ parameter: 'p', operator: '=', value: 'x', from: ['a', 'b'] }]);
    });

    it('compares by type: 1 and "1" differ', () => {
      expect(combineParameter([c('=', 1, 'a'), c('in', ['1', 1], 'b')]).items).toEqual([{ parameter: 'p', operator: '=', value: 1, from: ['a', 'b'] }]);
      expect(combineParameter([c('=', 1, 'a'), c('=', '1', 'b')]).unsatisfiable).toBe(EMPTY_SET);
      expect(combineParameter([c('=', true, 'a'), c('in', [true, false], 'b')]).items).toEqual([
        { parameter: 'p', operator: '=', value: true, from: ['a', 'b'] },
      ]);
    });

    it('an empty intersection is unsatisfiable', () => {
      expect(combineParameter([c('in', ['a'], 'x'), c('in', ['b'], 'y')])).toEqual({
        items: [{ parameter: 'p', operator: 'in', value: [], from: ['x', 'y'] }],
        unsatisfiable: EMPTY_SET,
      });
      expect(combineParameter([c('=', 'x', 'a'), c('=', 'y', 'b')]).unsatisfiable).toBe(EMPTY_SET);
    });
  });

  describe('!= and not_in', () => {
    it('one excluded value is "!=", naming every persona that excludes it', () => {
      expect(combineParameter([c('!=', 'x', 'a'), c('!=', 'x', 'b')])).toEqual({ items: [{ parameter: 'p', operator: '!=', value: 'x', from: ['a', 'b'] }] });
      expect(combineParameter([c('not_in', ['x'], 'a'), c('!=', 'x', 'b')]).items).toEqual([{ parameter: 'p', operator: '!=', value: 'x', from: ['a', 'b'] }]);
    });

    it('several excluded values unite into "not_in", without repeats', () => {
      expect(combineParameter([c('!=', 'x', 'a'), c('not_in', ['y', 'x'], 'b'), c('not_in', [3, 'z'], 'c')])).toEqual({
        items: [{ parameter: 'p', operator: 'not_in', value: ['x', 'y', 3, 'z'], from: ['a', 'b', 'c'] }],
      });
    });

    it('excluding the only allowed value is unsatisfiable', () => {
      expect(combineParameter([c('=', 'x', 'a'), c('!=', 'x', 'b')])).toEqual({
        items: [
          { parameter: 'p', operator: 'in', value: [], from: ['a'] },
          { parameter: 'p', operator: '!=', value: 'x', from: ['b'] },
        ],
        unsatisfiable: EMPTY_SET,
      });
      expect(combineParameter([c('in', ['x', 'y'], 'a'), c('not_in', ['y', 'x'], 'b')]).unsatisfiable).toBe(EMPTY_SET);
    });

    it('exclusions remove candidates from "in"', () => {
      expect(combineParameter([c('in', ['x', 'y'], 'a'), c('not_in', ['x'], 'b')])).toEqual({
        items: [
          { parameter: 'p', operator: '=', value: 'y', from: ['a'] },
          { parameter: 'p', operator: '!=', value: 'x', from: ['b'] },
        ],
      });
    });
  });

  describe('matches', () => {
    it('keeps every distinct pattern, merging provenance of repeats', () => {
      expect(combineParameter([c('matches', '^rel', 'a'), c('matches', '^rel', 'b'), c('matches', '-x$', 'b')])).toEqual({
        items: [
          { parameter: 'p', operator: 'matches', value: '^rel', from: ['a', 'b'] },
          { parameter: 'p', operator: 'matches', value: '-x$', from: ['b'] },
        ],
      });
    });

    it('every pattern applies to the in-candidates', () => {
      expect(
        combineParameter([c('in', ['release-x', 'release-y', 'main-x', 'release-x2'], 'a'), c('matches', '^release', 'b'), c('matches', '-x$', 'c')], engine),
      ).toEqual({
        items: [
          { parameter: 'p', operator: '=', value: 'release-x', from: ['a'] },
          { parameter: 'p', operator: 'matches', value: '^release', from: ['b'] },
          { parameter: 'p', operator: 'matches', value: '-x$', from: ['c'] },
        ],
      });
    });

    it('a pattern no candidate matches is unsatisfiable', () => {
      expect(combineParameter([c('in', ['main'], 'a'), c('matches', '^release', 'b')], engine).unsatisfiable).toBe(EMPTY_SET);
    });

    it('patterns test numbers by their text', () => {
      expect(combineParameter([c('in', [10, 20, 25], 'a'), c('matches', '5$', 'b')], engine).items[0]).toEqual({
        parameter: 'p',
        operator: '=',
        value: 25,
        from: ['a'],
      });
    });

    it('runs patterns in linear time: a catastrophic-backtracking pattern against a long candidate returns at once', () => {
      const start = performance.now();
      const result = combineParameter([c('in', [`${'a'.repeat(30_000)}!`, 'aaa'], 'a'), c('matches', '^(a+)+$', 'b')], engine);
      expect(performance.now() - start).toBeLessThan(1000);
      expect(result.items[0]).toEqual({ parameter: 'p', operator: '=', value: 'aaa', from: ['a'] });
    });

    it('searches the value unless anchored, like the README documents', () => {
      expect(combineParameter([c('in', ['pre-release-1', 'main'], 'a'), c('matches', 'release', 'b')], engine).items[0]!.value).toBe('pre-release-1');
      expect(combineParameter([c('in', ['pre-release-1', 'main'], 'a'), c('matches', '^release', 'b')], engine).unsatisfiable).toBe(EMPTY_SET);
    });

    it('without an engine, filtering a set by a pattern is a bug (a plain Error), not a user error', () => {
      let thrown: unknown;
      try {
        combineParameter([c('in', ['main'], 'a'), c('matches', '^m', 'b')]);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).name).toBe('Error');
      expect((thrown as Error).message).toMatch(/no pattern engine was given/);
    });

    it('needs no engine when no set is filtered', () => {
      expect(combineParameter([c('matches', '^a', 'a'), c('!=', 'b', 'b')]).unsatisfiable).toBeUndefined();
    });
  });

  describe('bounds filter in-candidates', () => {
    it('keeps the numbers inside the interval, and the bounds', () => {
      expect(combineParameter([c('in', [1, 2, 5, 9], 'a'), c('>=', 2, 'b'), c('<', 9, 'b')])).toEqual({
        items: [
          { parameter: 'p', operator: '>=', value: 2, from: ['b'] },
          { parameter: 'p', operator: '<', value: 9, from: ['b'] },
          { parameter: 'p', operator: 'in', value: [2, 5], from: ['a'] },
        ],
      });
    });

    it('strict bounds exclude their own value', () => {
      expect(combineParameter([c('in', [2, 5, 9], 'a'), c('>', 2, 'b'), c('<=', 9, 'c')]).items[2]).toEqual({
        parameter: 'p',
        operator: 'in',
        value: [5, 9],
        from: ['a'],
      });
    });

    it('strings never satisfy a numeric bound', () => {
      expect(combineParameter([c('in', [1, '2'], 'a'), c('>=', 0, 'b')]).items).toEqual([
        { parameter: 'p', operator: '>=', value: 0, from: ['b'] },
        { parameter: 'p', operator: '=', value: 1, from: ['a'] },
      ]);
      expect(combineParameter([c('in', ['1', 'a'], 'a'), c('>=', 0, 'b')]).unsatisfiable).toBe(EMPTY_SET);
      expect(combineParameter([c('=', '5', 'a'), c('<=', 10, 'b')]).unsatisfiable).toBe(EMPTY_SET);
    });

    it('an empty interval is reported before an empty set', () => {
      expect(combineParameter([c('in', [1], 'a'), c('>', 5, 'b'), c('<', 2, 'c')]).unsatisfiable).toBe('no value is both > 5 and < 2');
    });
  });

  it('combines every operator at once, in a fixed order', () => {
    const result = combineParameter(
      [c('matches', '^[0-9]+$', 'd'), c('not_in', [4], 'c'), c('in', [2, 3, 4, 6, 8], 'a'), c('<=', 6, 'b'), c('=', 3, 'e'), c('!=', 8, 'a'), c('>', 1, 'c')],
      engine,
    );
    expect(result).toEqual({
      items: [
        { parameter: 'p', operator: '>', value: 1, from: ['c'] },
        { parameter: 'p', operator: '<=', value: 6, from: ['b'] },
        { parameter: 'p', operator: '=', value: 3, from: ['a', 'e'] },
        { parameter: 'p', operator: 'not_in', value: [4, 8], from: ['c', 'a'] },
        { parameter: 'p', operator: 'matches', value: '^[0-9]+$', from: ['d'] },
      ],
    });
  });
});
