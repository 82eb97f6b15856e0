import type { ResolvedPersona } from '../blend/resolved-persona.js';
import { byCodeUnit } from '../persona/code-unit-order.js';
import type { Constraint, Scalar } from '../persona/persona.js';
import { type HandoverSelection, serializeHandover, toHandover } from './handover-document.js';

/** The outputs every action that hands a persona on sets, by name (as in action.yml). */
export const PersonaOutputs = {
  Persona: 'persona',
  Id: 'id',
  Name: 'name',
  RiskTolerance: 'risk-tolerance',
  Goals: 'goals',
  Constraints: 'constraints',
  Source: 'source',
  Revision: 'revision',
  CorrelationId: 'correlation-id',
  Cohort: 'cohort',
} as const;

/** Output name → value; every value is a string, as GitHub stores them. */
export type PersonaOutputValues = Record<(typeof PersonaOutputs)[keyof typeof PersonaOutputs], string>;

/** The `constraints` output: parameter → operator → value. */
export type ConstraintsByParameter = Record<string, Record<string, Scalar | Scalar[]>>;

/** Operators whose value is always a list in {@link constraintsByParameter}. */
const LIST_OPERATORS = new Set<string>(['in', 'not_in', 'includes', 'excludes', 'matches']);

/**
 * The constraints as a JSON object keyed by parameter, then operator, so a
 * workflow reads them with `fromJSON()` alone:
 * `{"strategy":{"=":"canary"},"replicas":{">=":2,"<=":3}}`. `in`, `not_in`,
 * `includes`, `excludes` and `matches` always hold arrays (several `matches` on one parameter are
 * collected), so an expression never meets a string in one blend and an
 * array in another. Keys are sorted by code unit, so the text is stable.
 */
export function constraintsByParameter(constraints: readonly Constraint[]): ConstraintsByParameter {
  const out: ConstraintsByParameter = Object.create(null);
  for (const c of [...constraints].sort((a, b) => byCodeUnit(a.parameter, b.parameter))) {
    const ops = (out[c.parameter] ??= Object.create(null) as Record<string, Scalar | Scalar[]>);
    if (LIST_OPERATORS.has(c.operator)) {
      const values = Array.isArray(c.value) ? c.value : [c.value];
      ops[c.operator] = [...((ops[c.operator] as Scalar[] | undefined) ?? []), ...values];
    } else ops[c.operator] = c.value as Scalar;
  }
  // A plain object again, so JSON.stringify and fromJSON see ordinary objects.
  return JSON.parse(JSON.stringify(out)) as ConstraintsByParameter;
}

/**
 * What an action outputs for a resolved persona: `persona` (the versioned
 * hand-over, compact JSON), `id`, `name`, `risk-tolerance`, `goals` (metric → weight),
 * `constraints` (see {@link constraintsByParameter}), `source` (where the
 * selection came from), `revision` (the state revision seen, '' without a
 * state), `correlation-id` (of the switch that chose it, '' when none) and
 * `cohort` (`target`, `baseline` or `none`). Shared by the actions and
 * `persona plan --json`, so the two cannot drift. Pure; the size check is
 * the writer's.
 */
export function personaOutputs(persona: ResolvedPersona, selection: HandoverSelection): PersonaOutputValues {
  return {
    [PersonaOutputs.Persona]: serializeHandover(toHandover(persona, selection), 'compact'),
    [PersonaOutputs.Id]: persona.id,
    [PersonaOutputs.Name]: persona.name,
    [PersonaOutputs.RiskTolerance]: persona.risk_tolerance,
    [PersonaOutputs.Goals]: JSON.stringify(Object.fromEntries(persona.optimization_goals.map((g) => [g.metric, g.weight]))),
    [PersonaOutputs.Constraints]: JSON.stringify(constraintsByParameter(persona.constraints)),
    [PersonaOutputs.Source]: selection.source,
    [PersonaOutputs.Revision]: selection.revision === null ? '' : String(selection.revision),
    [PersonaOutputs.CorrelationId]: selection.correlation_id ?? '',
    [PersonaOutputs.Cohort]: selection.cohort,
  };
}
