import { resolveBlend } from '../../src/blend/blend.js';
import type { ConflictPolicy } from '../../src/blend/blend-constraints.js';
import type { ResolvedPersona } from '../../src/blend/resolved-persona.js';
import { BUILTIN_DEFINITIONS } from '../../src/library/builtin-personas.generated.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import type { Constraint, Goal, Provenance, Scalar } from '../../src/persona/persona.js';
import type { Catalog, CatalogOption, MetricDirection } from '../../src/planning/catalog.js';

/** A constraint from persona `from` (default `p`). */
export const rule = (parameter: string, operator: Constraint['operator'], value: Scalar | Scalar[], from = 'p'): Constraint & Provenance => ({
  parameter,
  operator,
  value,
  from: [from],
});

/** A goal from persona `p`. */
export const goal = (metric: string, weight: number): Goal & Provenance => ({ metric, weight, from: ['p'] });

/** An option with the given parameters and estimates. */
export const option = (id: string, parameters: CatalogOption['parameters'] = {}, estimates: CatalogOption['estimates'] = {}): CatalogOption => ({
  id,
  parameters,
  estimates,
});

/** A catalog `c` of `options`; every metric the options estimate gets a direction from `metrics`, else `higher`. */
export function catalog(options: CatalogOption[], fields: Partial<Omit<Catalog, 'options'>> = {}): Catalog {
  const metrics: Record<string, MetricDirection> = {};
  for (const o of options) for (const m of Object.keys(o.estimates)) metrics[m] = 'higher';
  return { name: 'c', parameter: 'profile', choice: 'one', goals: {}, ...fields, metrics: { ...metrics, ...fields.metrics }, options };
}

const library = PersonaLibrary.build([{ label: 'built-in', definitions: BUILTIN_DEFINITIONS, diagnostics: [] }]);

/** A built-in persona or blend of them, resolved as resolve-persona would. */
export const builtin = (expression: string, onConflict: ConflictPolicy = 'strict'): ResolvedPersona => resolveBlend(library, expression, { onConflict });

/** The ids of every built-in persona, in library order. */
export const BUILTIN_IDS = BUILTIN_DEFINITIONS.map((d) => d.definition.id);
