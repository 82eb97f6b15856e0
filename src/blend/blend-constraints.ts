import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import type { Constraint } from '../persona/persona.js';
import {
  combineParameter,
  describeConstraintBriefly,
  selfClashMessage,
  type CombinedParameter,
  type SourcedConstraint,
} from '../constraints/combine-constraints.js';
import type { PatternEngine } from '../persona/pattern-engine.js';
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

/** What a blend of constraints needs from the library. */
export interface ConstraintContext {
  /** The linear-time engine for `matches` patterns; needed when a pattern filters an `=`/`in` set. */
  patterns?: PatternEngine;
  /** Where a persona's constraint was written (`personas/a.yml:12`), for the `strict` error; see PersonaLookup. */
  whereWritten?: (id: string, constraint: Constraint) => string | undefined;
}

const list = (cs: readonly Constraint[]) => cs.map(describeConstraintBriefly).join(' and ');

/** The personas' constraints on one parameter, with the personas that wrote them in precedence order. */
interface ParameterGroup {
  parameter: string;
  owners: readonly WeightedConstraints[];
  /** The constraints `id` wrote on the parameter. */
  of: (id: string) => SourcedConstraint[];
  context: ConstraintContext;
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
function selfClashes({ parameter, owners, of, context }: ParameterGroup, combined: CombinedParameter): string[] {
  return owners
    .map((owner) => ({ owner, alone: owners.length === 1 ? combined : combineParameter(of(owner.id), context.patterns) }))
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

/** `replicas >= 3 (personas/a.yml:12)`: a constraint and where it was written, when known. */
function located(id: string, constraint: Constraint, context: ConstraintContext): string {
  const where = context.whereWritten?.(id, constraint);
  return `${describeConstraintBriefly(constraint)}${where ? ` (${where})` : ''}`;
}

/** The `strict` error: two personas whose constraints clash (or all of them), what each requires and where it was written. */
function strictConflictMessage({ parameter, owners, of, context }: ParameterGroup): string {
  const pair = clashingPair(
    owners.map((o) => o.id),
    of,
    context.patterns,
  );
  const named = pair ?? owners.map((o) => o.id);
  const requirements = named.map(
    (id) =>
      `"${id}" requires ${of(id)
        .map((s) => located(id, s.constraint, context))
        .join(' and ')}`,
  );
  const joined = requirements.length === 2 ? requirements.join(' but ') : `${requirements.join(', ')}; no value satisfies all of them`;
  return `constraints conflict on ${quote(parameter)}: ${joined} (on-conflict weighted would keep the higher-weight persona's constraints)`;
}

/** The `weighted` rule: personas in precedence order, each dropped whose constraints clash with those kept so far. */
function keepByWeight({ parameter, owners, of, context }: ParameterGroup): { kept: CombinedParameter; conflicts: ConstraintConflict[] } {
  let kept: SourcedConstraint[] = [];
  const keptFrom: string[] = [];
  const conflicts: ConstraintConflict[] = [];
  for (const owner of owners) {
    const trial = [...kept, ...of(owner.id)];
    if (!kept.length || !combineParameter(trial, context.patterns).unsatisfiable) {
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
  return { kept: combineParameter(kept, context.patterns), conflicts };
}

/**
 * Makes every persona's constraints hold together, parameter by parameter.
 * Under `strict` every unsatisfiable parameter is reported (one error each,
 * naming two personas that clash); under `weighted` personas are added in
 * precedence order and one whose constraints on the parameter would clash
 * with those kept so far is dropped for that parameter and reported as a
 * conflict. A persona whose own constraints clash is an error either way.
 * `context` gives the pattern engine and where each constraint was written.
 */
export function blendConstraints(
  personas: readonly WeightedConstraints[],
  policy: ConflictPolicy,
  context: ConstraintContext = {},
): {
  constraints: Array<Constraint & Provenance>;
  conflicts: ConstraintConflict[];
} {
  const constraints: Array<Constraint & Provenance> = [];
  const conflicts: ConstraintConflict[] = [];
  const problems: string[] = [];
  for (const [parameter, group] of groupByParameter(personas)) {
    const combined = combineParameter(group, context.patterns);
    if (!combined.unsatisfiable) {
      constraints.push(...combined.items);
      continue;
    }
    const of = (id: string) => group.filter((s) => s.from === id);
    const clash: ParameterGroup = { parameter, owners: personas.filter((p) => group.some((s) => s.from === p.id)), of, context };
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

function clashingPair(ids: string[], of: (id: string) => SourcedConstraint[], patterns: PatternEngine | undefined): [string, string] | undefined {
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) if (combineParameter([...of(ids[i]!), ...of(ids[j]!)], patterns).unsatisfiable) return [ids[i]!, ids[j]!];
  return undefined;
}
