/**
 * A check's verdict and score from its thresholds (README "Watch score"),
 * in the manner of Keptn's quality gates:
 *
 * - Verdict: the worst of the thresholds' verdicts, in the order
 *   pass < warn < inconclusive < fail; pass when there are no thresholds.
 * - Score: each threshold weighs by the persona's weight of the goal its
 *   metric serves (metric-goals.ts); a pass earns its weight, a warn half of
 *   it, a fail nothing. A threshold without data is left out unless it
 *   failed (`on-no-data: fail`). The score is earned ÷ counted weight in
 *   percent, rounded to one decimal; 100 when nothing is counted.
 * - Veto: a failing `critical` threshold fails the check whatever the score
 *   (`vetoed: true`).
 * Pure.
 */
import type { Goal } from '../persona/persona.js';
import { thresholdWeight } from './metric-goals.js';
import type { ThresholdCheck, Verdict } from './watch-types.js';

/** Verdicts from best to worst. */
export const VERDICT_ORDER: readonly Verdict[] = ['pass', 'warn', 'inconclusive', 'fail'];

/** The worse of two verdicts. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return VERDICT_ORDER.indexOf(b) > VERDICT_ORDER.indexOf(a) ? b : a;
}

/** What a threshold's verdict earns of its weight. */
const EARNED: Record<Verdict, number> = { pass: 1, warn: 0.5, fail: 0, inconclusive: 0 };

/** The verdict, score and veto of one check (see the module comment). */
export function scoreCheck(
  checks: readonly ThresholdCheck[],
  goals: ReadonlyArray<Pick<Goal, 'metric' | 'weight'>>,
): { verdict: Verdict; score: number; vetoed: boolean } {
  let verdict: Verdict = 'pass';
  let earned = 0;
  let counted = 0;
  let vetoed = false;
  for (const c of checks) {
    verdict = worse(verdict, c.verdict);
    if (c.verdict === 'fail' && c.threshold.severity === 'critical') vetoed = true;
    if (c.state === 'no-data' && c.verdict !== 'fail') continue;
    const weight = thresholdWeight(c.threshold.metric, goals);
    counted += weight;
    earned += weight * EARNED[c.verdict];
  }
  const score = counted > 0 ? Math.round((1000 * earned) / counted) / 10 : 100;
  return { verdict: vetoed ? 'fail' : verdict, score, vetoed };
}
