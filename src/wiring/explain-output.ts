import type { StageExplanation } from '../planning/explanation.js';

/** The most characters the `explain` output holds: a quarter of the 1 MiB every output of a job shares. */
export const MAX_EXPLAIN_CHARS = 256 * 1024;
/** How many ranked and rejected options a cut explanation keeps. */
const KEPT_WHEN_CUT = 50;

/**
 * The `explain` output: the explanations as JSON (one object for one stage
 * decision, else a list). A huge user catalog could make it larger than a
 * job's outputs may be, so above {@link MAX_EXPLAIN_CHARS} each explanation
 * keeps its best 50 ranked and first 50 rejected options and says how many
 * it left out (`omitted`); the job summary and the log still show the
 * decision in full.
 */
export function explainOutput(explanations: readonly StageExplanation[]): string {
  const whole = JSON.stringify(explanations.length === 1 ? explanations[0] : explanations);
  if (whole.length <= MAX_EXPLAIN_CHARS) return whole;
  const cut = explanations.map((e) => ({
    ...e,
    ranking: e.ranking.slice(0, KEPT_WHEN_CUT),
    rejected: e.rejected.slice(0, KEPT_WHEN_CUT),
    omitted: { ranking: Math.max(0, e.ranking.length - KEPT_WHEN_CUT), rejected: Math.max(0, e.rejected.length - KEPT_WHEN_CUT) },
  }));
  return JSON.stringify(cut.length === 1 ? cut[0] : cut);
}
