import { syntheticPlan } from '../../bench/plan-workload.js';
import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';
import { planStage } from '../../src/planning/plan-stage.js';
import { explainOutput, MAX_EXPLAIN_CHARS } from '../../src/wiring/explain-output.js';

describe('explainOutput', () => {
  it('keeps a small explanation whole', () => {
    const e = { stage: 'build', catalog: 'build', chosen: ['fast'], ranking: [], rejected: [], unscored_goals: [], violations: [] };
    expect(JSON.parse(explainOutput([e]))).toEqual(e);
  });

  it('cuts the ranking and rejected lists of a 10,000-option catalog to fit a job output, and says how many it left out', () => {
    const { catalog, persona } = syntheticPlan();
    const explanation = planStage('build', catalog, persona, createPatternEngine());
    expect(JSON.stringify(explanation).length).toBeGreaterThan(MAX_EXPLAIN_CHARS);
    const text = explainOutput([explanation]);
    expect(text.length).toBeLessThanOrEqual(MAX_EXPLAIN_CHARS);
    const cut = JSON.parse(text) as { chosen: string[]; ranking: unknown[]; rejected: unknown[]; omitted: { ranking: number; rejected: number } };
    expect(cut.chosen).toEqual(['o4242']);
    expect(cut.ranking).toHaveLength(50);
    expect(cut.omitted).toEqual({ ranking: explanation.ranking.length - 50, rejected: explanation.rejected.length - 50 });
  });
});
