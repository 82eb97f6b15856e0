/**
 * A stage's decision: the persona's constraints filter the catalog's
 * options, its optimisation goals rank the rest, and the best (or, for a
 * `set` catalog, a set: plan-set.ts) is chosen, with an explanation of
 * every step. Pure: persona + catalog → StageExplanation.
 */
import { describeConstraintBriefly } from '../constraints/combine-constraints.js';
import type { PatternEngine } from '../persona/pattern-engine.js';
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import type { Catalog } from './catalog.js';
import type { RejectedOption, StageExplanation, Violation } from './explanation.js';
import { filterOptions } from './filter-options.js';
import { planSet } from './plan-set.js';
import { rankOptions } from './score-options.js';

/** What planning reads of a persona. */
export type PlanningPersona = Pick<ResolvedPersona, 'constraints' | 'optimization_goals'>;

/** The most distinct rejecting constraints a "nothing satisfies" message lists. */
const MAX_LISTED = 5;

/**
 * The violation when every option was rejected: the first rejecting
 * constraint (by number of options rejected, then persona order) stands for
 * it; the message lists the distinct constraints that rejected options.
 */
function nothingSatisfies(catalog: Catalog, rejected: readonly RejectedOption[]): Violation {
  const groups = new Map<string, { r: RejectedOption; count: number }>();
  for (const r of rejected) {
    const k = describeConstraintBriefly(r.constraint) + '\u0000' + r.from.join(',');
    const g = groups.get(k);
    if (g) g.count++;
    else groups.set(k, { r, count: 1 });
  }
  const list = [...groups.values()].sort((a, b) => b.count - a.count);
  const shown = list.slice(0, MAX_LISTED).map(({ r, count }) => `${describeConstraintBriefly(r.constraint)} (${r.from.join(', ')}) rejects ${count}`);
  const more = list.length > MAX_LISTED ? `; … (${list.length - MAX_LISTED} more)` : '';
  const first = list[0]!.r;
  return {
    constraint: first.constraint,
    from: [...new Set(list.flatMap((g) => g.r.from))],
    message: `no ${catalog.name} option satisfies the persona's constraints: ${shown.join('; ')}${more}`,
  };
}

/**
 * Plans one stage. `one` catalog: the best-ranked candidate (ties in catalog
 * order); `set` catalog: see planSet. When every option is rejected nothing
 * is chosen and one violation says which constraints rejected them. `stage`
 * names the stage in the explanation; `patterns` evaluates `matches`
 * constraints (needed only when the persona has some on an option's parameter).
 */
export function planStage(stage: string, catalog: Catalog, persona: PlanningPersona, patterns?: PatternEngine): StageExplanation {
  const { candidates, positions, rejected } = filterOptions(catalog, persona.constraints, patterns);
  const { ranking, unscored } = rankOptions(candidates, catalog, persona.optimization_goals, positions);
  const base = { stage, catalog: catalog.name, ranking, rejected, unscored_goals: unscored };
  const none = !ranking.length && rejected.length ? [nothingSatisfies(catalog, rejected)] : [];
  if (catalog.choice === 'set') {
    const set = planSet(catalog, persona.constraints, ranking, rejected);
    return { ...base, chosen: set.chosen, reasons: set.reasons, violations: [...none, ...set.violations] };
  }
  return { ...base, chosen: ranking.length ? [ranking[0]!.id] : [], violations: none };
}
