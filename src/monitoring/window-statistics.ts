/**
 * The two reductions of a window of samples: the average and the
 * φ-quantile, computed as Prometheus' `quantile_over_time` does (rank
 * `q·(n−1)`, linear interpolation between the two neighbouring order
 * statistics), so the watch and the exported alerting rules agree. The
 * quantile uses quickselect: expected O(n), no full sort. Pure.
 */
import type { WindowReduction } from './window-reduction.js';

/** The mean of `values` (finite numbers); NaN when empty. */
export function average(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Swaps two entries of `a`. */
function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * Reorders `a` so that `a[k]` is its k-th smallest value (0-based), every
 * value before it ≤ it and every value after it ≥ it (Hoare's quickselect,
 * median-of-three pivot). Mutates `a`.
 */
export function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/**
 * The φ-quantile of `values` (0 < q < 1) with Prometheus' interpolation:
 * rank r = q·(n−1); the value is a[⌊r⌋] + (a[⌊r⌋+1] − a[⌊r⌋])·(r − ⌊r⌋) of
 * the sorted values. NaN when empty. Mutates (reorders) `values`.
 */
export function quantile(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const rank = q * (n - 1);
  const low = Math.floor(rank);
  const lowValue = selectKth(values, low);
  if (low + 1 >= n || rank === low) return lowValue;
  // After the selection every value right of `low` is ≥ a[low]: the next order statistic is their minimum.
  let next = Infinity;
  for (let i = low + 1; i < n; i++) if (values[i]! < next) next = values[i]!;
  return lowValue + (next - lowValue) * (rank - low);
}

/** Reduces `values` by `reduction` (the average or a quantile); NaN when empty. May reorder `values`. */
export function reduceValues(values: Float64Array, reduction: WindowReduction): number {
  return reduction.kind === 'avg' ? average(values) : quantile(values, reduction.q);
}
