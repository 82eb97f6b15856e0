import { MAX_QUOTED_CHARS, quote } from '../errors/quote.js';
import type { Constraint, Provenance, Scalar } from '../persona/persona.js';
import { requirePatternEngine, type PatternEngine } from '../persona/pattern-engine.js';
import { isSetValued } from '../persona/set-parameters.js';

/** A constraint and the persona it came from. */
export interface SourcedConstraint {
  constraint: Constraint;
  from: string;
}

/** The constraints on one parameter once combined, or why they cannot hold together. */
export interface CombinedParameter {
  items: Array<Constraint & Provenance>;
  /** Set when no value can satisfy every constraint. */
  unsatisfiable?: string;
}

interface Bound {
  operator: '<' | '<=' | '>' | '>=';
  value: number;
  from: Set<string>;
}

const key = (v: Scalar): string => `${typeof v}:${String(v)}`;

/**
 * The error for a persona whose own constraints on a parameter cannot all
 * hold; one wording for the library check and the blend's guard.
 */
export function selfClashMessage(id: string, parameter: string, constraints: readonly Constraint[], reason: string): string {
  return `persona "${id}" has constraints on ${quote(parameter)} that cannot all hold: ${constraints.map(describeConstraintBriefly).join(' and ')} (${reason})`;
}

/** `replicas >= 3`, `instance_type in [t3.small, t3.medium]`, `branch matches /^release-/`: every value as written (reports, diffs). */
export function describeConstraint(c: Constraint): string {
  const show = (v: Scalar) => (typeof v === 'string' ? v : String(v));
  const value = Array.isArray(c.value) ? `[${c.value.map(show).join(', ')}]` : c.operator === 'matches' ? `/${String(c.value)}/` : show(c.value);
  return `${c.parameter} ${c.operator} ${value}`;
}

/** The most items of a list a message shows. */
const MAX_LISTED_ITEMS = 10;

/** A string that would read as a number or a boolean once written plainly. */
const LOOKS_TYPED = /^(true|false|[-+]?(\d|\.\d)[\w.+-]*)$/;

/** A value as a message shows it: plain words as written, anything else (and a string that reads as a number or boolean) quoted and cut (see quote()). */
const brief = (v: Scalar): string => (typeof v !== 'string' ? String(v) : /^[\w./:@+-]{1,60}$/.test(v) && !LOOKS_TYPED.test(v) ? v : quote(v));

/** A list as a message shows it: `[a, b, … (n more)]`, at most 10 items, each {@link brief}. */
const briefList = (values: readonly Scalar[]): string => {
  const more = values.length - MAX_LISTED_ITEMS;
  return `[${values.slice(0, MAX_LISTED_ITEMS).map(brief).join(', ')}${more > 0 ? `, … (${more} more)` : ''}]`;
};

/**
 * {@link describeConstraint} for an error message: the words of a plain
 * value as written, any other string quoted and cut to about 60 characters
 * (like the parameter and the pattern), at most 10 items of a list.
 */
export function describeConstraintBriefly(c: Constraint): string {
  const cut = (text: string) => (text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS - 1)}…` : text);
  const value = Array.isArray(c.value) ? briefList(c.value) : c.operator === 'matches' ? `/${cut(String(c.value))}/` : brief(c.value);
  return `${c.parameter.length > MAX_QUOTED_CHARS ? quote(c.parameter) : c.parameter} ${c.operator} ${value}`;
}

function tighter(current: Bound | undefined, next: Bound, lower: boolean): Bound {
  if (!current) return next;
  if (next.value === current.value && next.operator === current.operator) {
    next.from.forEach((f) => current.from.add(f));
    return current;
  }
  const strict = (b: Bound) => b.operator === '<' || b.operator === '>';
  const better = lower ? next.value > current.value : next.value < current.value;
  if (better || (next.value === current.value && strict(next) && !strict(current))) return next;
  return current;
}

const within = (v: Scalar, lower?: Bound, upper?: Bound): boolean => {
  if (!lower && !upper) return true;
  if (typeof v !== 'number') return false;
  if (lower && (lower.operator === '>' ? !(v > lower.value) : !(v >= lower.value))) return false;
  if (upper && (upper.operator === '<' ? !(v < upper.value) : !(v <= upper.value))) return false;
  return true;
};

/** Listed values by {@link key}, each with the personas that listed it, in first-seen order. */
type Listed = Map<string, { value: Scalar; from: Set<string> }>;

/** Every constraint on one parameter, sorted by kind, each value with the personas that wrote it. */
interface Gathered {
  lower?: Bound;
  upper?: Bound;
  /** One entry per `=` or `in`: the values it allows. */
  sets: Array<{ values: Scalar[]; from: string }>;
  /** The values `!=` and `not_in` exclude. */
  excluded: Listed;
  /** The items `includes` requires in the chosen set. */
  required: Listed;
  /** The items `excludes` keeps out of the chosen set. */
  forbidden: Listed;
  /** `matches` patterns and who wrote them. */
  patterns: Map<string, Set<string>>;
}

/** Adds each of `values` to `listed` (once per value), noting that `from` listed it. */
function add(listed: Listed, values: readonly Scalar[], from: string): void {
  for (const value of values) {
    const entry = listed.get(key(value)) ?? { value, from: new Set<string>() };
    entry.from.add(from);
    listed.set(key(value), entry);
  }
}

/** Sorts the constraints by kind: bounds tightened, sets listed, exclusions, requirements and patterns collected. */
function gather(sourced: readonly SourcedConstraint[]): Gathered {
  const g: Gathered = { sets: [], excluded: new Map(), required: new Map(), forbidden: new Map(), patterns: new Map() };
  for (const { constraint: c, from } of sourced) {
    switch (c.operator) {
      case '>':
      case '>=':
        g.lower = tighter(g.lower, { operator: c.operator, value: c.value as number, from: new Set([from]) }, true);
        break;
      case '<':
      case '<=':
        g.upper = tighter(g.upper, { operator: c.operator, value: c.value as number, from: new Set([from]) }, false);
        break;
      case '=':
      case 'in':
        g.sets.push({ values: c.operator === '=' ? [c.value as Scalar] : (c.value as Scalar[]), from });
        break;
      case '!=':
      case 'not_in':
        add(g.excluded, c.operator === '!=' ? [c.value as Scalar] : (c.value as Scalar[]), from);
        break;
      case 'includes':
        add(g.required, c.value as Scalar[], from);
        break;
      case 'excludes':
        add(g.forbidden, c.value as Scalar[], from);
        break;
      case 'matches': {
        const froms = g.patterns.get(c.value as string) ?? new Set<string>();
        froms.add(from);
        g.patterns.set(c.value as string, froms);
        break;
      }
    }
  }
  return g;
}

/** Why the bounds leave no value (an empty interval, or its one value excluded), if they do. */
function boundsClash({ lower, upper, excluded }: Gathered): string | undefined {
  if (!lower || !upper) return undefined;
  if (lower.value > upper.value || (lower.value === upper.value && (lower.operator === '>' || upper.operator === '<')))
    return `no value is both ${lower.operator} ${lower.value} and ${upper.operator} ${upper.value}`;
  if (lower.value === upper.value && excluded.has(key(lower.value))) return `the only value allowed, ${lower.value}, is excluded`;
  return undefined;
}

/**
 * The values every `=`/`in` allows that the bounds, exclusions (`!=`,
 * `not_in`, `excludes`) and patterns let through. Patterns run on the
 * linear-time `engine`, which must be given when there are any.
 */
function allowedValues({ sets, lower, upper, excluded, forbidden, patterns }: Gathered, engine: PatternEngine | undefined): Scalar[] {
  const regexes = patterns.size ? [...patterns.keys()].map((p) => requirePatternEngine(engine).compile(p)) : [];
  let candidates = sets[0]!.values;
  for (const set of sets.slice(1)) {
    const allowed = new Set(set.values.map(key));
    candidates = candidates.filter((v) => allowed.has(key(v)));
  }
  const out = (k: string) => excluded.has(k) || forbidden.has(k);
  return candidates.filter((v) => within(v, lower, upper) && !out(key(v)) && regexes.every((r) => r.test(String(v))));
}

/**
 * Why an item `includes` requires cannot be chosen, if one cannot: it is
 * listed by `excludes`, excluded by `!=`/`not_in`, or (when there is an
 * `=`/`in` set) not among the `allowed` values.
 */
function requiredClash({ required, excluded, forbidden }: Gathered, allowed: Scalar[] | undefined): string | undefined {
  const allowedKeys = allowed && new Set(allowed.map(key));
  for (const [k, { value }] of required) {
    const item = brief(value);
    if (forbidden.has(k)) return `${item} is required by "includes" but excluded by "excludes"`;
    if (excluded.has(k)) return `${item} is required by "includes" but excluded by "!=" or "not_in"`;
    if (allowedKeys && !allowedKeys.has(k)) return `${item} is required by "includes" but not allowed: the values allowed are ${briefList(allowed!)}`;
  }
  return undefined;
}

/** One constraint listing every value of `listed`, from every persona that listed one (in `personas` order). */
function listItem(parameter: string, operator: 'not_in' | 'includes' | 'excludes', listed: Listed, personas: readonly string[]): Constraint & Provenance {
  const values = [...listed.values()];
  const from = new Set(values.flatMap((v) => [...v.from]));
  return { parameter, operator, value: values.map((v) => v.value), from: personas.filter((p) => from.has(p)) };
}

/** One `!=` (a single value of a parameter that is not set-valued) or `not_in` for every excluded value. */
function exclusionItem(parameter: string, excluded: Listed, setValued: boolean, personas: readonly string[]): Constraint & Provenance {
  const item = listItem(parameter, 'not_in', excluded, personas);
  return excluded.size === 1 && !setValued ? { parameter, operator: '!=', value: (item.value as Scalar[])[0]!, from: item.from } : item;
}

/** The `=`/`in` item for the allowed values: `=` for one value, unless the parameter is set-valued. */
function setItem(parameter: string, g: Gathered, candidates: Scalar[], setValued: boolean): Constraint & Provenance {
  const from = [...new Set(g.sets.map((s) => s.from))];
  return candidates.length === 1 && !setValued
    ? { parameter, operator: '=', value: candidates[0]!, from }
    : { parameter, operator: 'in', value: candidates, from };
}

/**
 * Combines every constraint on one parameter so that all hold together:
 * numeric bounds to the tightest interval, `=`/`in` sets intersected,
 * `!=`/`not_in` exclusions united, `includes` and `excludes` items each
 * united, every `matches` kept. An `includes` item that is excluded (by
 * `excludes`, `!=` or `not_in`) or outside the intersected set makes the
 * parameter unsatisfiable. A set-valued parameter (see isSetValued) keeps
 * its set form: `in [unit]`, never `= unit`. A lone constraint passes
 * through unchanged. `patterns` is the linear-time engine that filters an
 * `=`/`in` set by `matches` patterns; combining such a set and pattern
 * without one is a bug (a plain Error).
 */
export function combineParameter(sourced: readonly SourcedConstraint[], patterns?: PatternEngine): CombinedParameter {
  if (sourced.length === 1) return { items: [{ ...sourced[0]!.constraint, from: [sourced[0]!.from] }] };
  const parameter = sourced[0]!.constraint.parameter;
  const setValued = isSetValued(
    parameter,
    sourced.map((s) => s.constraint),
  );
  const g = gather(sourced);
  const { lower, upper } = g;
  const items: Array<Constraint & Provenance> = [];
  if (lower) items.push({ parameter, operator: lower.operator, value: lower.value, from: [...lower.from] });
  if (upper) items.push({ parameter, operator: upper.operator, value: upper.value, from: [...upper.from] });
  let unsatisfiable = boundsClash(g);
  const candidates = g.sets.length ? allowedValues(g, patterns) : undefined;
  if (candidates) {
    if (!candidates.length && !unsatisfiable) unsatisfiable = 'no value is allowed by every "=", "in", bound, exclusion and pattern';
    items.push(setItem(parameter, g, candidates, setValued));
  }
  unsatisfiable ??= requiredClash(g, candidates);
  const personas = [...new Set(sourced.map((s) => s.from))];
  if (g.required.size) items.push(listItem(parameter, 'includes', g.required, personas));
  if (g.forbidden.size) items.push(listItem(parameter, 'excludes', g.forbidden, personas));
  if (g.excluded.size) items.push(exclusionItem(parameter, g.excluded, setValued, personas));
  for (const [pattern, from] of g.patterns) items.push({ parameter, operator: 'matches', value: pattern, from: [...from] });
  return unsatisfiable ? { items, unsatisfiable } : { items };
}
