import type { BlendTerm } from './blend-expression.js';
import type { Constraint, Goal, Provenance, Threshold } from '../persona/persona.js';
import type { RiskPolicyOverride } from '../persona/risk-policy.js';
import type { RiskTolerance } from '../persona/vocabulary.js';

/** A constraint the blend keeps on one parameter, dropped because it conflicted. */
export interface ConstraintConflict {
  parameter: string;
  /** The persona whose constraints were dropped. */
  dropped_from: string;
  dropped: Constraint[];
  /** The personas whose constraints on the parameter were kept. */
  kept_from: string[];
  message: string;
}

/**
 * The active persona after blending: what resolve-persona outputs and every
 * stage adapter reads. Each item says which persona(s) it came from.
 */
export interface ResolvedPersona {
  /** The canonical blend expression; a single persona keeps its own id. */
  id: string;
  /** Names joined with ` + ` by descending weight. */
  name: string;
  description?: string;
  blend: BlendTerm[];
  risk_tolerance: RiskTolerance;
  risk_tolerance_from: string[];
  /**
   * Overrides of the failure policy of `risk_tolerance`, blended toward
   * safety (src/blend/blend-risk-policy.ts); present only when a persona of
   * the blend declares a `risk_policy`. The effective policy is
   * `failurePolicy(persona)` (src/blend/failure-policy.ts).
   */
  risk_policy?: RiskPolicyOverride;
  constraints: Array<Constraint & Provenance>;
  optimization_goals: Array<Goal & Provenance>;
  monitoring_thresholds: Array<Threshold & Provenance>;
  /** Constraints dropped under `on-conflict: weighted`. */
  conflicts: ConstraintConflict[];
}
