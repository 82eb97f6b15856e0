import type { Catalog, CatalogOption } from '../../src/planning/catalog.js';
import { MAX_EXPLAINED_OPTIONS, rankOptions } from '../../src/planning/score-options.js';

describe('rankOptions on a large catalog', () => {
  it('scores every candidate but lists goal contributions for the best 50 only', () => {
    const options: CatalogOption[] = Array.from({ length: 120 }, (_, i) => ({ id: `o${i}`, parameters: {}, estimates: { cost: i } }));
    const catalog: Catalog = { name: 'c', parameter: 'profile', choice: 'one', metrics: { cost: 'lower' }, goals: {}, options };
    const { ranking } = rankOptions(options, catalog, [{ metric: 'cost', weight: 1, from: ['p'] }]);
    expect(ranking.map((r) => r.id).slice(0, 3)).toEqual(['o0', 'o1', 'o2']);
    expect(ranking.at(-1)).toEqual({ id: 'o119', score: 0, contributions: [] });
    expect(ranking.filter((r) => r.contributions.length).length).toBe(MAX_EXPLAINED_OPTIONS);
    expect(ranking[49]!.contributions).toEqual([{ goal: 'cost', metric: 'cost', weight: 1, normalised: ranking[49]!.score }]);
  });
});
