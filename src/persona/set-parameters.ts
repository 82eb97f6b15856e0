import { PARAMETERS } from './parameter-registry.js';
import type { Constraint } from './persona.js';

/**
 * The parameters whose value is a set (a stage chooses several items, such
 * as the test tiers it runs), not one value: the registry's `set` kind. A
 * set-valued parameter keeps its set form through blending (`test_tiers in
 * [unit]`, never `test_tiers = unit`). A parameter with an `includes` or
 * `excludes` constraint is set-valued too.
 */
export const SET_VALUED_PARAMETERS: readonly string[] = PARAMETERS.filter((p) => p.kind === 'set').map((p) => p.name);

/** The operators only a set-valued parameter takes: what the chosen set must contain, and what it must not. */
export const SET_OPERATORS: readonly string[] = ['includes', 'excludes'];

/**
 * Whether `parameter` is set-valued: listed in {@link SET_VALUED_PARAMETERS},
 * or constrained with `includes`/`excludes` by one of `constraints`.
 */
export function isSetValued(parameter: string, constraints: readonly Constraint[]): boolean {
  return SET_VALUED_PARAMETERS.includes(parameter) || constraints.some((c) => SET_OPERATORS.includes(c.operator));
}
