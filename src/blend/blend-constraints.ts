import { ConfigurationError } from '../errors/configuration-error.js';
import type { Constraint } from '../persona/persona.js';
import { combineParameter, describeConstraint, selfClashMessage, type SourcedConstraint } from '../constraints/combine-constraints.js';
import type { Provenance } from '../persona/persona.js';
import type { ConstraintConflict } from './resolved-persona.js';

/** What to do when personas' constraints on a parameter cannot all hold. */
export type ConflictPolicy = 'strict' | 'weighted';

/** A persona's constraints with its blend weight, in precedence order (highest weight first). */
export interface WeightedConstraints {
  id: string;
  weight: number;
  constraints: readonly Constraint[];
}

const list = (cs: readonly Constraint[]) => cs.map(describeConstraint).join(' and ');

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
  const byParameter = new Map<string, SourcedConstraint[]>();
  for (const p of personas)
    for (const constraint of p.constraints) {
      const group = byParameter.get(constraint.parameter) ?? [];
      group.push({ constraint, from: p.id });
      byParameter.set(constraint.parameter, group);
    }

  const constraints: Array<Constraint & Provenance> = [];
  const conflicts: ConstraintConflict[] = [];
  const problems: string[] = [];
  for (const [parameter, group] of byParameter) {
    const combined = combineParameter(group);
    if (!combined.unsatisfiable) {
      constraints.push(...combined.items);
      continue;
    }
    const owners = personas.filter((p) => group.some((s) => s.from === p.id));
    const of = (id: string) => group.filter((s) => s.from === id);
    const contradictory = owners
      .map((owner) => ({ owner, alone: owners.length === 1 ? combined : combineParameter(of(owner.id)) }))
      .filter(({ alone }) => alone.unsatisfiable);
    if (contradictory.length) {
      for (const { owner, alone } of contradictory)
        problems.push(
          selfClashMessage(
            owner.id,
            parameter,
            of(owner.id).map((s) => s.constraint),
            alone.unsatisfiable!,
          ),
        );
      continue;
    }

    if (policy === 'strict') {
      const pair = clashingPair(
        owners.map((o) => o.id),
        of,
      );
      const named = pair ?? owners.map((o) => o.id);
      const requirements = named.map((id) => `"${id}" requires ${list(of(id).map((s) => s.constraint))}`);
      const joined = requirements.length === 2 ? requirements.join(' but ') : `${requirements.join(', ')}; no value satisfies all of them`;
      problems.push(`constraints conflict on "${parameter}": ${joined} (on-conflict weighted would keep the higher-weight persona's constraints)`);
      continue;
    }

    let kept: SourcedConstraint[] = [];
    const keptFrom: string[] = [];
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
        message: `dropped "${owner.id}" (weight ${+owner.weight.toFixed(4)}): ${list(dropped)} conflicts with ${keptFrom.map((k) => `"${k}"`).join(', ')}`,
      });
    }
    constraints.push(...combineParameter(kept).items);
  }
  if (problems.length) throw new ConfigurationError(problems.map((message) => ({ message })));
  return { constraints, conflicts };
}

function clashingPair(ids: string[], of: (id: string) => SourcedConstraint[]): [string, string] | undefined {
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) if (combineParameter([...of(ids[i]!), ...of(ids[j]!)]).unsatisfiable) return [ids[i]!, ids[j]!];
  return undefined;
}
