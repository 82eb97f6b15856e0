/**
 * The planning workload the issue names: choosing among 10,000 catalog
 * options with 20 goals and 50 constraints (target ≤ 20 ms). Shared by
 * bench/run.ts (the time) and test/planning/plan-scale.test.ts (the result).
 *
 * Option `o<i>` sets `level` = i % 10, `group` = `g<i % 7>`, `even` = i is
 * even; it estimates `m0`…`m19` (even metrics higher-is-better, odd ones
 * lower), spread pseudo-randomly in 0..0.96, except `o4242` and `o4244`,
 * which are the best in every metric. The 50 constraints allow exactly the
 * options with 1 ≤ level ≤ 8, group ≠ g3, even, and neither o4244 nor o18:
 * ten `level >= 0|1`, `level <= 8`, `group not_in [g3]`, `even = true`,
 * `group matches ^g[0-9]$`, `profile in` every id but o18, 34 on parameters
 * no option sets (ignored), and last `profile not_in [o4244]`. So o4242 wins
 * with score 1. Goals `m0`…`m18` weigh (j+1)/20, the last one is `alias19`,
 * read through the catalog alias to `m19`.
 */
import type { ResolvedPersona } from '../src/blend/resolved-persona.js';
import { createPatternEngine } from '../src/edge/pattern-engine-re2.js';
import { planStage } from '../src/planning/plan-stage.js';
import type { Catalog, CatalogOption, MetricDirection } from '../src/planning/catalog.js';
import type { Constraint, Provenance } from '../src/persona/persona.js';
import { median } from './cli-workloads.js';

const OPTIONS = 10_000;
const METRICS = 20;

/** One synthetic option (see the module comment). */
function syntheticOption(i: number): CatalogOption {
  const estimates: Record<string, number> = {};
  const best = i === 4242 || i === 4244;
  for (let j = 0; j < METRICS; j++) estimates[`m${j}`] = best ? (j % 2 === 0 ? 5 : -5) : ((i * 31 + j * 17) % 97) / 100;
  return { id: `o${i}`, parameters: { level: i % 10, group: `g${i % 7}`, even: i % 2 === 0 }, estimates };
}

/** The 50 constraints (see the module comment), each from its own persona `p<k>`. */
function syntheticConstraints(ids: readonly string[]): Array<Constraint & Provenance> {
  const rules: Constraint[] = [
    ...Array.from({ length: 10 }, (_, k): Constraint => ({ parameter: 'level', operator: '>=', value: k % 2 })),
    { parameter: 'level', operator: '<=', value: 8 },
    { parameter: 'group', operator: 'not_in', value: ['g3'] },
    { parameter: 'even', operator: '=', value: true },
    { parameter: 'group', operator: 'matches', value: '^g[0-9]$' },
    { parameter: 'profile', operator: 'in', value: ids.filter((id) => id !== 'o18') },
    ...Array.from({ length: 34 }, (_, k): Constraint => ({ parameter: `unused_${k}`, operator: '<=', value: k })),
    { parameter: 'profile', operator: 'not_in', value: ['o4244'] },
  ];
  return rules.map((c, k) => ({ ...c, from: [`p${k}`] }));
}

/** The catalog (a `one` catalog on `profile`) and the persona of the workload. */
export function syntheticPlan(): { catalog: Catalog; persona: Pick<ResolvedPersona, 'constraints' | 'optimization_goals'> } {
  const options = Array.from({ length: OPTIONS }, (_, i) => syntheticOption(i));
  const metrics: Record<string, MetricDirection> = {};
  for (let j = 0; j < METRICS; j++) metrics[`m${j}`] = j % 2 === 0 ? 'higher' : 'lower';
  const catalog: Catalog = { name: 'synthetic', parameter: 'profile', choice: 'one', metrics, goals: { alias19: 'm19' }, options };
  const optimization_goals = Array.from({ length: METRICS }, (_, j) => ({
    metric: j === METRICS - 1 ? 'alias19' : `m${j}`,
    weight: (j + 1) / 20,
    from: ['p0'],
  }));
  return { catalog, persona: { constraints: syntheticConstraints(options.map((o) => o.id)), optimization_goals } };
}

/**
 * The median time of planStage over the workload, in ms: the catalog and
 * persona built once, then `runs` plans after two warm-up runs (the JIT).
 * Throws when a run chooses anything but o4242.
 */
export function planFigure(runs: number): number {
  const { catalog, persona } = syntheticPlan();
  const engine = createPatternEngine();
  const times: number[] = [];
  for (let r = 0; r < runs + 2; r++) {
    const start = performance.now();
    const explanation = planStage('build', catalog, persona, engine);
    const elapsed = performance.now() - start;
    if (explanation.chosen[0] !== 'o4242') throw new Error(`the plan workload chose ${explanation.chosen.join(', ') || 'nothing'}, not o4242`);
    if (r >= 2) times.push(elapsed);
  }
  return median(times);
}
