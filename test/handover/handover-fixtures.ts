import { blendPersonas } from '../../src/blend/blend.js';
import type { ResolvedPersona } from '../../src/blend/resolved-persona.js';
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import type { Diagnostic } from '../../src/errors/diagnostic.js';
import { cost, persona, security, threshold } from '../blend/fixtures.js';

/**
 * A resolved persona using every field of the hand-over: a weighted blend
 * with a dropped conflict, list and `matches` constraints, a threshold with
 * and one without a window, a `switch:` action.
 */
export function richPersona(): ResolvedPersona {
  const branch = persona('release-train', {
    name: 'Release Train',
    constraints: [
      { parameter: 'branch', operator: 'matches', value: '^(main|release/.+)$' },
      { parameter: 'strategy', operator: 'in', value: ['canary', 'blue-green'] },
    ],
    monitoring_thresholds: [threshold('latency_p95_ms', '>', 400, { severity: 'warning', action: 'switch:security-first' })],
  });
  return blendPersonas(
    [
      { persona: security, weight: 0.6 },
      { persona: cost, weight: 0.3 },
      { persona: branch, weight: 0.1 },
    ],
    { onConflict: 'weighted' },
  );
}

/** A single persona: it keeps its description. */
export function singlePersona(): ResolvedPersona {
  return blendPersonas([{ persona: security, weight: 1 }]);
}

/** The diagnostics of the ConfigurationError `promise` rejects with. */
export async function diagnosticsOf(promise: Promise<unknown>): Promise<Diagnostic[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConfigurationError(error)) throw new Error(`expected a ConfigurationError, got ${String(error)}`);
  return [...error.diagnostics];
}
