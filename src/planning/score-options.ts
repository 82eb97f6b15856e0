/**
 * Scoring the options that passed a persona's constraints by its
 * optimisation goals: for each goal, the estimate of its metric normalised
 * across the candidates (0 the worst, 1 the best, direction-aware), then a
 * weighted mean. Pure and linear in options × goals.
 */
import type { Goal, Provenance } from '../persona/persona.js';
import type { Catalog, CatalogOption } from './catalog.js';
import type { GoalContribution, RankedOption } from './explanation.js';

/** Decimals kept in scores and normalised values (so equal options tie exactly and the explanation reads cleanly). */
const SCALE = 10 ** 4;
const round = (value: number): number => Math.round(value * SCALE) / SCALE;

/** The metric a goal is read through: the catalog's alias for it (`velocity` → `build_time`), else its own name. */
export function goalMetric(catalog: Pick<Catalog, 'goals'>, goal: string): string {
  return Object.hasOwn(catalog.goals, goal) ? catalog.goals[goal]! : goal;
}

/** One scoring goal: its metric's value for each candidate (NaN where not estimated), and their range. */
interface Scale {
  goal: string;
  metric: string;
  weight: number;
  lower: boolean;
  values: Float64Array;
  min: number;
  max: number;
}

/**
 * The scale of `metric` over the candidates (one pass, one key: a fast
 * monomorphic read), or undefined when no candidate estimates it.
 */
function scaleOf(estimates: ReadonlyArray<Record<string, number>>, metric: string): Pick<Scale, 'values' | 'min' | 'max'> | undefined {
  const values = new Float64Array(estimates.length);
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < estimates.length; k++) {
    // Estimates are finite numbers; Object.prototype has no number-valued property, so `typeof` stands in for hasOwn (and is faster).
    const read: unknown = estimates[k]![metric];
    const v = typeof read === 'number' ? read : NaN;
    values[k] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity ? undefined : { values, min, max };
}

/** `value` on the scale: min→0, max→1, flipped for a `lower` metric; 1 when every candidate is equal. */
function normalise(scale: Scale, value: number): number {
  if (scale.max === scale.min) return 1;
  const n = (value - scale.min) / (scale.max - scale.min);
  return scale.lower ? 1 - n : n;
}

/**
 * Ranks `candidates` by `goals`. Each goal's metric is read through the
 * catalog's alias or its own name and normalised across the candidates
 * (min→0, max→1, flipped for a `lower` metric; all equal → 1 for each).
 * An option's score is Σ weight × normalised over the scoring goals divided
 * by the sum of their weights (0 when no goal scores, or all weigh 0); an
 * option that does not estimate a scoring goal's metric gets 0 for it (no
 * contribution listed). Sorted by score, best first; ties keep catalog order;
 * the best {@link MAX_EXPLAINED_OPTIONS} list each goal's contribution.
 * `positions`: each candidate's index in the catalog, when the caller knows it.
 * `unscored`: the goals whose metric no option of the catalog estimates.
 */
export function rankOptions(
  candidates: readonly CatalogOption[],
  catalog: Catalog,
  goals: ReadonlyArray<Goal & Provenance>,
  positions?: ArrayLike<number>,
): { ranking: RankedOption[]; unscored: string[] } {
  const unscored: string[] = [];
  const scales: Scale[] = [];
  const estimates = candidates.map((o) => o.estimates);
  for (const goal of goals) {
    const metric = goalMetric(catalog, goal.metric);
    if (!catalog.options.some((o) => Object.hasOwn(o.estimates, metric))) {
      unscored.push(goal.metric);
      continue;
    }
    const r = scaleOf(estimates, metric);
    if (r) scales.push({ goal: goal.metric, metric, weight: goal.weight, lower: catalog.metrics[metric] === 'lower', ...r });
  }
  const total = scales.reduce((sum, s) => sum + s.weight, 0);
  // Each candidate's place in the catalog (ties keep it): given by the caller that filtered the catalog in order, else looked up.
  const order = positions ? undefined : new Map(catalog.options.map((o, i) => [o.id, i]));
  const sums = weightedSums(scales, candidates.length);
  const scores = new Float64Array(candidates.length);
  const place = new Float64Array(candidates.length);
  candidates.forEach((option, k) => {
    scores[k] = total > 0 ? round(sums[k]! / total) : 0;
    place[k] = positions ? positions[k]! : (order!.get(option.id) ?? k);
  });
  // Sort indexes, then build each entry once, in rank order.
  const byRank = Array.from(candidates.keys()).sort((a, b) => scores[b]! - scores[a]! || place[a]! - place[b]!);
  // Each goal's contribution is listed for the best options only: a 10,000-option catalog would otherwise
  // build 200,000 objects that no summary or output shows (both show the best first, cut).
  const ranking = byRank.map((k, place): RankedOption => ({
    id: candidates[k]!.id,
    score: scores[k]!,
    contributions: place < MAX_EXPLAINED_OPTIONS ? contributionsOf(scales, k) : NONE,
  }));
  return { ranking, unscored };
}

/** Σ weight × normalised per candidate, goal by goal over typed arrays (one tight loop per goal). */
function weightedSums(scales: readonly Scale[], count: number): Float64Array {
  const sums = new Float64Array(count);
  for (const scale of scales) {
    const { values, weight, min, max, lower } = scale;
    const span = max - min;
    for (let k = 0; k < count; k++) {
      const v = values[k]!;
      if (v !== v) continue; // NaN: the option does not estimate this metric
      const n = span === 0 ? 1 : (v - min) / span;
      sums[k]! += weight * (span !== 0 && lower ? 1 - n : n);
    }
  }
  return sums;
}

/** The contributions of an option past the best {@link MAX_EXPLAINED_OPTIONS}: none listed (one shared, frozen list). */
const NONE = Object.freeze([]) as unknown as GoalContribution[];

/** How many of the best-ranked options list each goal's contribution. */
export const MAX_EXPLAINED_OPTIONS = 50;

/** Each scoring goal's contribution to the candidate at `index` (a goal its option does not estimate is left out). */
function contributionsOf(scales: readonly Scale[], index: number): GoalContribution[] {
  const out: GoalContribution[] = [];
  for (const scale of scales) {
    const value = scale.values[index]!;
    if (!Number.isNaN(value)) out.push({ goal: scale.goal, metric: scale.metric, weight: scale.weight, normalised: round(normalise(scale, value)) });
  }
  return out;
}
