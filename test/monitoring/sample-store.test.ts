/** The sample store: windows (start exclusive, end inclusive), reductions, the ring-buffer bound, order and non-finite values. */
import { MAX_SAMPLES_PER_METRIC, SampleStore } from '../../src/monitoring/sample-store.js';

const NOW = 1_000_000;
const avg = { kind: 'avg' } as const;
const p95 = { kind: 'quantile', q: 0.95 } as const;

/** A store with `metric` at value i at time NOW − (n − i) seconds, i = 1..n. */
function ramp(n: number, metric = 'latency_p95_ms', store = new SampleStore()): SampleStore {
  for (let i = 1; i <= n; i++) store.add({ metric, value: i, ts: NOW - (n - i) * 1000 });
  return store;
}

describe('SampleStore.reduce', () => {
  it('averages the samples with a time in (now − window, now]', () => {
    const store = ramp(100);
    // Window 10 s: times NOW−9 s … NOW, values 91..100 (the sample at exactly NOW−10 s is out).
    expect(store.reduce('latency_p95_ms', 10_000, NOW, avg)).toBe(95.5);
    expect(store.count('latency_p95_ms', 10_000, NOW)).toBe(10);
    // A window ending earlier leaves out later samples.
    expect(store.reduce('latency_p95_ms', 10_000, NOW - 50_000, avg)).toBe(45.5);
  });

  it('takes the p95 of a known window like Prometheus (1..100 → 95.05)', () => {
    expect(ramp(100).reduce('latency_p95_ms', 100_000, NOW, p95)).toBeCloseTo(95.05, 10);
  });

  it('is undefined for an unknown metric or an empty window, and samples ahead of now are outside', () => {
    const store = ramp(5);
    expect(store.reduce('other', 60_000, NOW, avg)).toBeUndefined();
    expect(store.reduce('latency_p95_ms', 60_000, NOW - 3_600_000, avg)).toBeUndefined();
    expect(store.count('latency_p95_ms', 2_000, NOW - 1_000)).toBe(2);
  });

  it('sorts samples that arrive out of order before finding a window', () => {
    const store = new SampleStore();
    for (const [ts, value] of [
      [NOW, 10],
      [NOW - 30_000, 1000],
      [NOW - 5_000, 20],
      [NOW - 1_000, 30],
    ] as const)
      store.add({ metric: 'm', value, ts });
    expect(store.reduce('m', 10_000, NOW, avg)).toBe(20);
    expect(store.latest('m')).toEqual({ ts: NOW, value: 10 });
  });
});

describe('SampleStore bounds and values', () => {
  it('keeps at most `limit` samples per metric, dropping the oldest', () => {
    const store = ramp(8, 'm', new SampleStore(5));
    expect(store.count('m')).toBe(5);
    expect(store.reduce('m', 3_600_000, NOW, avg)).toBe(6); // 4..8
    ramp(3, 'other', store);
    expect(store.count('other')).toBe(3);
  });

  it(`bounds a metric at ${MAX_SAMPLES_PER_METRIC} samples by default`, () => {
    const store = new SampleStore();
    for (let i = 0; i < MAX_SAMPLES_PER_METRIC + 1000; i++) store.add({ metric: 'm', value: i, ts: i });
    expect(store.count('m')).toBe(MAX_SAMPLES_PER_METRIC);
    expect(store.latest('m')).toEqual({ ts: MAX_SAMPLES_PER_METRIC + 999, value: MAX_SAMPLES_PER_METRIC + 999 });
    // Samples 1000 … 100999 remain: their mean is 50999.5.
    expect(store.reduce('m', 1e12, MAX_SAMPLES_PER_METRIC + 1000, avg)).toBe(50_999.5);
  });

  it('stores no NaN, ±Infinity or non-finite time', () => {
    const store = new SampleStore();
    expect(store.add({ metric: 'm', value: NaN, ts: NOW })).toBe(false);
    expect(store.add({ metric: 'm', value: Infinity, ts: NOW })).toBe(false);
    expect(store.add({ metric: 'm', value: -Infinity, ts: NOW })).toBe(false);
    expect(store.add({ metric: 'm', value: 1, ts: NaN })).toBe(false);
    expect(store.add({ metric: 'm', value: 4, ts: NOW })).toBe(true);
    expect(store.count('m')).toBe(1);
    expect(store.reduce('m', 1000, NOW, avg)).toBe(4);
  });

  it('latest honours `since`', () => {
    const store = ramp(3, 'm');
    expect(store.latest('m', NOW)).toEqual({ ts: NOW, value: 3 });
    expect(store.latest('m', NOW + 1)).toBeUndefined();
    expect(store.latest('none')).toBeUndefined();
  });
});
