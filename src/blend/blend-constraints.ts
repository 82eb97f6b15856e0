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
import { isClosingConstraint } from './closing-constraints.js';
import type { ConstraintConflict } from './resolved-persona.js';

/**
 * What to do when personas' constraints on a parameter cannot all hold: fail,
 * or keep the higher-weight persona's. Neither applies against a closing
 * constraint, which wins under both (see {@link blendConstraints}).
 */
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

/** What a conflict rule keeps on one parameter, what it dropped, and (under `strict`) why it still fails. */
interface Kept {
  kept: CombinedParameter;
  conflicts: ConstraintConflict[];
  problem?: string;
}

/** A persona dropped for a parameter, and the personas kept before it. */
interface Drop {
  owner: WeightedConstraints;
  keptFrom: string[];
}

/** Adds `owners` in order to `start`, dropping each whose constraints on the parameter clash with those kept so far. */
function keepInOrder({ owners, of, context }: ParameterGroup, start: { kept: SourcedConstraint[]; from: string[] } = { kept: [], from: [] }) {
  let kept = start.kept;
  const keptFrom = [...start.from];
  const drops: Drop[] = [];
  for (const owner of owners) {
    const trial = [...kept, ...of(owner.id)];
    if (!kept.length || !combineParameter(trial, context.patterns).unsatisfiable) {
      kept = trial;
      keptFrom.push(owner.id);
    } else drops.push({ owner, keptFrom: [...keptFrom] });
  }
  return { kept, keptFrom, drops };
}

/** A drop as reported in `conflicts`; `why` follows the kept personas' names. */
function conflict(parameter: string, of: ParameterGroup['of'], { owner, keptFrom }: Drop, why = ''): ConstraintConflict {
  const dropped = of(owner.id).map((s) => s.constraint);
  const names = keptFrom.map((k) => `"${k}"`).join(', ');
  const message = `dropped "${owner.id}" (weight ${roundWeight(owner.weight)}): ${list(dropped)} conflicts with ${names}${why}`;
  return { parameter, dropped_from: owner.id, dropped, kept_from: keptFrom, message };
}

/** The `weighted` rule: personas in precedence order, each dropped whose constraints clash with those kept so far. */
function keepByWeight(group: ParameterGroup): Kept {
  const { kept, drops } = keepInOrder(group);
  return { kept: combineParameter(kept, group.context.patterns), conflicts: drops.map((d) => conflict(group.parameter, group.of, d)) };
}

/**
 * The freeze rule, under either policy: the personas with a closing
 * constraint on the parameter are kept first (in precedence order; a later
 * one that clashes with them is dropped, the blend staying closed), and
 * every other persona whose constraints clash with theirs is dropped. The
 * rest are added in precedence order, each dropped whose constraints clash
 * with those kept so far; under `strict` they must first hold together by
 * themselves (else `problem`), so what it drops clashes with the freeze.
 */
function keepClosing(group: ParameterGroup, policy: ConflictPolicy): Kept {
  const { parameter, owners, of, context } = group;
  const closes = (o: WeightedConstraints) => of(o.id).some((s) => isClosingConstraint(s.constraint));
  const rank = (id: string) => owners.findIndex((o) => o.id === id);
  const closing = keepInOrder({ ...group, owners: owners.filter(closes) });
  const clashes = (o: WeightedConstraints) => !!combineParameter([...closing.kept, ...of(o.id)], context.patterns).unsatisfiable;
  const others = owners.filter((o) => !closes(o));
  const rest = { ...group, owners: others.filter((o) => !clashes(o)) };
  const after = keepInOrder(rest, { kept: closing.kept, from: closing.keptFrom });
  const verb = closing.keptFrom.length === 1 ? 'closes' : 'close';
  const rules = list(closing.kept.map((s) => s.constraint).filter(isClosingConstraint));
  const freezeWins = `; ${closing.keptFrom.map((k) => `"${k}"`).join(', ')} ${verb} deployments (${rules}), and a freeze wins whatever its weight and the on-conflict policy`;
  const conflicts = [
    ...closing.drops.map((d) => conflict(parameter, of, d, `, which also ${d.keptFrom.length === 1 ? 'closes' : 'close'} deployments: the blend stays closed`)),
    ...others.filter(clashes).map((owner) => conflict(parameter, of, { owner, keptFrom: closing.keptFrom }, freezeWins)),
    ...after.drops.map((d) => conflict(parameter, of, d, policy === 'strict' ? freezeWins : '')),
  ].sort((a, b) => rank(a.dropped_from) - rank(b.dropped_from));
  const alone = rest.owners.flatMap((o) => of(o.id));
  const problem = policy === 'strict' && alone.length && combineParameter(alone, context.patterns).unsatisfiable ? strictConflictMessage(rest) : undefined;
  return { kept: combineParameter(after.kept, context.patterns), conflicts, ...(problem ? { problem } : {}) };
}

/**
 * Makes every persona's constraints hold together, parameter by parameter.
 * Under `strict` every unsatisfiable parameter is reported (one error each,
 * naming two personas that clash); under `weighted` personas are added in
 * precedence order and one whose constraints on the parameter would clash
 * with those kept so far is dropped for that parameter and reported as a
 * conflict. Freeze wins: on a parameter where a persona has a closing
 * constraint (see {@link isClosingConstraint}), under either policy, the
 * closing personas are kept first and every constraint clashing with theirs
 * is dropped and reported, whatever its weight. A persona whose own
 * constraints clash is an error either way. A parameter of
 * {@link PER_PERSONA_PARAMETERS} is never combined: each persona's
 * constraints on it are kept. `context` gives the pattern
 * engine and where each constraint was written.
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
    if (PER_PERSONA_PARAMETERS.includes(parameter)) {
      constraints.push(...keepEach(group));
      continue;
    }
    const combined = combineParameter(group, context.patterns);
    if (!combined.unsatisfiable) {
      constraints.push(...combined.items);
      continue;
    }
    const of = (id: string) => group.filter((s) => s.from === id);
    const clash: ParameterGroup = { parameter, owners: personas.filter((p) => group.some((s) => s.from === p.id)), of, context };
    const own = selfClashes(clash, combined);
    const closing = group.some((s) => isClosingConstraint(s.constraint));
    if (own.length) problems.push(...own);
    else if (!closing && policy === 'strict') problems.push(strictConflictMessage(clash));
    else {
      const kept = closing ? keepClosing(clash, policy) : keepByWeight(clash);
      if (kept.problem) problems.push(kept.problem);
      conflicts.push(...kept.conflicts);
      constraints.push(...kept.kept.items);
    }
  }
  if (problems.length) throw new ConfigurationError(problems.map((message) => ({ message })));
  return { constraints, conflicts };
}

/**
 * Parameters whose constraints are never combined across personas: each
 * persona's is kept as written and checked on its own when the stage runs.
 * `deploy_window`: every persona's windows must allow the moment of the
 * deploy, which intersecting window texts could not decide.
 */
export const PER_PERSONA_PARAMETERS: readonly string[] = ['deploy_window'];

/** Each constraint of `group` as it is, identical ones (same operator and value) merged with their personas listed. */
function keepEach(group: readonly SourcedConstraint[]): Array<Constraint & Provenance> {
  const kept = new Map<string, Constraint & Provenance>();
  for (const { constraint, from } of group) {
    const key = JSON.stringify([constraint.operator, constraint.value]);
    const seen = kept.get(key);
    if (seen) {
      if (!seen.from.includes(from)) seen.from.push(from);
    } else kept.set(key, { ...constraint, from: [from] });
  }
  return [...kept.values()];
}

function clashingPair(ids: string[], of: (id: string) => SourcedConstraint[], patterns: PatternEngine | undefined): [string, string] | undefined {
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) if (combineParameter([...of(ids[i]!), ...of(ids[j]!)], patterns).unsatisfiable) return [ids[i]!, ids[j]!];
  return undefined;
}
