/**
 * Which catalog options a persona's constraints reject, and why. A
 * constraint applies to an option when its parameter is one the option sets:
 * a key of its `parameters`, or the catalog's `parameter` (`build_profile`,
 * `test_tiers`), whose value is the option's id. Constraints on parameters no
 * option sets are ignored here (they concern other stages, or are measured
 * after the run).
 */
import { quote } from '../errors/quote.js';
import { describeConstraintBriefly } from '../constraints/combine-constraints.js';
import { requirePatternEngine, type PatternEngine, type PatternMatcher } from '../persona/pattern-engine.js';
import type { Constraint, Provenance, Scalar } from '../persona/persona.js';
import type { Catalog, CatalogOption } from './catalog.js';
import type { RejectedOption } from './explanation.js';

/** A constraint with the personas it came from. */
export type SourcedConstraint = Constraint & Provenance;

/** A compiled constraint: why `value` breaks it, or undefined when it holds. */
export type Check = (value: Scalar) => string | undefined;

/** A value as a reason shows it: plain words as written, anything else quoted and cut. */
const show = (v: Scalar): string => (typeof v !== 'string' ? String(v) : /^[\w./:@+-]{1,60}$/.test(v) ? v : quote(v));

/** `<= 2`, `in [unit, integration]`: the constraint without its parameter, values shown briefly; computed once per constraint. */
function tailOf(c: Constraint): () => string {
  let text: string | undefined;
  return () => (text ??= describeConstraintBriefly({ ...c, parameter: '' }).slice(1));
}

/** The values of a list constraint, or of a single-valued one as a list of one. */
const listOf = (c: Constraint): Scalar[] => (Array.isArray(c.value) ? c.value : [c.value]);

/**
 * Whether `c` is a requirement on a chosen set rather than a filter of its
 * options: in a `set` catalog, `includes` on the catalog parameter (the items
 * the set must contain), and a constraint that wants a boolean option
 * parameter true (`security_scan = true`, `!= false`, `in [true]`): the set
 * must contain at least one option with it (see plan-set.ts).
 */
export function isSetRequirement(c: Constraint, catalog: Pick<Catalog, 'parameter' | 'choice'>): boolean {
  if (catalog.choice !== 'set') return false;
  if (c.parameter === catalog.parameter) return c.operator === 'includes';
  if (c.operator === '=') return c.value === true;
  if (c.operator === '!=') return c.value === false;
  return c.operator === 'in' && Array.isArray(c.value) && c.value.length === 1 && c.value[0] === true;
}

/** How many distinct values a `matches` check remembers its answer for. */
const MAX_REMEMBERED_MATCHES = 10_000;

/** A numeric comparison's check: a value that is not a number never satisfies it. */
function numericCheck(c: Constraint, tail: () => string, holds: (v: number, bound: number) => boolean): Check {
  const bound = c.value as number;
  return (v) => (typeof v !== 'number' ? `is not a number (${tail()})` : holds(v, bound) ? undefined : `is not ${tail()}`);
}

/**
 * The check of one constraint, compiled once (value sets hashed, a pattern
 * compiled on the linear-time engine). `includes` on a single value holds
 * only when every listed item is that value; `excludes` acts as `not_in`.
 */
function compileCheck(c: Constraint, patterns: PatternEngine | undefined): Check {
  // A Set compares by type and value (SameValueZero): the string "2" is not the number 2.
  const listed = new Set<Scalar>(listOf(c));
  const inList = (v: Scalar) => listed.has(v);
  const tail = tailOf(c);
  switch (c.operator) {
    case '<':
      return numericCheck(c, tail, (v, b) => v < b);
    case '<=':
      return numericCheck(c, tail, (v, b) => v <= b);
    case '>':
      return numericCheck(c, tail, (v, b) => v > b);
    case '>=':
      return numericCheck(c, tail, (v, b) => v >= b);
    case '=':
    case 'in':
      return (v) => (inList(v) ? undefined : `is not ${tail()}`);
    case 'includes':
      return (v) => (listed.size === 1 && inList(v) ? undefined : `does not hold every item of ${tail()}`);
    case '!=':
    case 'not_in':
    case 'excludes':
      return (v) => (inList(v) ? `is excluded by ${tail()}` : undefined);
    case 'matches': {
      const matcher: PatternMatcher = requirePatternEngine(patterns).compile(String(c.value));
      // Options share parameter values (a region, a size): each distinct value is matched once (the engine is linear, not free).
      const seen = new Map<string, boolean>();
      const matches = (text: string): boolean => {
        let hit = seen.get(text);
        if (hit === undefined) {
          hit = matcher.test(text);
          if (seen.size < MAX_REMEMBERED_MATCHES) seen.set(text, hit);
        }
        return hit;
      };
      return (v) => (matches(String(v)) ? undefined : `does not match ${tail().slice('matches '.length)}`);
    }
  }
}

/** One applicable constraint, compiled: its parameter (or the option's id), its check, and what a rejection reports. */
export interface CompiledCheck {
  parameter: string;
  /** The constraint is on the catalog's parameter, whose value is the option's id. */
  onId: boolean;
  check: Check;
  bare: Constraint;
  from: string[];
  /** The parameter as a reason shows it. */
  shown: string;
}

/**
 * The constraints that can reject an option of `catalog`, compiled once, in
 * the persona's order: those on the catalog's parameter or on a parameter
 * some option sets; set requirements (see {@link isSetRequirement}) never
 * reject. A `matches` constraint needs `patterns` (a plain Error without one:
 * the caller must load it).
 */
export function compileChecks(catalog: Catalog, constraints: readonly SourcedConstraint[], patterns?: PatternEngine): CompiledCheck[] {
  const set = new Set<string>();
  for (const o of catalog.options) for (const p in o.parameters) if (Object.hasOwn(o.parameters, p)) set.add(p);
  return constraints
    .filter((c) => !isSetRequirement(c, catalog) && (c.parameter === catalog.parameter || set.has(c.parameter)))
    .map(({ from, ...bare }) => ({
      parameter: bare.parameter,
      onId: bare.parameter === catalog.parameter,
      check: compileCheck(bare, patterns),
      bare,
      from,
      shown: bare.parameter.length > 60 ? quote(bare.parameter) : bare.parameter,
    }));
}

/** The value `check` reads from `option`: its id, or a scalar parameter; undefined when the option does not set it. */
export function checkedValue(check: Pick<CompiledCheck, 'onId' | 'parameter'>, option: CatalogOption): Scalar | undefined {
  // One keyed read: parameter values are scalars, so anything else (absent, or a prototype member) means "not set".
  const read: unknown = check.onId ? option.id : option.parameters[check.parameter];
  return typeof read === 'string' || typeof read === 'number' || typeof read === 'boolean' ? read : undefined;
}

/** The rejection of `option` by `c` for `value` and the check's reason; the constraint and its personas are shared (read-only data). */
export function rejection(c: CompiledCheck, option: CatalogOption, value: Scalar, why: string): RejectedOption {
  return { id: option.id, constraint: c.bare, from: c.from, reason: `${c.shown} ${show(value)} ${why}` };
}

/**
 * A filter of `catalog`'s options by `constraints`: for an option, the first
 * constraint (in the persona's order) that rejects it, with its personas and
 * the reason (`optimization_level 3 is not <= 2`), or undefined when it
 * passes (see {@link compileChecks}). For a whole catalog, filter-options.ts
 * does the same constraint by constraint, which is faster.
 */
export function optionFilter(
  catalog: Catalog,
  constraints: readonly SourcedConstraint[],
  patterns?: PatternEngine,
): (option: CatalogOption) => RejectedOption | undefined {
  const checks = compileChecks(catalog, constraints, patterns);
  return (option) => {
    for (const c of checks) {
      const value = checkedValue(c, option);
      if (value === undefined) continue;
      const why = c.check(value);
      if (why !== undefined) return rejection(c, option, value, why);
    }
    return undefined;
  };
}

/** The first constraint that rejects `option` (see {@link optionFilter}), or undefined when it passes them all. */
export function optionRejection(
  option: CatalogOption,
  catalog: Catalog,
  constraints: readonly SourcedConstraint[],
  patterns?: PatternEngine,
): RejectedOption | undefined {
  return optionFilter(catalog, constraints, patterns)(option);
}
