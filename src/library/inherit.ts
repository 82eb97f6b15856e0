import { DEFAULT_RISK_TOLERANCE, type Persona, type PersonaDefinition } from '../persona/persona.js';

/** Replaces `parent` items by `child` items of the same key, keeping order; new child items follow. */
function mergeBy<T>(parent: readonly T[], child: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map(child.map((item) => [key(item), item]));
  const merged = parent.map((item) => {
    const k = key(item);
    const replacement = byKey.get(k);
    if (replacement) byKey.delete(k);
    return replacement ?? item;
  });
  return [...merged, ...child.filter((item) => byKey.get(key(item)) === item)];
}

/**
 * Applies `extends`: the child's constraints (by parameter and operator),
 * goals (by metric) and thresholds (by metric and operator) replace the
 * parent's; its risk tolerance and description win when set.
 */
export function inherit(child: PersonaDefinition, parent: Persona | undefined): Persona {
  if (!parent) return { ...child, risk_tolerance: child.risk_tolerance ?? DEFAULT_RISK_TOLERANCE };
  return {
    ...child,
    description: child.description ?? parent.description,
    risk_tolerance: child.risk_tolerance ?? parent.risk_tolerance,
    constraints: mergeBy(parent.constraints, child.constraints, (c) => `${c.parameter}\u0000${c.operator}`),
    optimization_goals: mergeBy(parent.optimization_goals, child.optimization_goals, (g) => g.metric),
    monitoring_thresholds: mergeBy(parent.monitoring_thresholds, child.monitoring_thresholds, (t) => `${t.metric}\u0000${t.operator}`),
  };
}
