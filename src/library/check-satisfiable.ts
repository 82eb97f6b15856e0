import { PER_PERSONA_PARAMETERS } from '../blend/blend-constraints.js';
import { combineParameter, selfClashMessage, type SourcedConstraint } from '../constraints/combine-constraints.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { patternProblem, type PatternEngine } from '../persona/pattern-engine.js';
import type { Constraint, LocatedDefinition, Persona, PersonaOrigin } from '../persona/persona.js';

const SET = 1;
const LOWER = 2;
const UPPER = 4;
const MANY = 8;
const PATTERN = 16;

/** `includes` counts as a set: its items can clash with an `=`/`in` set or with any exclusion. */
const kind = (c: Constraint): number =>
  c.operator === '=' || c.operator === 'in' || c.operator === 'includes'
    ? SET
    : c.operator === '>' || c.operator === '>='
      ? LOWER
      : c.operator === '<' || c.operator === '<='
        ? UPPER
        : 0;

/**
 * The parameters of `constraints` that are constrained more than once in a
 * way that could clash: an `=`/`in` set or an `includes`, or both a lower
 * and an upper bound (exclusions and patterns alone always leave some value).
 * Parameters checked per constraint at run time (PER_PERSONA_PARAMETERS,
 * such as `deploy_window`) never clash.
 */
function clashCandidates(constraints: readonly Constraint[]): string[] {
  const flags = new Map<string, number>();
  const candidates: string[] = [];
  for (const c of constraints) {
    // Checked one constraint at a time when the stage runs (deploy windows): never a clash.
    if (PER_PERSONA_PARAMETERS.includes(c.parameter)) continue;
    const seen = flags.get(c.parameter);
    const now = seen === undefined ? kind(c) : seen | kind(c) | MANY;
    flags.set(c.parameter, now);
    if (now & MANY && (now & SET || (now & LOWER && now & UPPER)) && !candidates.includes(c.parameter)) candidates.push(c.parameter);
  }
  return candidates;
}

type Clash = { parameter: string; group: SourcedConstraint[]; reason: string };

/**
 * How patterns take part in a check: `'ignored'` leaves `matches` out (the
 * check made while a file is read, before any engine is loaded), an engine
 * evaluates them (missing where needed: a bug).
 */
type Patterns = PatternEngine | undefined | 'ignored';

/** The parameters on which `constraints` cannot all hold, with why. */
function clashes(constraints: readonly Constraint[], id: string, patterns: Patterns): Clash[] {
  const out: Clash[] = [];
  for (const parameter of clashCandidates(constraints)) {
    const group = constraints.filter((c) => c.parameter === parameter).map((constraint) => ({ constraint, from: id }));
    const reason =
      patterns === 'ignored'
        ? combineParameter(group.filter((s) => s.constraint.operator !== 'matches')).unsatisfiable
        : combineParameter(group, patterns).unsatisfiable;
    if (reason) out.push({ parameter, group, reason });
  }
  return out;
}

/** Where `field` of a definition is (its position, else the persona's), as a diagnostic's location. */
function at(origin: PersonaOrigin, field: string): Omit<Diagnostic, 'message'> {
  const pos = origin.positions?.[field];
  return { file: origin.file, line: pos?.line ?? origin.line, column: pos?.column ?? origin.column, path: [origin.path, field].filter(Boolean).join('.') };
}

function diagnostic(located: LocatedDefinition, clash: Clash): Diagnostic {
  const { definition, origin } = located;
  const own = definition.constraints.findIndex((c) => c.parameter === clash.parameter);
  const message = selfClashMessage(
    definition.id,
    clash.parameter,
    clash.group.map((s) => s.constraint),
    clash.reason,
  );
  return { ...at(origin, own >= 0 ? `constraints[${own}]` : 'extends'), message };
}

/**
 * Definitions whose own constraints cannot all hold on some parameter, one
 * diagnostic per persona and parameter at its first constraint there. Part
 * of reading a file: every source's parsed documents go through it. No
 * engine is loaded yet, so `matches` patterns are left out here; a clash
 * only a pattern causes is reported by {@link ownPatternClashes}.
 */
export function ownConstraintClashes(definitions: Iterable<LocatedDefinition>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const located of definitions)
    for (const clash of clashes(located.definition.constraints, located.definition.id, 'ignored')) out.push(diagnostic(located, clash));
  return out;
}

/**
 * Definitions whose own constraints cannot all hold only because a
 * `matches` pattern filters out every value of an `=`/`in` set: the part of
 * the own-clash check {@link ownConstraintClashes} leaves to the library
 * build, run on the linear-time `engine`. Without an engine there is
 * nothing to check: a library in which a pattern may meet a set needs one
 * (`needsPatternEngine`), and a blend without it throws.
 */
export function ownPatternClashes(definitions: Iterable<LocatedDefinition>, engine: PatternEngine | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Without an engine no pattern meets a set (needsPatternEngine would have asked for one).
  if (!engine) return out;
  for (const located of definitions) {
    const { constraints, id } = located.definition;
    for (const parameter of patternFilteredParameters(constraints)) {
      const group = constraints.filter((c) => c.parameter === parameter).map((constraint) => ({ constraint, from: id }));
      // A clash without the patterns is reported when the file is read.
      if (combineParameter(group.filter((s) => s.constraint.operator !== 'matches')).unsatisfiable) continue;
      const reason = combineParameter(group, engine).unsatisfiable;
      if (reason) out.push(diagnostic(located, { parameter, group, reason }));
    }
  }
  return out;
}

/** The parameters on which a `matches` pattern filters an `=`/`in` set: the only ones a pattern can make unsatisfiable. */
function patternFilteredParameters(constraints: readonly Constraint[]): string[] {
  let flags: Map<string, number> | undefined;
  for (const c of constraints) {
    const bit = c.operator === 'matches' ? PATTERN : c.operator === '=' || c.operator === 'in' ? SET : 0;
    if (bit) (flags ??= new Map()).set(c.parameter, (flags.get(c.parameter) ?? 0) | bit);
  }
  const out: string[] = [];
  if (flags) for (const [parameter, f] of flags) if (f === (PATTERN | SET)) out.push(parameter);
  return out;
}

/**
 * Every `matches` pattern the linear-time engine refuses (or that is too
 * long), each at its constraint: `pattern "(a)\\1" uses a backreference …`.
 */
export function patternDiagnostics(definitions: Iterable<LocatedDefinition>, engine: PatternEngine): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { definition, origin } of definitions)
    definition.constraints.forEach((c, i) => {
      const problem = c.operator === 'matches' ? patternProblem(String(c.value), engine) : undefined;
      if (problem) out.push({ ...at(origin, `constraints[${i}]`), path: [origin.path, `constraints[${i}].value`].filter(Boolean).join('.'), message: problem });
    });
  return out;
}

/**
 * Personas whose constraints clash only once inheritance is applied (their
 * own clashes are reported when their file is read and by
 * {@link ownPatternClashes}): at the constraint that adds to the clash, or
 * at `extends` when all of it is inherited. Only personas that extend
 * another are looked at. `patterns` must be given when a pattern filters a set.
 */
export function inheritedConstraintClashes(entries: Iterable<LocatedDefinition>, resolve: (id: string) => Persona, patterns?: PatternEngine): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const located of entries) {
    if (located.definition.extends === undefined) continue;
    const own = new Set(clashes(located.definition.constraints, located.definition.id, patterns).map((c) => c.parameter));
    for (const clash of clashes(resolve(located.definition.id).constraints, located.definition.id, patterns))
      if (!own.has(clash.parameter)) out.push(diagnostic(located, clash));
  }
  return out;
}
