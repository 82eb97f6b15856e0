/**
 * The watch's evaluation workloads the issue names (shared by bench/run.ts,
 * the figures, and test/monitoring/hostile-monitoring.test.ts, the results):
 *
 * - evaluation: 100 thresholds over 1,000,000 samples (target ≥ 1,000,000
 *   samples/s). 50 metrics `latency_p95_ms_svc<k>` (even k: the window
 *   reduces by p95; goal latency, weight 0.5) and `error_rate_svc<k>` (odd
 *   k: by the average; no goal, weight 1), each
 *   with a windowed `warning`/`alert` threshold (window 15m) and an
 *   unwindowed `critical`/`alert` one. 100 checks, 30 s apart, each reading
 *   10,000 instant samples (200 per metric, spread over the interval), so
 *   a 15 m window holds up to 6,000 samples per metric. Values are a
 *   deterministic saw-tooth that breaches the windowed thresholds of the
 *   p95 metrics from about the middle on, so breaches and actions happen.
 * - per-check overhead without the source (target ≤ 5 ms): the same 100
 *   thresholds, the store pre-filled with one hour of 1 s samples per metric
 *   (180,000 samples), then checks of one new instant reading per metric;
 *   the median time of one `check()`.
 */
import type { ReadResult, Reading } from '../src/monitoring/readings.js';
import { watchPolicy } from '../src/monitoring/watch-policy.js';
import { WatchSession, type WatchOutcome, type WatchPersona, type WatchThreshold } from '../src/monitoring/watch-session.js';

const METRICS = 50;
const CHECKS = 100;
const PER_CHECK = 10_000;
const INTERVAL_MS = 30_000;
const T0 = Date.UTC(2026, 0, 1);

/** The metric names (as a source's parser hands them over: flat strings). */
const NAMES = Array.from({ length: METRICS }, (_, k) => (k % 2 === 0 ? `latency_p95_ms_svc${k}` : `error_rate_svc${k}`));
/** The name of metric k. */
const metricName = (k: number) => NAMES[k]!;

/** The workload's persona: two thresholds per metric (see the module comment). */
export function workloadPersona(): WatchPersona {
  const thresholds: WatchThreshold[] = [];
  for (let k = 0; k < METRICS; k++) {
    const metric = metricName(k);
    const limit = k % 2 === 0 ? 1400 : 0.9;
    thresholds.push({ metric, operator: '>', value: limit, window: '15m', severity: 'warning', action: 'alert', from: ['bench'] });
    thresholds.push({ metric, operator: '>', value: limit * 2, severity: 'critical', action: 'alert', from: ['bench'] });
  }
  return {
    id: 'bench',
    risk_tolerance: 'medium',
    monitoring_thresholds: thresholds,
    optimization_goals: [{ metric: 'latency', weight: 0.5, from: ['bench'] }],
  };
}

/** A sample of metric k at step s (deterministic saw-tooth; latencies climb with the check index). */
function sampleValue(k: number, check: number, s: number): number {
  const tooth = (s * 37 + k * 11) % 100;
  return k % 2 === 0 ? 200 + tooth * 10 + check * 4 : tooth / 200;
}

/** The readings of one evaluation check. */
function checkReadings(check: number): ReadResult {
  const readings: Reading[] = new Array(PER_CHECK);
  const perMetric = PER_CHECK / METRICS;
  for (let s = 0; s < perMetric; s++)
    for (let k = 0; k < METRICS; k++)
      readings[s * METRICS + k] = { metric: metricName(k), value: sampleValue(k, check, s), ts: T0 + check * INTERVAL_MS + (s * INTERVAL_MS) / perMetric };
  return { readings, problems: [] };
}

/**
 * One run of the evaluation workload: the wall and CPU time spent in
 * `check()` (each check's readings are built just before it, outside the
 * time), the samples fed and the outcome. CPU time is what tests assert on,
 * as it barely moves when the machine is busy.
 */
export function runEvaluation(): { elapsedMs: number; cpuMs: number; samples: number; outcome: WatchOutcome } {
  const session = new WatchSession(workloadPersona(), watchPolicy('medium'));
  let elapsedMs = 0;
  let cpuMs = 0;
  for (let i = 0; i < CHECKS; i++) {
    const read = checkReadings(i + 1);
    const cpu = process.cpuUsage();
    const start = performance.now();
    session.check(read, T0 + (i + 2) * INTERVAL_MS);
    elapsedMs += performance.now() - start;
    const used = process.cpuUsage(cpu);
    cpuMs += (used.user + used.system) / 1000;
  }
  return { elapsedMs, cpuMs, samples: CHECKS * PER_CHECK, outcome: session.outcome() };
}

/** Samples per second of the evaluation workload: the best of `runs` runs (after one warm-up). */
export function evaluateWorkload(runs = 3): number {
  runEvaluation();
  let best = 0;
  for (let r = 0; r < runs; r++) {
    const { elapsedMs, samples } = runEvaluation();
    best = Math.max(best, samples / (elapsedMs / 1000));
  }
  return best;
}

/** The median milliseconds of one check without the source (see the module comment), over `checks` checks. */
export function intervalOverhead(checks = 200): number {
  const session = new WatchSession(workloadPersona(), watchPolicy('medium'));
  const hour = 3600;
  for (let s = 0; s < hour; s += 60) {
    const readings: Reading[] = [];
    for (let t = s; t < s + 60; t++) for (let k = 0; k < METRICS; k++) readings.push({ metric: metricName(k), value: sampleValue(k, 0, t), ts: T0 + t * 1000 });
    session.check({ readings, problems: [] }, T0 + (s + 59) * 1000);
  }
  const times: number[] = [];
  for (let c = 0; c < checks; c++) {
    const now = T0 + (hour + c) * 1000;
    const read: ReadResult = {
      readings: Array.from({ length: METRICS }, (_, k) => ({ metric: metricName(k), value: sampleValue(k, 0, hour + c), ts: now })),
      problems: [],
    };
    const start = performance.now();
    session.check(read, now);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
