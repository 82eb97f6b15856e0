/**
 * The shared shapes between the watch's evaluation (pure, `src/monitoring`)
 * and the metric sources (`src/metrics`): what the watch asks for at one
 * check, and what the sources read. Plain data, no behaviour.
 */
import type { WindowReduction } from './window-reduction.js';

/** What the watch asks a source for at one check. */
export interface MetricRequest {
  metric: string;
  /** Set when a threshold on the metric has a window: the source may reduce over it itself (Prometheus), else the watch does. */
  windowMs?: number;
  reduction: WindowReduction;
}

/** One value a source read. */
export interface Reading {
  metric: string;
  /** NaN / ±Infinity are "no data" for the evaluation (kept, reported). */
  value: number;
  /** Epoch ms the value is for (the check's time for instant values). */
  ts: number;
  /** Set when the source already reduced the value over this window (Prometheus range/`*_over_time`); such a value answers only thresholds with that window. */
  windowMs?: number;
}

/** The result of reading all sources once. */
export interface ReadResult {
  readings: Reading[];
  /** One sentence per source problem (unreachable, bad PromQL, bad JSON…): logged as warnings; the metrics concerned are "no data". */
  problems: string[];
}
