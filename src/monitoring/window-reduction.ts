/**
 * How a threshold's `window` reduces the samples of its metric: by the
 * percentile the metric's name carries (`latency_p95_ms` → the 95th
 * percentile, `p99` → the 99th, `p50` → the median), else by the average.
 * One rule for the watch (samples seen during it), the Prometheus source
 * (`quantile_over_time` / `avg_over_time`) and the exported alerting rules.
 * Pure.
 */

/** A window's reduction: the average, or a quantile (0 < q < 1). */
export type WindowReduction = { kind: 'avg' } | { kind: 'quantile'; q: number };

/** `p95`, `p99`, `p50` (percent) or `p999`, `p995` (per mille) as a word of the metric's name (between `_`, `.`, `-` or the ends). */
const PERCENTILE = /(?:^|[_.-])p(\d{2}|9\d{2})(?=$|[_.-])/;

/**
 * The reduction of `metric`'s window: `pNN` (two digits: percent) or
 * `p9NN` (three: per mille, `p999` → 0.999) as a word of the name is that
 * quantile; anything else (`p00`, `p100`), the average.
 */
export function reductionFor(metric: string): WindowReduction {
  const m = PERCENTILE.exec(metric);
  if (!m) return { kind: 'avg' };
  const digits = m[1]!;
  const q = Number(digits) / (digits.length === 2 ? 100 : 1000);
  return q > 0 && q < 1 ? { kind: 'quantile', q } : { kind: 'avg' };
}
