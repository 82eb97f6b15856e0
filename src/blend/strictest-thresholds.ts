import type { Provenance, Threshold } from '../persona/persona.js';

/** A persona's thresholds, highest blend weight first. */
export interface PersonaThresholds {
  id: string;
  thresholds: readonly Threshold[];
}

/** Which way a threshold watches its metric: too high (`>`, `>=`) or too low (`<`, `<=`). */
export type ThresholdDirection = 'above' | 'below';

/** The direction of a threshold. */
export function thresholdDirection(t: Pick<Threshold, 'operator'>): ThresholdDirection {
  return t.operator === '>' || t.operator === '>=' ? 'above' : 'below';
}

/**
 * The tier a threshold belongs to: its metric, direction, severity and
 * action. Thresholds of one tier compete in {@link strictestThresholds} and
 * are matched by it when two resolved personas are compared.
 */
export function thresholdTier(t: Pick<Threshold, 'metric' | 'operator' | 'severity' | 'action'>): string {
  return [t.metric, thresholdDirection(t), t.severity, t.action].join('\u0000');
}

/** True when `a` fires no later than `b` (same metric and direction) and differs from it. */
function stricter(a: Threshold, b: Threshold): boolean {
  if (a.value !== b.value) return thresholdDirection(a) === 'above' ? a.value < b.value : a.value > b.value;
  const inclusive = (t: Threshold) => t.operator === '>=' || t.operator === '<=';
  return inclusive(a) && !inclusive(b);
}

/**
 * Per metric and direction (too high: `>`/`>=`; too low: `<`/`<=`) the
 * strictest bound wins, with its window. The rule applies per tier, that is
 * per severity and action, so a blend never loses an escalation: an
 * `alert` at 1 % from one persona does not hide a `rollback` at 5 % from
 * another. Among equal bounds the highest-weight persona's window wins and
 * `from` names every persona that set that bound. Personas come highest
 * weight first; the output keeps first-seen order.
 */
export function strictestThresholds(personas: readonly PersonaThresholds[]): Array<Threshold & Provenance> {
  const winners = new Map<string, Threshold & Provenance>();
  for (const p of personas)
    for (const t of p.thresholds) {
      const tier = thresholdTier(t);
      const current = winners.get(tier);
      if (!current || stricter(t, current)) winners.set(tier, { ...t, from: [p.id] });
      else if (t.value === current.value && t.operator === current.operator && !current.from.includes(p.id)) current.from.push(p.id);
    }
  return [...winners.values()];
}
