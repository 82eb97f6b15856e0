import { ConfigurationError } from '../errors/configuration-error.js';
import type { Constraint } from '../persona/persona.js';
import { combineParameter, describeConstraint, selfClashMessage, type CombinedParameter, type SourcedConstraint } from '../constraints/combine-constraints.js';
import type { Provenance } from '../persona/persona.js';
import { roundWeight } from './blend-expression.js';
import type { ConstraintConflict } from './resolved-persona.js';

/** What to do when personas' constraints on a parameter cannot all hold: fail, or keep the higher-weight persona's. */
export const CONFLICT_POLICIES = ['strict', 'weighted'] as const;
/** One of {@link CONFLICT_POLICIES}. */
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** A persona's constraints with its blend weight, in precedence order (highest weight first). */
export interface WeightedConstraints {
  id: string;
  weight: number;
  constraints: readonly Constraint[];
}

const list = (cs: readonly Constraint[]) => cs.map(describeConstraint).join(' and ');

/** The personas' constraints on one parameter, with the personas that wrote them in precedence order. */
interface ParameterGroup {
  parameter: string;
  owners: readonly WeightedConstraints[];
  /** The constraints `id` wrote on the parameter. */
  of: (id: string) => SourcedConstraint[];
}

/** Every persona's constraints, by parameter in first-seen order. */
function groupByParameter(personas: readonly WeightedConstraints[]): Map<string, SourcedConstraint[]> {
  const byParameter = new Map<string, SourcedConstraint[]>();
  for (const p of personas)
    for (const constraint of p.constraints) {
      const group = byParameter.get(constraint.parameter) ?? [];
      group.push({ constraint, from: p.id });
      byParameter.set(constraint.parameter, group);
    }
  return byParameter;
}

/** One error per persona whose own constraints on the parameter clash; empty when none does. */
function selfClashes({ parameter, owners, of }: ParameterGroup, combined: CombinedParameter): string[] {
  return owners
    .map((owner) => ({ owner, alone: owners.length === 1 ? combined : combineParameter(of(owner.id)) }))
    .filter(({ alone }) => alone.unsatisfiable)
    .map(({ owner, alone }) =>
      selfClashMessage(
        owner.id,
        parameter,
        of(owner.id).map((s) => s.constraint),
        alone.unsatisfiable!,
      ),
    );
}

/** The `strict` error: two personas whose constraints clash (or all of them), and what each requires. */
function strictConflictMessage({ parameter, owners, of }: ParameterGroup): string {
  const pair = clashingPair(
    owners.map((o) => o.id),
    of,
  );
  const named = pair ?? owners.map((o) => o.id);
  const requirements = named.map((id) => `"${id}" requires ${list(of(id).map((s) => s.constraint))}`);
  const joined = requirements.length === 2 ? requirements.join(' but ') : `${requirements.join(', ')}; no value satisfies all of them`;
  return `constraints conflict on "${parameter}": ${joined} (on-conflict weighted would keep the higher-weight persona's constraints)`;
}

/** The `weighted` rule: personas in precedence order, each dropped whose constraints clash with those kept so far. */
function keepByWeight({ parameter, owners, of }: ParameterGroup): { kept: CombinedParameter; conflicts: ConstraintConflict[] } {
  let kept: SourcedConstraint[] = [];
  const keptFrom: string[] = [];
  const conflicts: ConstraintConflict[] = [];
  for (const owner of owners) {
    const trial = [...kept, ...of(owner.id)];
    if (!kept.length || !combineParameter(trial).unsatisfiable) {
      kept = trial;
      keptFrom.push(owner.id);
      continue;
    }
    const dropped = of(owner.id).map((s) => s.constraint);
    conflicts.push({
      parameter,
      dropped_from: owner.id,
      dropped,
      kept_from: [...keptFrom],
      message: `dropped "${owner.id}" (weight ${roundWeight(owner.weight)}): ${list(dropped)} conflicts with ${keptFrom.map((k) => `"${k}"`).join(', ')}`,
    });
  }
  return { kept: combineParameter(kept), conflicts };
}

/**
 * Makes every persona's constraints hold together, parameter by parameter.
 * Under `strict` every unsatisfiable parameter is reported (one error each,
 * naming two personas that clash); under `weighted` personas are added in
 * precedence order and one whose constraints on the parameter would clash
 * with those kept so far is dropped for that parameter and reported as a
 * conflict. A persona whose own constraints clash is an error either way.
 */
export function blendConstraints(
  personas: readonly WeightedConstraints[],
  policy: ConflictPolicy,
): {
  constraints: Array<Constraint & Provenance>;
  conflicts: ConstraintConflict[];
} {
  const constraints: Array<Constraint & Provenance> = [];
  const conflicts: ConstraintConflict[] = [];
  const problems: string[] = [];
  for (const [parameter, group] of groupByParameter(personas)) {
    const combined = combineParameter(group);
    if (!combined.unsatisfiable) {
      constraints.push(...combined.items);
      continue;
    }
    const of = (id: string) => group.filter((s) => s.from === id);
    const clash: ParameterGroup = { parameter, owners: personas.filter((p) => group.some((s) => s.from === p.id)), of };
    const own = selfClashes(clash, combined);
    if (own.length) problems.push(...own);
    else if (policy === 'strict') problems.push(strictConflictMessage(clash));
    else {
      const weighted = keepByWeight(clash);
      conflicts.push(...weighted.conflicts);
      constraints.push(...weighted.kept.items);
    }
  }
  if (problems.length) throw new ConfigurationError(problems.map((message) => ({ message })));
  return { constraints, conflicts };
}

function clashingPair(ids: string[], of: (id: string) => SourcedConstraint[]): [string, string] | undefined {
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) if (combineParameter([...of(ids[i]!), ...of(ids[j]!)]).unsatisfiable) return [ids[i]!, ids[j]!];
  return undefined;
}
