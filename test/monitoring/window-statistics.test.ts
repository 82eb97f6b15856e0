/** The window reductions: average and Prometheus-style interpolated quantiles by quickselect. */
import { average, quantile, reduceValues, selectKth } from '../../src/monitoring/window-statistics.js';

/** A deterministic pseudo-random sequence in [0, 1000). */
function randomValues(n: number, seed: number): Float64Array {
  let x = seed;
  return Float64Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * 1000);
  });
}

/** The reference: sort, then interpolate between the neighbours of rank q·(n−1). */
function sortedQuantile(values: Float64Array, q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

describe('quantile', () => {
  it('interpolates like Prometheus on 1..100: p95 = 95.05, p50 = 50.5, p99 = 99.01', () => {
    const values = () => Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(values(), 0.95)).toBeCloseTo(95.05, 10);
    expect(quantile(values(), 0.5)).toBeCloseTo(50.5, 10);
    expect(quantile(values(), 0.99)).toBeCloseTo(99.01, 10);
  });

  it('of one value is that value, of none NaN', () => {
    expect(quantile(Float64Array.of(7), 0.95)).toBe(7);
    expect(quantile(new Float64Array(0), 0.95)).toBeNaN();
  });

  it.each([
    [1000, 0.95, 1],
    [1001, 0.5, 2],
    [37, 0.99, 3],
    [5000, 0.999, 4],
    [2, 0.25, 5],
  ])('matches the sorted reference on %i pseudo-random values (q %d, seed %i)', (n, q, seed) => {
    const values = randomValues(n, seed);
    expect(quantile(values.slice(), q)).toBeCloseTo(sortedQuantile(values, q), 9);
  });

  it('handles many duplicates and negative values', () => {
    const values = Float64Array.from({ length: 501 }, (_, i) => (i % 3) - 1);
    expect(quantile(values.slice(), 0.5)).toBe(sortedQuantile(values, 0.5));
    expect(quantile(values.slice(), 0.95)).toBe(1);
  });
});

describe('selectKth', () => {
  it('puts the k-th smallest at k with smaller values before and larger after', () => {
    const values = randomValues(999, 9);
    const k = 321;
    const kth = selectKth(values, k);
    expect(kth).toBe([...values].sort((a, b) => a - b)[k]);
    for (let i = 0; i < k; i++) expect(values[i]).toBeLessThanOrEqual(kth);
    for (let i = k + 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(kth);
  });
});

describe('average and reduceValues', () => {
  it('averages, NaN when empty', () => {
    expect(average(Float64Array.of(1, 2, 3, 10))).toBe(4);
    expect(average(new Float64Array(0))).toBeNaN();
  });

  it('dispatches on the reduction', () => {
    expect(reduceValues(Float64Array.of(1, 2, 3, 4, 100), { kind: 'avg' })).toBe(22);
    expect(reduceValues(Float64Array.of(1, 2, 3, 4, 100), { kind: 'quantile', q: 0.5 })).toBe(3);
  });
});
