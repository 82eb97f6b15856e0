/**
 * Choosing a set of options (test tiers) once the constraints have filtered
 * the catalog and the goals have ranked the rest: the items the persona
 * requires, every candidate that scores well, and enough to satisfy each
 * boolean requirement (`security_scan = true`).
 */
import { describeConstraintBriefly } from '../constraints/combine-constraints.js';
import { quote } from '../errors/quote.js';
import type { Constraint, Scalar } from '../persona/persona.js';
import type { Catalog } from './catalog.js';
import type { RankedOption, RejectedOption, Violation } from './explanation.js';
import { isSetRequirement, type SourcedConstraint } from './option-constraints.js';

/** A candidate at least this good (its score, 0..1) joins the set on its own merit. */
export const SET_SCORE_THRESHOLD = 0.5;
/** The most unknown items one message names. */
const MAX_NAMED = 10;

/** What plan-set decides: the chosen ids (catalog order), why each is in, and what could not be honoured. */
export interface SetChoice {
  chosen: string[];
  reasons: Record<string, string>;
  violations: Violation[];
}

/** `test_tiers includes [unit, security] (security-first)`: a constraint and its personas, for reasons and messages. */
const cited = (c: SourcedConstraint): string => `${describeConstraintBriefly(c)} (${c.from.join(', ')})`;
const bare = ({ from: _from, ...c }: SourcedConstraint): Constraint => c;
const show = (v: Scalar): string => (typeof v === 'string' && /^[\w./:@+-]{1,60}$/.test(v) ? v : quote(String(v)));

/** The state of a choice being built: chosen ids with their reasons, violations so far. */
interface Builder {
  reasons: Map<string, string>;
  violations: Violation[];
}

/** Adds the items of every `includes` on the catalog parameter: each must be an allowed option, else a violation. */
function addRequired(
  b: Builder,
  catalog: Catalog,
  constraints: readonly SourcedConstraint[],
  allowed: ReadonlySet<string>,
  rejected: ReadonlyMap<string, RejectedOption>,
) {
  for (const c of constraints) {
    if (c.parameter !== catalog.parameter || c.operator !== 'includes') continue;
    const unknown: Scalar[] = [];
    for (const item of c.value as Scalar[]) {
      const id = String(item);
      if (allowed.has(id)) {
        if (!b.reasons.has(id)) b.reasons.set(id, `required by ${cited(c)}`);
      } else if (rejected.has(id)) {
        const r = rejected.get(id)!;
        b.violations.push({
          constraint: bare(c),
          from: [...c.from],
          message: `${show(item)} is required by ${cited(c)} but rejected: ${r.reason} (${r.from.join(', ')})`,
        });
      } else unknown.push(item);
    }
    if (unknown.length) b.violations.push({ constraint: bare(c), from: [...c.from], message: unknownMessage(unknown, c, catalog) });
  }
}

/** One message for every required item the catalog does not have: `soak is required by … but is not a test option`, at most 10 items named. */
function unknownMessage(items: readonly Scalar[], c: SourcedConstraint, catalog: Catalog): string {
  const more = items.length > MAX_NAMED ? `, … (${items.length - MAX_NAMED} more)` : '';
  const names = items.slice(0, MAX_NAMED).map(show).join(', ') + more;
  return items.length === 1
    ? `${names} is required by ${cited(c)} but is not a ${catalog.name} option`
    : `${names} are required by ${cited(c)} but are not ${catalog.name} options`;
}

/** Makes sure some chosen option has each required boolean parameter set: adds the best-ranked candidate with it, or records a violation. */
function addBooleanRequirements(b: Builder, catalog: Catalog, constraints: readonly SourcedConstraint[], ranking: readonly RankedOption[]) {
  const byId = new Map(catalog.options.map((o) => [o.id, o]));
  for (const c of constraints) {
    if (c.parameter === catalog.parameter || !isSetRequirement(c, catalog)) continue;
    const has = (id: string) => byId.get(id)?.parameters[c.parameter] === true;
    if ([...b.reasons.keys()].some(has)) continue;
    const best = ranking.find((r) => has(r.id));
    if (best)
      b.reasons.set(best.id, `needed by ${cited(c)}: the best-scoring allowed option with ${c.parameter.length > 60 ? quote(c.parameter) : c.parameter} true`);
    else
      b.violations.push({
        constraint: bare(c),
        from: [...c.from],
        message: `no allowed ${catalog.name} option has ${describeConstraintBriefly({ ...c, operator: '=', value: true })}, which ${cited(c)} requires`,
      });
  }
}

/**
 * The chosen set: the items `includes` requires (each must be an allowed
 * option, else a violation), every candidate scoring at least
 * {@link SET_SCORE_THRESHOLD}, the best candidate when that leaves nothing,
 * and, for each constraint wanting a boolean parameter true
 * (`security_scan = true`), the best-ranked allowed option with it unless a
 * chosen one has it already (none → a violation). Chosen in catalog order,
 * each with the reason it is in.
 */
export function planSet(
  catalog: Catalog,
  constraints: readonly SourcedConstraint[],
  ranking: readonly RankedOption[],
  rejected: readonly RejectedOption[],
): SetChoice {
  const b: Builder = { reasons: new Map(), violations: [] };
  const allowed = new Set(ranking.map((r) => r.id));
  addRequired(b, catalog, constraints, allowed, new Map(rejected.map((r) => [r.id, r])));
  for (const r of ranking) {
    if (r.score < SET_SCORE_THRESHOLD) break;
    if (!b.reasons.has(r.id)) b.reasons.set(r.id, `score ${r.score.toFixed(2)} >= ${SET_SCORE_THRESHOLD}`);
  }
  if (!b.reasons.size && ranking.length)
    b.reasons.set(ranking[0]!.id, `the best-scoring option (score ${ranking[0]!.score.toFixed(2)}); none scored ${SET_SCORE_THRESHOLD} or more`);
  addBooleanRequirements(b, catalog, constraints, ranking);
  const chosen = catalog.options.filter((o) => b.reasons.has(o.id)).map((o) => o.id);
  return { chosen, reasons: Object.fromEntries(chosen.map((id) => [id, b.reasons.get(id)!])), violations: b.violations };
}
