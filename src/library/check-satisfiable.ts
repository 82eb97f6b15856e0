import { combineParameter, selfClashMessage, type SourcedConstraint } from '../constraints/combine-constraints.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import type { Constraint, LocatedDefinition, Persona } from '../persona/persona.js';

const SET = 1;
const LOWER = 2;
const UPPER = 4;
const MANY = 8;

const kind = (c: Constraint): number =>
  c.operator === '=' || c.operator === 'in' ? SET : c.operator === '>' || c.operator === '>=' ? LOWER : c.operator === '<' || c.operator === '<=' ? UPPER : 0;

/**
 * The parameters of `constraints` that are constrained more than once in a
 * way that could clash: an `=`/`in` set, or both a lower and an upper bound
 * (exclusions and patterns alone always leave some value).
 */
function clashCandidates(constraints: readonly Constraint[]): string[] {
  const flags = new Map<string, number>();
  const candidates: string[] = [];
  for (const c of constraints) {
    const seen = flags.get(c.parameter);
    const now = seen === undefined ? kind(c) : seen | kind(c) | MANY;
    flags.set(c.parameter, now);
    if (now & MANY && (now & SET || (now & LOWER && now & UPPER)) && !candidates.includes(c.parameter)) candidates.push(c.parameter);
  }
  return candidates;
}

/** The parameters on which `constraints` cannot all hold, with why. */
function clashes(constraints: readonly Constraint[], id: string): Array<{ parameter: string; group: SourcedConstraint[]; reason: string }> {
  const out: Array<{ parameter: string; group: SourcedConstraint[]; reason: string }> = [];
  for (const parameter of clashCandidates(constraints)) {
    const group = constraints.filter((c) => c.parameter === parameter).map((constraint) => ({ constraint, from: id }));
    const reason = combineParameter(group).unsatisfiable;
    if (reason) out.push({ parameter, group, reason });
  }
  return out;
}

function diagnostic(located: LocatedDefinition, clash: ReturnType<typeof clashes>[number]): Diagnostic {
  const { definition, origin } = located;
  const own = definition.constraints.findIndex((c) => c.parameter === clash.parameter);
  const field = own >= 0 ? `constraints[${own}]` : 'extends';
  const pos = origin.positions?.[field];
  return {
    file: origin.file,
    line: pos?.line ?? origin.line,
    column: pos?.column ?? origin.column,
    path: [origin.path, field].filter(Boolean).join('.'),
    message: selfClashMessage(
      definition.id,
      clash.parameter,
      clash.group.map((s) => s.constraint),
      clash.reason,
    ),
  };
}

/**
 * Definitions whose own constraints cannot all hold on some parameter, one
 * diagnostic per persona and parameter at its first constraint there. Part
 * of reading a file: every source's parsed documents go through it.
 */
export function ownConstraintClashes(definitions: Iterable<LocatedDefinition>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const located of definitions) for (const clash of clashes(located.definition.constraints, located.definition.id)) out.push(diagnostic(located, clash));
  return out;
}

/**
 * Personas whose constraints clash only once inheritance is applied (their
 * own clashes are reported when their file is read): at the constraint that
 * adds to the clash, or at `extends` when all of it is inherited. Only
 * personas that extend another are looked at.
 */
export function inheritedConstraintClashes(entries: Iterable<LocatedDefinition>, resolve: (id: string) => Persona): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const located of entries) {
    if (located.definition.extends === undefined) continue;
    const own = new Set(clashes(located.definition.constraints, located.definition.id).map((c) => c.parameter));
    for (const clash of clashes(resolve(located.definition.id).constraints, located.definition.id))
      if (!own.has(clash.parameter)) out.push(diagnostic(located, clash));
  }
  return out;
}
