/**
 * Checking a measured value (coverage read from a report after the run)
 * against the persona's constraints on its parameter. Pure.
 */
import { describeConstraint } from '../constraints/combine-constraints.js';
import type { Constraint, Provenance, Scalar } from '../persona/persona.js';
import type { Violation } from './explanation.js';

/** Whether `value` satisfies one constraint; operators that do not compare one number (`matches`, `includes`…) hold. */
export function numberSatisfies(c: Constraint, value: number): boolean {
  const v = c.value as Scalar | Scalar[];
  switch (c.operator) {
    case '=':
      return value === v;
    case '!=':
      return value !== v;
    case '<':
      return value < (v as number);
    case '<=':
      return value <= (v as number);
    case '>':
      return value > (v as number);
    case '>=':
      return value >= (v as number);
    case 'in':
      return (v as Scalar[]).includes(value);
    case 'not_in':
      return !(v as Scalar[]).includes(value);
    default:
      return true;
  }
}

/**
 * The constraints on `parameter` that the measured `value` breaks, each a
 * {@link Violation} naming the constraint and its personas
 * (`coverage 72.5 breaks coverage >= 85`).
 */
export function measuredViolations(parameter: string, value: number, constraints: ReadonlyArray<Constraint & Provenance>): Violation[] {
  return constraints
    .filter((c) => c.parameter === parameter && !numberSatisfies(c, value))
    .map(({ from, ...constraint }) => ({ constraint, from, message: `measured ${parameter} ${value} breaks ${describeConstraint(constraint)}` }));
}
