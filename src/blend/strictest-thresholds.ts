import type { Threshold } from '../persona/persona.js';
import type { Provenance } from './resolved-persona.js';

/** A persona's thresholds, highest blend weight first. */
export interface PersonaThresholds {
  id: string;
  thresholds: readonly Threshold[];
}

const above = (t: Threshold) => t.operator === '>' || t.operator === '>=';

/** True when `a` fires no later than `b` (same metric and direction) and differs from it. */
function stricter(a: Threshold, b: Threshold): boolean {
  if (a.value !== b.value) return above(a) ? a.value < b.value : a.value > b.value;
  const inclusive = (t: Threshold) => t.operator === '>=' || t.operator === '<=';
  return inclusive(a) && !inclusive(b);
}

/**
 * Per metric and direction (too high: `>`/`>=`; too low: `<`/`<=`), the
 * strictest bound wins, with its window, severity and action. Among equal
 * bounds the highest-weight persona's action wins; `from` names every persona
 * that set that same bound.
 */
export function strictestThresholds(personas: readonly PersonaThresholds[]): Array<Threshold & Provenance> {
  const winners = new Map<string, Threshold & Provenance>();
  for (const p of personas)
    for (const t of p.thresholds) {
      const groupKey = `${t.metric}\u0000${above(t) ? 'above' : 'below'}`;
      const current = winners.get(groupKey);
      if (!current || stricter(t, current)) winners.set(groupKey, { ...t, from: [p.id] });
      else if (t.value === current.value && t.operator === current.operator && !current.from.includes(p.id)) current.from.push(p.id);
    }
  return [...winners.values()];
}
