import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';
import { isSetRequirement, optionFilter, optionRejection } from '../../src/planning/option-constraints.js';
import { catalog, option, rule } from './fixtures.js';

const o2 = option('o2', { level: 2, lto: true, name: 'gamma' });
const c = catalog([o2, option('plain')]);
/** The reason `o2` is rejected for by `constraint`, or undefined. */
const why = (constraint: ReturnType<typeof rule>) => optionRejection(o2, c, [constraint], createPatternEngine())?.reason;

describe('optionRejection: scalar operators on an option parameter', () => {
  it.each([
    ['=', 2, undefined],
    ['=', 3, 'level 2 is not = 3'],
    ['!=', 3, undefined],
    ['!=', 2, 'level 2 is excluded by != 2'],
    ['<', 3, undefined],
    ['<', 2, 'level 2 is not < 2'],
    ['<=', 2, undefined],
    ['<=', 1, 'level 2 is not <= 1'],
    ['>', 1, undefined],
    ['>', 2, 'level 2 is not > 2'],
    ['>=', 2, undefined],
    ['>=', 3, 'level 2 is not >= 3'],
    ['in', [1, 2], undefined],
    ['in', [0, 1], 'level 2 is not in [0, 1]'],
    ['not_in', [0, 1], undefined],
    ['not_in', [2, 3], 'level 2 is excluded by not_in [2, 3]'],
    ['includes', [2], undefined],
    ['includes', [2, 3], 'level 2 does not hold every item of includes [2, 3]'],
    ['excludes', [1], undefined],
    ['excludes', [2], 'level 2 is excluded by excludes [2]'],
  ] as const)('level %s %j → %s', (operator, value, reason) => {
    expect(why(rule('level', operator, value as never))).toBe(reason);
  });

  it('compares by type: the string "2" is not the number 2', () => {
    expect(why(rule('level', '=', '2'))).toBe('level 2 is not = "2"');
    expect(why(rule('lto', 'in', ['true']))).toBe('lto true is not in ["true"]');
    expect(why(rule('lto', '=', true))).toBeUndefined();
  });

  it('a number comparison rejects a value that is not a number', () => {
    expect(why(rule('name', '<=', 5))).toBe('name gamma is not a number (<= 5)');
  });

  it('matches uses the linear-time engine, and without one is a plain Error (a bug of the caller)', () => {
    expect(why(rule('name', 'matches', '^g.m'))).toBeUndefined();
    expect(why(rule('name', 'matches', '^del'))).toBe('name gamma does not match /^del/');
    expect(() => optionRejection(o2, c, [rule('name', 'matches', 'x')])).toThrow(/no pattern engine/);
  });
});

describe('optionRejection: which constraints apply', () => {
  it("the catalog's parameter is the option's id", () => {
    expect(why(rule('profile', 'in', ['o1', 'o3']))).toBe('profile o2 is not in [o1, o3]');
    expect(why(rule('profile', '=', 'o2'))).toBeUndefined();
  });

  it('ignores parameters no option sets, and an option that does not set one another option sets', () => {
    expect(why(rule('replicas', '<=', 0))).toBeUndefined();
    expect(optionRejection(option('plain'), c, [rule('level', '>=', 9)])).toBeUndefined();
  });

  it('returns the first rejecting constraint in persona order, with its personas and without them in the constraint', () => {
    const rejected = optionRejection(o2, c, [rule('level', '<', 5, 'a'), rule('lto', '=', false, 'b'), rule('level', '>', 5, 'c')]);
    expect(rejected).toEqual({ id: 'o2', constraint: { parameter: 'lto', operator: '=', value: false }, from: ['b'], reason: 'lto true is not = false' });
  });

  it('quotes a value that is not a plain word, and a very long parameter name, cut', () => {
    const hostile = option('h', { ['p'.repeat(100)]: 'a b\n\u001b[2J' });
    const r = optionRejection(hostile, catalog([hostile]), [rule('p'.repeat(100), '=', 'x')]);
    expect(r!.reason).toBe(`${JSON.stringify('p'.repeat(59) + '…')} "a b\\n\\u001b[2J" is not = x`);
  });
});

describe('optionRejection: a set catalog', () => {
  const tiers = catalog([option('unit', { scan: false }), option('sec', { scan: true })], { parameter: 'tiers', choice: 'set' });
  const rejects = (constraint: ReturnType<typeof rule>) => tiers.options.filter((o) => optionRejection(o, tiers, [constraint])).map((o) => o.id);

  it('in keeps the listed items; not_in and excludes reject them; includes never rejects', () => {
    expect(rejects(rule('tiers', 'in', ['unit']))).toEqual(['sec']);
    expect(rejects(rule('tiers', 'not_in', ['unit']))).toEqual(['unit']);
    expect(rejects(rule('tiers', 'excludes', ['sec']))).toEqual(['sec']);
    expect(rejects(rule('tiers', 'includes', ['sec', 'unit', 'other']))).toEqual([]);
  });

  it('a boolean wanted true is a requirement on the set, not a filter; wanted false, it rejects', () => {
    expect(rejects(rule('scan', '=', true))).toEqual([]);
    expect(rejects(rule('scan', '!=', false))).toEqual([]);
    expect(rejects(rule('scan', '=', false))).toEqual(['sec']);
    expect(rejects(rule('scan', 'not_in', [true]))).toEqual(['sec']);
  });

  it('isSetRequirement names exactly those requirements', () => {
    expect(isSetRequirement(rule('tiers', 'includes', ['unit']), tiers)).toBe(true);
    expect(isSetRequirement(rule('scan', 'in', [true]), tiers)).toBe(true);
    expect(isSetRequirement(rule('scan', '=', false), tiers)).toBe(false);
    expect(isSetRequirement(rule('tiers', 'in', ['unit']), tiers)).toBe(false);
    expect(isSetRequirement(rule('scan', '=', true), { ...tiers, choice: 'one' })).toBe(false);
  });
});

describe('optionFilter', () => {
  it('filters many options with constraints compiled once (one pattern compile)', () => {
    let compiles = 0;
    const engine = createPatternEngine();
    const counting = { compile: (p: string) => (compiles++, engine.compile(p)) };
    const many = catalog(Array.from({ length: 500 }, (_, i) => option(`o${i}`, { name: `n${i}` })));
    const reject = optionFilter(many, [rule('name', 'matches', '^n[0-4]$')], counting);
    expect(many.options.filter((o) => !reject(o)).map((o) => o.id)).toEqual(['o0', 'o1', 'o2', 'o3', 'o4']);
    expect(compiles).toBe(1);
  });
});
