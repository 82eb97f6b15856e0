import type { Constraint, Provenance, Scalar } from '../persona/persona.js';

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
  return `persona "${id}" has constraints on "${parameter}" that cannot all hold: ${constraints.map(describeConstraint).join(' and ')} (${reason})`;
}

/** `replicas >= 3`, `instance_type in [t3.small, t3.medium]`. */
export function describeConstraint(c: Constraint): string {
  const show = (v: Scalar) => (typeof v === 'string' ? v : String(v));
  const value = Array.isArray(c.value) ? `[${c.value.map(show).join(', ')}]` : c.operator === 'matches' ? `/${String(c.value)}/` : show(c.value);
  return `${c.parameter} ${c.operator} ${value}`;
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

/**
 * Combines every constraint on one parameter so that all hold together:
 * numeric bounds to the tightest interval, `=`/`in` sets intersected,
 * `!=`/`not_in` exclusions united, every `matches` kept. A lone constraint
 * passes through unchanged.
 */
export function combineParameter(sourced: readonly SourcedConstraint[]): CombinedParameter {
  if (sourced.length === 1) return { items: [{ ...sourced[0]!.constraint, from: [sourced[0]!.from] }] };
  const parameter = sourced[0]!.constraint.parameter;
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  const sets: Array<{ values: Scalar[]; from: string }> = [];
  const excluded = new Map<string, { value: Scalar; from: Set<string> }>();
  const patterns = new Map<string, Set<string>>();
  const exclude = (value: Scalar, from: string) => {
    const entry = excluded.get(key(value)) ?? { value, from: new Set<string>() };
    entry.from.add(from);
    excluded.set(key(value), entry);
  };
  for (const { constraint: c, from } of sourced) {
    switch (c.operator) {
      case '>':
      case '>=':
        lower = tighter(lower, { operator: c.operator, value: c.value as number, from: new Set([from]) }, true);
        break;
      case '<':
      case '<=':
        upper = tighter(upper, { operator: c.operator, value: c.value as number, from: new Set([from]) }, false);
        break;
      case '=':
        sets.push({ values: [c.value as Scalar], from });
        break;
      case 'in':
        sets.push({ values: c.value as Scalar[], from });
        break;
      case '!=':
        exclude(c.value as Scalar, from);
        break;
      case 'not_in':
        (c.value as Scalar[]).forEach((v) => exclude(v, from));
        break;
      case 'matches': {
        const froms = patterns.get(c.value as string) ?? new Set<string>();
        froms.add(from);
        patterns.set(c.value as string, froms);
        break;
      }
    }
  }

  const items: Array<Constraint & Provenance> = [];
  let unsatisfiable: string | undefined;
  if (lower) items.push({ parameter, operator: lower.operator, value: lower.value, from: [...lower.from] });
  if (upper) items.push({ parameter, operator: upper.operator, value: upper.value, from: [...upper.from] });
  if (lower && upper && (lower.value > upper.value || (lower.value === upper.value && (lower.operator === '>' || upper.operator === '<'))))
    unsatisfiable = `no value is both ${lower.operator} ${lower.value} and ${upper.operator} ${upper.value}`;
  if (lower && upper && !unsatisfiable && lower.value === upper.value && excluded.has(key(lower.value)))
    unsatisfiable = `the only value allowed, ${lower.value}, is excluded`;

  const regexes = [...patterns.keys()].map((p) => new RegExp(p));
  if (sets.length) {
    let candidates = sets[0]!.values;
    for (const set of sets.slice(1)) {
      const allowed = new Set(set.values.map(key));
      candidates = candidates.filter((v) => allowed.has(key(v)));
    }
    candidates = candidates.filter((v) => within(v, lower, upper) && !excluded.has(key(v)) && regexes.every((r) => r.test(String(v))));
    if (!candidates.length && !unsatisfiable) unsatisfiable = 'no value is allowed by every "=", "in", bound, exclusion and pattern';
    const equals = candidates.length === 1;
    items.push({ parameter, operator: equals ? '=' : 'in', value: equals ? candidates[0]! : candidates, from: [...new Set(sets.map((s) => s.from))] });
  }
  if (excluded.size) {
    const values = [...excluded.values()];
    const from = [...new Set(values.flatMap((v) => [...v.from]))];
    items.push(
      values.length === 1
        ? { parameter, operator: '!=', value: values[0]!.value, from }
        : { parameter, operator: 'not_in', value: values.map((v) => v.value), from },
    );
  }
  for (const [pattern, from] of patterns) items.push({ parameter, operator: 'matches', value: pattern, from: [...from] });
  return unsatisfiable ? { items, unsatisfiable } : { items };
}
