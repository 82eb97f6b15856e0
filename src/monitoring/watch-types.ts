/**
 * The data of a watch: the persona it watches against, each threshold's
 * state at a check, a check's result, the actions it fires and the watch's
 * outcome. Re-exported by watch-session.ts. Plain data.
 */
import type { Goal, Provenance, Threshold } from '../persona/persona.js';
import type { RiskTolerance } from '../persona/vocabulary.js';

/** A verdict, best to worst: pass, warn, inconclusive, fail. */
export type Verdict = 'pass' | 'warn' | 'fail' | 'inconclusive';

/** A threshold as the watch holds it: with the ids of the personas that set it. */
export type WatchThreshold = Threshold & Provenance;

/** What a confirmed breach does at the check it is confirmed (see watch-session.ts). */
export type WatchAction =
  | { kind: 'alert' | 'fail' | 'rollback'; threshold: WatchThreshold; value?: number }
  | { kind: 'switch'; to: string; threshold: WatchThreshold; value?: number };

/**
 * One threshold at one check. `state`: `ok` (not breached), `breach`,
 * `warming-up` (breached, but its metric has fewer than `min-samples`
 * samples) or `no-data`. `consecutive`: consecutive breaching (or, under
 * `on-no-data: fail`, data-less) checks so far. `acting`: the breach is
 * confirmed (min-samples and failure-limit reached) and counts in the
 * verdict. `samples`: the samples the value rests on.
 */
export interface ThresholdCheck {
  threshold: WatchThreshold;
  /** The value compared: undefined when none, NaN / ±Infinity when the source read such (no data). */
  value?: number;
  samples: number;
  state: 'ok' | 'breach' | 'no-data' | 'warming-up';
  consecutive: number;
  acting: boolean;
  verdict: Verdict;
}

/** One check: every threshold of the current persona, the check's verdict and score, and the actions that fire now. */
export interface CheckResult {
  /** 1-based. */
  index: number;
  /** The check's time (epoch ms). */
  at: number;
  personaId: string;
  checks: ThresholdCheck[];
  verdict: Verdict;
  /** 0..100. */
  score: number;
  /** A critical threshold failed: the check fails whatever its score. */
  vetoed: boolean;
  /** The actions that fire at this check. */
  actions: WatchAction[];
  /** Set when this check ends the watch. */
  ends?: 'fail' | 'rollback';
  /** Why the watch ends here, one sentence (set with `ends`). */
  endReason?: string;
}

/** The persona a watch evaluates: its id, risk tolerance, thresholds and goals (a ResolvedPersona fits). */
export interface WatchPersona {
  id: string;
  risk_tolerance: RiskTolerance;
  monitoring_thresholds: WatchThreshold[];
  optimization_goals: Array<Goal & Provenance>;
}

/** A breach that acted (was confirmed), for the `breaches` output. */
export interface Breach {
  index: number;
  at: number;
  personaId: string;
  metric: string;
  operator: string;
  limit: number;
  value?: number;
  severity: string;
  action: string;
}

/** The watch so far. */
export interface WatchOutcome {
  /** The worst check verdict; inconclusive before the first check. */
  verdict: Verdict;
  /** The last check's score (0 before the first check). */
  score: number;
  checks: number;
  breaches: Breach[];
  ended?: 'fail' | 'rollback';
  /** Why the watch ended early. */
  endReason?: string;
  /** true when the worst verdict is fail but every action taken was `alert`: the step ends green with a warning */
  alertOnly: boolean;
}
