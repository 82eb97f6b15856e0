import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';
import { planStage } from '../../src/planning/plan-stage.js';
import { catalog, goal, option, rule } from './fixtures.js';

const profiles = catalog(
  [
    option('slow', { level: 3 }, { time: 10, perf: 1 }),
    option('mid', { level: 2 }, { time: 5, perf: 0.6 }),
    option('quick', { level: 1 }, { time: 1, perf: 0.2 }),
  ],
  { name: 'build', parameter: 'profile', metrics: { time: 'lower', perf: 'higher' }, goals: { velocity: 'time' } },
);

describe('planStage: one option', () => {
  it('filters by the constraints, ranks the rest by the goals and chooses the best', () => {
    const e = planStage('build', profiles, { constraints: [rule('level', '<=', 2, 'cheap')], optimization_goals: [goal('perf', 1), goal('velocity', 0.2)] });
    expect(e.chosen).toEqual(['mid']);
    expect(e.ranking.map((r) => [r.id, r.score])).toEqual([
      ['mid', 0.8333],
      ['quick', 0.1667],
    ]);
    expect(e.rejected).toEqual([{ id: 'slow', constraint: { parameter: 'level', operator: '<=', value: 2 }, from: ['cheap'], reason: 'level 3 is not <= 2' }]);
    expect(e).toMatchObject({ stage: 'build', catalog: 'build', unscored_goals: [], violations: [] });
    expect(e.reasons).toBeUndefined();
  });

  it('ties go to the first in catalog order', () => {
    expect(planStage('build', profiles, { constraints: [], optimization_goals: [] }).chosen).toEqual(['slow']);
  });

  it('lists goals no option estimates as unscored', () => {
    expect(planStage('build', profiles, { constraints: [], optimization_goals: [goal('carbon', 1), goal('velocity', 1)] })).toMatchObject({
      chosen: ['quick'],
      unscored_goals: ['carbon'],
    });
  });

  it('chooses nothing and reports one violation naming the rejecting constraints when every option is rejected', () => {
    const e = planStage('build', profiles, {
      constraints: [rule('level', '>=', 3, 'fast'), rule('level', '<=', 1, 'slow'), rule('profile', '!=', 'quick', 'other')],
      optimization_goals: [goal('perf', 1)],
    });
    expect(e.chosen).toEqual([]);
    expect(e.ranking).toEqual([]);
    expect(e.violations).toEqual([
      {
        constraint: { parameter: 'level', operator: '>=', value: 3 },
        from: ['fast', 'slow'],
        message: "no build option satisfies the persona's constraints: level >= 3 (fast) rejects 2; level <= 1 (slow) rejects 1",
      },
    ]);
  });

  it('evaluates matches constraints with the given engine', () => {
    const e = planStage(
      'build',
      profiles,
      { constraints: [rule('profile', 'matches', '^(mid|quick)$')], optimization_goals: [goal('perf', 1)] },
      createPatternEngine(),
    );
    expect(e.chosen).toEqual(['mid']);
  });
});

const tiers = catalog(
  [
    option('smoke', { scan: false }, { time: 1, conf: 0.1 }),
    option('unit', { scan: false }, { time: 3, conf: 0.6 }),
    option('e2e', { scan: false }, { time: 20, conf: 1 }),
    option('audit', { scan: true }, { time: 8, conf: 0.3 }),
    option('fuzz', { scan: true }, { time: 30, conf: 0.4 }),
  ],
  { name: 'test', parameter: 'tiers', choice: 'set', metrics: { time: 'lower', conf: 'higher' } },
);

describe('planStage: a set', () => {
  it('chooses every candidate scoring 0.5 or more, in catalog order, each with its reason', () => {
    const e = planStage('test', tiers, { constraints: [], optimization_goals: [goal('conf', 1)] });
    expect(e.chosen).toEqual(['unit', 'e2e']);
    expect(e.reasons).toEqual({ unit: 'score 0.56 >= 0.5', e2e: 'score 1.00 >= 0.5' });
  });

  it('adds the items includes requires, and keeps in/excludes', () => {
    const e = planStage('test', tiers, {
      constraints: [rule('tiers', 'in', ['smoke', 'unit', 'audit'], 'a'), rule('tiers', 'includes', ['smoke'], 'b'), rule('tiers', 'excludes', ['unit'], 'c')],
      optimization_goals: [goal('conf', 1)],
    });
    expect(e.chosen).toEqual(['smoke', 'audit']);
    expect(e.reasons).toEqual({ smoke: 'required by tiers includes [smoke] (b)', audit: 'score 1.00 >= 0.5' });
    expect(e.rejected.map((r) => [r.id, r.from])).toEqual([
      ['unit', ['c']],
      ['e2e', ['a']],
      ['fuzz', ['a']],
    ]);
  });

  it('takes the best candidate when none scores 0.5', () => {
    const e = planStage('test', tiers, { constraints: [rule('tiers', 'in', ['smoke', 'unit'])], optimization_goals: [] });
    expect(e.chosen).toEqual(['smoke']);
    expect(e.reasons).toEqual({ smoke: 'the best-scoring option (score 0.00); none scored 0.5 or more' });
  });

  it('a boolean requirement adds the best-ranked allowed option with it, unless a chosen one has it', () => {
    const wantsScan = rule('scan', '=', true, 'sec');
    const added = planStage('test', tiers, { constraints: [wantsScan], optimization_goals: [goal('conf', 1)] });
    expect(added.chosen).toEqual(['unit', 'e2e', 'fuzz']);
    expect(added.reasons!.fuzz).toBe('needed by scan = true (sec): the best-scoring allowed option with scan true');
    const already = planStage('test', tiers, { constraints: [wantsScan, rule('tiers', 'includes', ['audit'], 'x')], optimization_goals: [goal('conf', 1)] });
    expect(already.chosen).toEqual(['unit', 'e2e', 'audit']);
    expect(already.violations).toEqual([]);
  });

  it('a boolean wanted false rejects the options that have it', () => {
    expect(planStage('test', tiers, { constraints: [rule('scan', '=', false)], optimization_goals: [goal('time', 1)] }).chosen).toEqual(['smoke', 'unit']);
  });

  it('reports a violation for a required item that is rejected or unknown, and for a boolean no allowed option has', () => {
    const e = planStage('test', tiers, {
      constraints: [rule('tiers', 'in', ['smoke', 'unit'], 'a'), rule('tiers', 'includes', ['unit', 'e2e', 'soak'], 'b'), rule('scan', '=', true, 'c')],
      optimization_goals: [goal('conf', 1)],
    });
    expect(e.chosen).toEqual(['unit']);
    expect(e.violations.map((v) => [v.message, v.from])).toEqual([
      ['e2e is required by tiers includes [unit, e2e, soak] (b) but rejected: tiers e2e is not in [smoke, unit] (a)', ['b']],
      ['soak is required by tiers includes [unit, e2e, soak] (b) but is not a test option', ['b']],
      ['no allowed test option has scan = true, which scan = true (c) requires', ['c']],
    ]);
    expect(e.violations[0]!.constraint).toEqual({ parameter: 'tiers', operator: 'includes', value: ['unit', 'e2e', 'soak'] });
  });

  it('chooses nothing, with a violation, when every option is rejected', () => {
    const e = planStage('test', tiers, { constraints: [rule('tiers', 'in', ['none'], 'z')], optimization_goals: [] });
    expect(e.chosen).toEqual([]);
    expect(e.violations.map((v) => v.message)).toEqual(["no test option satisfies the persona's constraints: tiers in [none] (z) rejects 5"]);
  });
});
