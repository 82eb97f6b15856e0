/**
 * The explanation of a stage decision: the choice, the ranking of the
 * options that passed the persona's constraints, and every rejected option
 * with the constraint (and its personas) that rejected it. Rendered in the
 * `explain` output (JSON) and the job summary (report/plan-markdown.ts).
 */
import type { Constraint } from '../persona/persona.js';

/** How one goal scored one option. */
export interface GoalContribution {
  /** The goal's metric as the persona wrote it (`velocity`). */
  goal: string;
  /** The estimate it was read through (`build_time`), when it differs. */
  metric: string;
  /** The goal's weight in the persona (0..1). */
  weight: number;
  /** The estimate, normalised across the candidates to 0..1, 1 the best (direction-aware). */
  normalised: number;
}

/** A candidate that passed every constraint, with its score. */
export interface RankedOption {
  id: string;
  /** Weighted sum of normalised estimates divided by the sum of the scoring goals' weights: 0..1 (0 when no goal scores). */
  score: number;
  contributions: GoalContribution[];
}

/** An option a constraint rejected. */
export interface RejectedOption {
  id: string;
  /** The first constraint (in the persona's order) that rejected it. */
  constraint: Constraint;
  /** The personas that constraint came from. */
  from: string[];
  /** `optimization_level 3 is not <= 2` */
  reason: string;
}

/** A decision of one stage and why. */
export interface StageExplanation {
  stage: string;
  /** The catalog's name. */
  catalog: string;
  /** The chosen option ids: one for a `one` catalog, the chosen set (catalog order) for a `set` catalog. */
  chosen: string[];
  /** Candidates that passed the constraints, best first (ties in catalog order). */
  ranking: RankedOption[];
  rejected: RejectedOption[];
  /** Goals of the persona that no option of the catalog estimates (they did not score). */
  unscored_goals: string[];
  /** For a set: why each chosen item is in (`required by test_tiers includes [unit] (security-first)`, `score 0.71 >= 0.5`, …). */
  reasons?: Record<string, string>;
  /** Constraints nothing in the catalog could satisfy (each a violation, treated by the failure policy). */
  violations: Violation[];
}

/** A constraint the stage cannot honour (or, after the run, a measured value that breaks one). */
export interface Violation {
  constraint: Constraint;
  from: string[];
  message: string;
}
