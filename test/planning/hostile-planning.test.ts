// Hostile catalogs and personas reach planning after the parser's checks
// (finite numbers, no prototype keys, bounded sizes); planning must still
// stay correct and bounded with names that look like Object.prototype's,
// huge lists and patterns that backtrack on other engines.
import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';
import { planStage } from '../../src/planning/plan-stage.js';
import { planMarkdown, planText } from '../../src/report/plan-markdown.js';
import { catalog, goal, option, rule } from './fixtures.js';

describe('planning with hostile names and sizes', () => {
  it("option ids and metrics named like Object.prototype's members are plain data", () => {
    const tiers = catalog([option('__proto__', { scan: true }, { toString: 2 }), option('constructor', {}, { toString: 1 })], {
      parameter: 'tiers',
      choice: 'set',
      metrics: { toString: 'lower' as const },
    });
    const e = planStage('test', tiers, {
      constraints: [rule('scan', '=', true), rule('tiers', 'includes', ['constructor'])],
      optimization_goals: [goal('toString', 1), goal('valueOf', 1)],
    });
    expect(e.chosen).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(e.reasons)).toBe(Object.prototype);
    expect(Object.keys(e.reasons!)).toEqual(['__proto__', 'constructor']);
    expect(e.unscored_goals).toEqual(['valueOf']);
    expect(({} as Record<string, unknown>).scan).toBeUndefined();
  });

  it('a goal or constraint on a prototype member name that no option sets is ignored', () => {
    const c = catalog([option('a', { n: 1 }, { v: 1 })]);
    const e = planStage('build', c, { constraints: [rule('hasOwnProperty', '=', 1), rule('__proto__', '<', 0)], optimization_goals: [goal('constructor', 1)] });
    expect(e).toMatchObject({ chosen: ['a'], rejected: [], unscored_goals: ['constructor'] });
  });

  it('10,000 unknown required items make one violation naming ten of them', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `t${i}`);
    const e = planStage('test', catalog([option('unit')], { parameter: 'tiers', choice: 'set' }), {
      constraints: [rule('tiers', 'includes', items, 'x')],
      optimization_goals: [],
    });
    expect(e.violations).toHaveLength(1);
    expect(e.violations[0]!.message).toBe(
      't0, t1, t2, t3, t4, t5, t6, t7, t8, t9, … (9990 more) are required by tiers includes [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, … (9990 more)] (x) but are not c options',
    );
  });

  it('thousands of violations and rejections are cut in the summary and the log', () => {
    const many = catalog(
      Array.from({ length: 3000 }, (_, i) => option(`o${i}`, { n: i })),
      { parameter: 'tiers', choice: 'set' },
    );
    const required = many.options.map((o) => o.id);
    const e = planStage('test', many, { constraints: [rule('n', '<', 0, 'a'), rule('tiers', 'includes', required, 'b')], optimization_goals: [] });
    expect(e.violations).toHaveLength(3001);
    const md = planMarkdown(e);
    expect(md.length).toBeLessThan(40_000);
    expect(md).toContain('_… and 2976 more_');
    expect(planText(e).split('\n')).toHaveLength(1 + 11 + 11);
  });

  it('a pattern that backtracks exponentially elsewhere runs on the linear-time engine', () => {
    const value = `${'a'.repeat(5000)}!`;
    const c = catalog([option('x', { name: value }), option('y', { name: 'aaa' })]);
    const e = planStage('build', c, { constraints: [rule('name', 'matches', '^(a+)+$')], optimization_goals: [] }, createPatternEngine());
    expect(e.chosen).toEqual(['y']);
    expect(e.rejected[0]!.reason).toMatch(/^name "a{59}…" does not match \/\^\(a\+\)\+\$\/$/);
  });
});
