import {
  DEFAULT_RISK_TOLERANCE,
  type Constraint,
  type Goal,
  type Persona,
  type PersonaDefinition,
  type RiskPolicyDefinition,
  type Threshold,
  type WrittenIn,
} from '../persona/persona.js';

const constraintKey = (c: Constraint) => `${c.parameter}\u0000${c.operator}`;
const goalKey = (g: Goal) => g.metric;
const thresholdKey = (t: Threshold) => `${t.metric}\u0000${t.operator}`;

/**
 * The child's items replace every parent item with the same key, at the
 * place of the first of them; child items with a new key follow, in order.
 * Several child items may share a key (two `matches` on one parameter).
 */
function mergeBy<T>(parent: readonly T[], child: readonly T[], key: (item: T) => string): T[] {
  const childByKey = new Map<string, T[]>();
  for (const item of child) {
    const group = childByKey.get(key(item));
    if (group) group.push(item);
    else childByKey.set(key(item), [item]);
  }
  const placed = new Set<string>();
  const merged: T[] = [];
  for (const item of parent) {
    const k = key(item);
    const replacement = childByKey.get(k);
    if (!replacement) merged.push(item);
    else if (!placed.has(k)) {
      merged.push(...replacement);
      placed.add(k);
    }
  }
  for (const item of child) if (!placed.has(key(item))) merged.push(item);
  return merged;
}

/**
 * The child's `risk_policy` fields replace the parent's field by field, the
 * timeouts stage by stage; undefined when neither declares one.
 */
export function inheritRiskPolicy(child?: RiskPolicyDefinition, parent?: RiskPolicyDefinition): RiskPolicyDefinition | undefined {
  if (!child || !parent) return child ?? parent;
  const merged: RiskPolicyDefinition = { ...parent, ...child };
  if (parent.timeouts || child.timeouts) merged.timeouts = { ...parent.timeouts, ...child.timeouts };
  return merged;
}

/**
 * Applies `extends`: the child's constraints (by parameter and operator),
 * goals (by metric) and thresholds (by metric and operator) replace the
 * parent's; its risk tolerance and description win when set; its
 * `risk_policy` fields replace the parent's one by one.
 */
export function inherit(child: PersonaDefinition, parent: Persona | undefined): Persona {
  if (!parent) return { ...child, risk_tolerance: child.risk_tolerance ?? DEFAULT_RISK_TOLERANCE };
  const risk_policy = inheritRiskPolicy(child.risk_policy, parent.risk_policy);
  return {
    ...child,
    description: child.description ?? parent.description,
    risk_tolerance: child.risk_tolerance ?? parent.risk_tolerance,
    ...(risk_policy ? { risk_policy } : {}),
    constraints: mergeBy(parent.constraints, child.constraints, constraintKey),
    optimization_goals: mergeBy(parent.optimization_goals, child.optimization_goals, goalKey),
    monitoring_thresholds: mergeBy(parent.monitoring_thresholds, child.monitoring_thresholds, thresholdKey),
  };
}

/**
 * Which persona of the `extends` chain wrote each item of `persona`:
 * `lineage` is the chain's definitions, the persona itself first. Derived by
 * key, the same keys {@link inherit} merges by; a risk tolerance set nowhere
 * is attributed to the root (it is the default).
 */
export function writtenIn(persona: Persona, lineage: readonly PersonaDefinition[]): WrittenIn {
  const writer = <T>(item: T, items: (d: PersonaDefinition) => readonly T[], key: (i: T) => string): string =>
    (lineage.find((d) => items(d).some((own) => key(own) === key(item))) ?? lineage[0]!).id;
  return {
    risk_tolerance: (lineage.find((d) => d.risk_tolerance !== undefined) ?? lineage[lineage.length - 1]!).id,
    constraints: persona.constraints.map((c) => writer(c, (d) => d.constraints, constraintKey)),
    optimization_goals: persona.optimization_goals.map((g) => writer(g, (d) => d.optimization_goals, goalKey)),
    monitoring_thresholds: persona.monitoring_thresholds.map((t) => writer(t, (d) => d.monitoring_thresholds, thresholdKey)),
  };
}
