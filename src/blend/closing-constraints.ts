import type { Constraint, Scalar } from '../persona/persona.js';

/** The strategy that deploys nothing. */
const NO_STRATEGY = 'none';

/**
 * The constraints that close deployments, as the README lists them: each
 * allows no positive deployment frequency, or no strategy but `none`.
 * Parameter names and `none` are matched exactly; a list must not be empty.
 * A `deploy_window` is not among them: whether a window is open depends on
 * the time of the deployment, so the deploy gate decides it, not the blend.
 */
export const CLOSING_FORMS: readonly string[] = [
  'deployment_frequency <= v, with v ≤ 0',
  'deployment_frequency < v, with v ≤ 0',
  'deployment_frequency = v, with a number v ≤ 0',
  'deployment_frequency in [v, …], every v a number ≤ 0',
  'strategy = none',
  'strategy in [none]',
];

const nonPositive = (v: Scalar): boolean => typeof v === 'number' && v <= 0;

/** The values an `=` or `in` allows (none for any other operator). */
const allowed = (c: Constraint): readonly Scalar[] => (c.operator === '=' ? [c.value as Scalar] : c.operator === 'in' ? (c.value as Scalar[]) : []);

/** Whether `c` allows no positive value of `deployment_frequency`. */
function closesFrequency(c: Constraint): boolean {
  if (c.operator === '<=' || c.operator === '<') return nonPositive(c.value as Scalar);
  const values = allowed(c);
  return values.length > 0 && values.every(nonPositive);
}

/**
 * Whether `c` closes deployments on its own (one of {@link CLOSING_FORMS}):
 * a persona with such a constraint is a freeze, which a blend never outvotes
 * or drops as a conflict.
 */
export function isClosingConstraint(c: Constraint): boolean {
  if (c.parameter === 'deployment_frequency') return closesFrequency(c);
  if (c.parameter === 'strategy') {
    const values = allowed(c);
    return values.length > 0 && values.every((v) => v === NO_STRATEGY);
  }
  return false;
}
