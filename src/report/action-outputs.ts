import { MAX_JOB_OUTPUT_BYTES, Outputs } from '../actions/resolve-persona/constants.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import type { SelectionSource } from '../select/selection.js';

/** resolve-persona's outputs by name; every value is a string, as GitHub stores them. */
export type ActionOutputs = Record<(typeof Outputs)[keyof typeof Outputs], string>;

/**
 * Exactly what resolve-persona outputs for a resolved persona: `persona` (the
 * compact JSON of the {@link ResolvedPersona}), `id`, `name`,
 * `risk-tolerance`, `goals` (a JSON object metric → weight) and `source`
 * (where the selection came from). Shared by the action and `persona plan
 * --json` so the two cannot drift. Pure. Fails when the outputs would not
 * fit GitHub's 1 MiB limit on a job's outputs (the artifact has no limit).
 */
export function actionOutputs(persona: ResolvedPersona, source: SelectionSource): ActionOutputs {
  const outputs = {
    [Outputs.Persona]: JSON.stringify(persona),
    [Outputs.Id]: persona.id,
    [Outputs.Name]: persona.name,
    [Outputs.RiskTolerance]: persona.risk_tolerance,
    [Outputs.Goals]: JSON.stringify(Object.fromEntries(persona.optimization_goals.map((g) => [g.metric, g.weight]))),
    [Outputs.Source]: source,
  };
  const size = Object.values(outputs).reduce((sum, v) => sum + Buffer.byteLength(v), 0);
  if (size > MAX_JOB_OUTPUT_BYTES)
    throw new ConfigurationError(`the resolved persona's outputs are ${size} bytes, over GitHub's 1 MiB limit on a job's outputs`);
  return outputs;
}
