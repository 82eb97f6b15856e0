import { goalMetric, rankOptions } from '../../src/planning/score-options.js';
import { catalog, goal, option } from './fixtures.js';

const scores = (result: ReturnType<typeof rankOptions>) => result.ranking.map((r) => [r.id, r.score]);

describe('rankOptions', () => {
  const options = [option('a', {}, { cost: 10, speed: 1 }), option('b', {}, { cost: 20, speed: 3 }), option('c', {}, { cost: 30, speed: 2 })];
  const c = catalog(options, { metrics: { cost: 'lower', speed: 'higher' } });

  it('normalises each metric across the candidates, min→0 and max→1, flipped for a lower-is-better metric', () => {
    expect(scores(rankOptions(options, c, [goal('cost', 1)]))).toEqual([
      ['a', 1],
      ['b', 0.5],
      ['c', 0],
    ]);
    expect(scores(rankOptions(options, c, [goal('speed', 1)]))).toEqual([
      ['b', 1],
      ['c', 0.5],
      ['a', 0],
    ]);
  });

  it('scores the weighted mean of the normalised values, with each contribution listed', () => {
    const { ranking } = rankOptions(options, c, [goal('cost', 0.25), goal('speed', 0.75)]);
    expect(scores({ ranking, unscored: [] })).toEqual([
      ['b', 0.875],
      ['c', 0.375],
      ['a', 0.25],
    ]);
    expect(ranking[0]!.contributions).toEqual([
      { goal: 'cost', metric: 'cost', weight: 0.25, normalised: 0.5 },
      { goal: 'speed', metric: 'speed', weight: 0.75, normalised: 1 },
    ]);
  });

  it('normalises over the candidates given, not the whole catalog', () => {
    expect(scores(rankOptions(options.slice(0, 2), c, [goal('cost', 1)]))).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
  });

  it('breaks ties by catalog order, whatever order the candidates come in', () => {
    const tied = [option('x', {}, { cost: 5 }), option('y', {}, { cost: 5 }), option('z', {}, { cost: 1 })];
    const tc = catalog(tied, { metrics: { cost: 'lower' } });
    expect(rankOptions([...tied].reverse(), tc, [goal('cost', 1)]).ranking.map((r) => r.id)).toEqual(['z', 'x', 'y']);
  });

  it('gives 1 to every candidate when all estimate the same value', () => {
    const same = [option('x', {}, { cost: 5 }), option('y', {}, { cost: 5 })];
    expect(scores(rankOptions(same, catalog(same), [goal('cost', 0.4)]))).toEqual([
      ['x', 1],
      ['y', 1],
    ]);
  });

  it('reads a goal through the catalog alias', () => {
    const aliased = catalog(options, { metrics: { cost: 'lower', speed: 'higher' }, goals: { velocity: 'speed' } });
    const { ranking } = rankOptions(options, aliased, [goal('velocity', 1)]);
    expect(ranking.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(ranking[0]!.contributions[0]).toEqual({ goal: 'velocity', metric: 'speed', weight: 1, normalised: 1 });
    expect(goalMetric(aliased, 'velocity')).toBe('speed');
    expect(goalMetric(aliased, 'constructor')).toBe('constructor');
  });

  it('lists goals no option of the catalog estimates as unscored; they do not count in the mean', () => {
    const result = rankOptions(options, c, [goal('carbon', 1), goal('cost', 0.5)]);
    expect(result.unscored).toEqual(['carbon']);
    expect(scores(result)[0]).toEqual(['a', 1]);
  });

  it('scores 0 when no goal scores or every goal weighs 0', () => {
    expect(scores(rankOptions(options, c, []))).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 0],
    ]);
    expect(scores(rankOptions(options, c, [goal('cost', 0)]))).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 0],
    ]);
  });

  it('an option without an estimate gets 0 for that goal and no contribution', () => {
    const partial = [option('x', {}, { cost: 1 }), option('y', {}, {}), option('z', {}, { cost: 3 })];
    const { ranking } = rankOptions(partial, catalog(partial, { metrics: { cost: 'lower' } }), [goal('cost', 1)]);
    expect(ranking.map((r) => [r.id, r.score, r.contributions.length])).toEqual([
      ['x', 1, 1],
      ['y', 0, 0],
      ['z', 0, 1],
    ]);
  });

  it('returns an empty ranking for no candidates', () => {
    expect(rankOptions([], c, [goal('cost', 1)])).toEqual({ ranking: [], unscored: [] });
  });
});
