// Correctness at the size the bench measures (10,000 options, 20 goals, 50
// constraints); the time is measured by `npm run bench`, never here.
import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';
import type { Catalog, CatalogOption, MetricDirection } from '../../src/planning/catalog.js';
import { planStage } from '../../src/planning/plan-stage.js';
import { syntheticPlan } from '../../bench/plan-workload.js';

const { catalog, persona } = syntheticPlan();
const engine = createPatternEngine();

/** The reference filter, written out from the workload's documented constraints. */
const allowed = (i: number) => i % 10 >= 1 && i % 10 <= 8 && i % 7 !== 3 && i % 2 === 0 && i !== 4244 && i !== 18;

/** The score of `option` computed directly: each goal's metric normalised over the allowed options. */
function referenceScore(c: Catalog, candidates: CatalogOption[], option: CatalogOption): number {
  let sum = 0;
  let total = 0;
  for (const g of persona.optimization_goals) {
    const metric = c.goals[g.metric] ?? g.metric;
    const values = candidates.map((o) => o.estimates[metric]!);
    const [min, max] = [Math.min(...values), Math.max(...values)];
    const n = (option.estimates[metric]! - min) / (max - min);
    sum += g.weight * ((c.metrics[metric] as MetricDirection) === 'lower' ? 1 - n : n);
    total += g.weight;
  }
  return sum / total;
}

describe('planning 10,000 options with 20 goals and 50 constraints', () => {
  it('has the size the issue names', () => {
    expect(catalog.options).toHaveLength(10_000);
    expect(persona.optimization_goals).toHaveLength(20);
    expect(persona.constraints).toHaveLength(50);
  });

  it('rejects exactly the options the constraints exclude, and chooses the dominant allowed option', () => {
    const e = planStage('build', catalog, persona, engine);
    const expected = catalog.options.filter((_, i) => allowed(i)).map((o) => o.id);
    expect(e.ranking.map((r) => r.id).sort()).toEqual([...expected].sort());
    expect(e.rejected).toHaveLength(10_000 - expected.length);
    expect(e.chosen).toEqual(['o4242']);
    expect(e.ranking[0]).toMatchObject({ id: 'o4242', score: 1 });
    expect(e.rejected.find((r) => r.id === 'o4244')).toMatchObject({ reason: 'profile o4244 is excluded by not_in [o4244]', from: ['p49'] });
    expect(e.unscored_goals).toEqual([]);
    expect(e.violations).toEqual([]);
  });

  it('ranks by score, ties in catalog order, each score as computed directly', () => {
    const e = planStage('build', catalog, persona, engine);
    const index = new Map(catalog.options.map((o, i) => [o.id, i]));
    for (let k = 1; k < e.ranking.length; k++) {
      const [a, b] = [e.ranking[k - 1]!, e.ranking[k]!];
      expect(a.score > b.score || (a.score === b.score && index.get(a.id)! < index.get(b.id)!)).toBe(true);
    }
    const candidates = catalog.options.filter((_, i) => allowed(i));
    for (const id of ['o2', 'o5002', 'o9998', e.ranking.at(-1)!.id])
      expect(e.ranking.find((r) => r.id === id)!.score).toBeCloseTo(referenceScore(catalog, candidates, catalog.options[index.get(id)!]!), 4);
  });

  it('as a set: every chosen option scores 0.5 or more, and every option scoring that much is chosen', () => {
    const e = planStage('test', { ...catalog, choice: 'set' }, persona, engine);
    const good = e.ranking.filter((r) => r.score >= 0.5).map((r) => r.id);
    expect(good.length).toBeGreaterThan(0);
    expect([...e.chosen].sort()).toEqual([...good].sort());
    expect(e.chosen).toContain('o4242');
  });
});
