import { describeConstraint } from '../constraints/combine-constraints.js';
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import type { Provenance } from '../persona/persona.js';
import { thresholdDirection, thresholdTier, type ThresholdDirection } from '../blend/strictest-thresholds.js';
import { byCodeUnit } from '../persona/code-unit-order.js';
import type { Constraint, Goal, Threshold } from '../persona/persona.js';
import type { RiskTolerance } from '../persona/vocabulary.js';
import { describeThreshold, formatWeight } from './persona-text.js';

/** A goal whose weight differs between the two sides. */
export interface GoalChange {
  metric: string;
  before: number;
  after: number;
}

/** A constraint as `describeConstraint` writes it, with the personas it came from. */
export interface DiffedConstraint {
  constraint: string;
  from: string[];
}

/** A threshold present on both sides (same metric, direction, severity and action) that differs. */
export interface ThresholdChange {
  metric: string;
  direction: ThresholdDirection;
  before: Threshold & Provenance;
  after: Threshold & Provenance;
  /** The fields that differ (severity and action define the tier, so they never do). */
  changed: Array<'operator' | 'value' | 'window'>;
}

/** What changes from one resolved persona (`before`) to another (`after`). */
export interface PersonaDiff {
  before: { id: string; name: string };
  after: { id: string; name: string };
  /** Null when both sides have the same risk tolerance. */
  risk_tolerance: { before: RiskTolerance; after: RiskTolerance } | null;
  goals: { added: Array<Goal & Provenance>; removed: Array<Goal & Provenance>; changed: GoalChange[] };
  /** Compared by their `describeConstraint` text. */
  constraints: { added: DiffedConstraint[]; removed: DiffedConstraint[] };
  thresholds: { added: Array<Threshold & Provenance>; removed: Array<Threshold & Provenance>; changed: ThresholdChange[] };
  /** True when nothing above differs (names and provenance aside). */
  identical: boolean;
}

const direction = thresholdDirection;
/** A constraint's text with list values in a fixed order, so `in [a, b]` equals `in [b, a]`. */
const constraintKey = (c: Constraint): string =>
  describeConstraint(Array.isArray(c.value) ? { ...c, value: [...c.value].sort((x, y) => byCodeUnit(String(x), String(y))) } : c);
const sameWeight = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
const THRESHOLD_FIELDS = ['operator', 'value', 'window'] as const;

function diffConstraints(before: ResolvedPersona, after: ResolvedPersona): PersonaDiff['constraints'] {
  const byKey = (p: ResolvedPersona): Map<string, DiffedConstraint> => {
    const out = new Map<string, DiffedConstraint>();
    for (const c of p.constraints) {
      const entry = out.get(constraintKey(c)) ?? { constraint: describeConstraint(c), from: [] };
      entry.from = [...new Set([...entry.from, ...c.from])];
      out.set(constraintKey(c), entry);
    }
    return out;
  };
  const a = byKey(before);
  const b = byKey(after);
  return {
    added: [...b].filter(([k]) => !a.has(k)).map(([, d]) => d),
    removed: [...a].filter(([k]) => !b.has(k)).map(([, d]) => d),
  };
}

function diffThresholds(before: ResolvedPersona, after: ResolvedPersona): PersonaDiff['thresholds'] {
  const a = new Map(before.monitoring_thresholds.map((t) => [thresholdTier(t), t]));
  const b = new Map(after.monitoring_thresholds.map((t) => [thresholdTier(t), t]));
  const changed: ThresholdChange[] = [];
  for (const [key, next] of b) {
    const prev = a.get(key);
    if (!prev) continue;
    const fields = THRESHOLD_FIELDS.filter((f) => prev[f] !== next[f]);
    if (fields.length) changed.push({ metric: next.metric, direction: direction(next), before: prev, after: next, changed: fields });
  }
  return {
    added: [...b].filter(([k]) => !a.has(k)).map(([, t]) => t),
    removed: [...a].filter(([k]) => !b.has(k)).map(([, t]) => t),
    changed,
  };
}

/**
 * What changes from `before` to `after`, two resolved personas or blends:
 * risk tolerance; goals added, removed or re-weighted; constraints added or
 * removed (compared as text, so a tightened bound is one removed and one
 * added); thresholds added, removed or changed (matched by metric,
 * direction, severity and action). Provenance never counts as a change. Pure.
 */
export function diffPersonas(before: ResolvedPersona, after: ResolvedPersona): PersonaDiff {
  const goalsBefore = new Map(before.optimization_goals.map((g) => [g.metric, g]));
  const goalsAfter = new Map(after.optimization_goals.map((g) => [g.metric, g]));
  const goals: PersonaDiff['goals'] = {
    added: after.optimization_goals.filter((g) => !goalsBefore.has(g.metric)),
    removed: before.optimization_goals.filter((g) => !goalsAfter.has(g.metric)),
    changed: after.optimization_goals
      .filter((g) => goalsBefore.has(g.metric) && !sameWeight(goalsBefore.get(g.metric)!.weight, g.weight))
      .map((g) => ({ metric: g.metric, before: goalsBefore.get(g.metric)!.weight, after: g.weight })),
  };
  const risk_tolerance = before.risk_tolerance === after.risk_tolerance ? null : { before: before.risk_tolerance, after: after.risk_tolerance };
  const constraints = diffConstraints(before, after);
  const thresholds = diffThresholds(before, after);
  const counts = [goals.added, goals.removed, goals.changed, constraints.added, constraints.removed, thresholds.added, thresholds.removed, thresholds.changed];
  return {
    before: { id: before.id, name: before.name },
    after: { id: after.id, name: after.name },
    risk_tolerance,
    goals,
    constraints,
    thresholds,
    identical: !risk_tolerance && counts.every((c) => c.length === 0),
  };
}

const thresholdText = (t: Threshold): string => `${describeThreshold(t)} (${[t.window, t.severity, t.action].filter(Boolean).join(', ')})`;
const fromText = (from: readonly string[]): string => (from.length ? `  (from ${from.join(', ')})` : '');

/**
 * A {@link PersonaDiff} for the terminal: `+` added, `-` removed, `~`
 * changed, one section per kind of item that differs.
 */
export function personaDiffText(diff: PersonaDiff): string {
  const lines = [`${diff.before.id} → ${diff.after.id}`];
  if (diff.identical) return `${lines[0]}\nno differences\n`;
  if (diff.risk_tolerance) lines.push('', `risk tolerance: ${diff.risk_tolerance.before} → ${diff.risk_tolerance.after}`);
  const { goals, constraints, thresholds } = diff;
  if (goals.added.length + goals.removed.length + goals.changed.length)
    lines.push(
      '',
      'goals:',
      ...goals.added.map((g) => `  + ${g.metric} ${formatWeight(g.weight)}${fromText(g.from)}`),
      ...goals.changed.map((g) => `  ~ ${g.metric} ${formatWeight(g.before)} → ${formatWeight(g.after)}`),
      ...goals.removed.map((g) => `  - ${g.metric} ${formatWeight(g.weight)}${fromText(g.from)}`),
    );
  if (constraints.added.length + constraints.removed.length)
    lines.push(
      '',
      'constraints:',
      ...constraints.added.map((c) => `  + ${c.constraint}${fromText(c.from)}`),
      ...constraints.removed.map((c) => `  - ${c.constraint}${fromText(c.from)}`),
    );
  if (thresholds.added.length + thresholds.removed.length + thresholds.changed.length)
    lines.push(
      '',
      'thresholds:',
      ...thresholds.added.map((t) => `  + ${thresholdText(t)}${fromText(t.from)}`),
      ...thresholds.changed.map((c) => `  ~ ${thresholdText(c.before)} → ${thresholdText(c.after)}`),
      ...thresholds.removed.map((t) => `  - ${thresholdText(t)}${fromText(t.from)}`),
    );
  return `${lines.join('\n')}\n`;
}
