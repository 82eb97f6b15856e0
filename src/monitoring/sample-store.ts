/**
 * The samples the watch has seen, per metric: what a threshold's `window`
 * reduces when the source gave no value over that window itself. Each
 * metric keeps a ring buffer of at most {@link MAX_SAMPLES_PER_METRIC}
 * samples (the oldest dropped first), ordered by time, so a window's start
 * and end are found by binary search and a reduction costs only the samples
 * inside the window. Only finite values are stored: NaN and ±Infinity are
 * "no data" and never reach an average or a quantile. Pure, in memory.
 */
import type { Reading } from './readings.js';
import { reduceValues } from './window-statistics.js';
import type { WindowReduction } from './window-reduction.js';

/** The most samples kept per metric; older ones are dropped. */
export const MAX_SAMPLES_PER_METRIC = 100_000;

/** One stored sample. */
export interface Sample {
  ts: number;
  value: number;
}

/** Copies `count` entries of the ring `source` from physical slot `from` on (wrapping at most once) to the start of `target`. */
function copyRing(source: Float64Array, from: number, count: number, target: Float64Array): void {
  const first = Math.min(count, source.length - from);
  target.set(source.subarray(from, from + first), 0);
  if (first < count) target.set(source.subarray(0, count - first), first);
}

/** A bounded ring buffer of one metric's samples, kept sorted by time (sorted lazily when a sample arrives out of order). */
class MetricSamples {
  private ts: Float64Array;
  private values: Float64Array;
  private head = 0;
  size = 0;
  private sorted = true;

  constructor(private readonly limit: number) {
    const initial = Math.min(64, limit);
    this.ts = new Float64Array(initial);
    this.values = new Float64Array(initial);
  }

  /** Physical slot of the i-th sample (0 = oldest). */
  private slot(i: number): number {
    const p = this.head + i;
    return p >= this.ts.length ? p - this.ts.length : p;
  }

  /** Appends a sample, growing the buffer up to the limit and then overwriting the oldest. */
  add(ts: number, value: number): void {
    if (this.size > 0 && ts < this.ts[this.slot(this.size - 1)]!) this.sorted = false;
    if (this.size === this.ts.length && this.size < this.limit) this.resize(Math.min(this.limit, this.size * 2));
    if (this.size === this.ts.length) {
      this.ts[this.head] = ts;
      this.values[this.head] = value;
      this.head = this.slot(1);
      return;
    }
    const s = this.slot(this.size++);
    this.ts[s] = ts;
    this.values[s] = value;
  }

  /** Copies the samples, oldest first, into buffers of `capacity` (head back to 0), in `order` when given. */
  private resize(capacity: number, order?: Uint32Array): void {
    const ts = new Float64Array(capacity);
    const values = new Float64Array(capacity);
    if (order) {
      for (let i = 0; i < this.size; i++) {
        const s = this.slot(order[i]!);
        ts[i] = this.ts[s]!;
        values[i] = this.values[s]!;
      }
    } else {
      copyRing(this.ts, this.head, this.size, ts);
      copyRing(this.values, this.head, this.size, values);
    }
    this.ts = ts;
    this.values = values;
    this.head = 0;
  }

  /** Sorts the samples by time (stable) when one arrived out of order. */
  ensureSorted(): void {
    if (this.sorted) return;
    const order = Uint32Array.from({ length: this.size }, (_, i) => i);
    const times = Float64Array.from({ length: this.size }, (_, i) => this.ts[this.slot(i)]!);
    order.sort((a, b) => times[a]! - times[b]! || a - b);
    this.resize(this.ts.length, order);
    this.sorted = true;
  }

  /** The first logical index whose time is > `t` (binary search). */
  private firstAfter(t: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[this.slot(mid)]! > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The logical range [start, end) of the samples with a time in (from, to]. */
  range(from: number, to: number): [number, number] {
    this.ensureSorted();
    return [this.firstAfter(from), this.firstAfter(to)];
  }

  /** Copies the values of samples [start, end) into `target`. */
  copyValues(start: number, end: number, target: Float64Array): void {
    copyRing(this.values, this.slot(start), end - start, target);
  }

  /** The i-th sample. */
  sample(i: number): Sample {
    const s = this.slot(i);
    return { ts: this.ts[s]!, value: this.values[s]! };
  }
}

/** The samples of every metric seen, each metric bounded (see the module comment). */
export class SampleStore {
  private readonly metrics = new Map<string, MetricSamples>();
  private scratch = new Float64Array(0);

  /** @param limit the most samples kept per metric (default {@link MAX_SAMPLES_PER_METRIC}). */
  constructor(private readonly limit = MAX_SAMPLES_PER_METRIC) {}

  /** Stores a reading's value at its time; non-finite values (no data) and non-finite times are not stored. Returns whether it was stored. */
  add(reading: Pick<Reading, 'metric' | 'value' | 'ts'>): boolean {
    return this.writer(reading.metric)(reading.ts, reading.value);
  }

  /**
   * A function storing samples of `metric` without looking the metric up
   * each time (the watch's hot path); same rules as {@link add}.
   */
  writer(metric: string): (ts: number, value: number) => boolean {
    let samples = this.metrics.get(metric);
    if (!samples) this.metrics.set(metric, (samples = new MetricSamples(this.limit)));
    const target = samples;
    return (ts, value) => {
      if (!Number.isFinite(value) || !Number.isFinite(ts)) return false;
      target.add(ts, value);
      return true;
    };
  }

  /**
   * The reduction (average or quantile) of `metric`'s samples with a time in
   * (now − windowMs, now]; undefined when there is none.
   */
  reduce(metric: string, windowMs: number, now: number, reduction: WindowReduction): number | undefined {
    const samples = this.metrics.get(metric);
    if (!samples) return undefined;
    const [start, end] = samples.range(now - windowMs, now);
    const n = end - start;
    if (n <= 0) return undefined;
    if (this.scratch.length < n) this.scratch = new Float64Array(Math.max(n, this.scratch.length * 2));
    const window = this.scratch.subarray(0, n);
    samples.copyValues(start, end, window);
    return reduceValues(window, reduction);
  }

  /** The newest sample of `metric` (by time), when its time is ≥ `since` (any time when omitted). */
  latest(metric: string, since = -Infinity): Sample | undefined {
    const samples = this.metrics.get(metric);
    if (!samples || samples.size === 0) return undefined;
    samples.ensureSorted();
    const last = samples.sample(samples.size - 1);
    return last.ts >= since ? last : undefined;
  }

  /** How many samples of `metric` are kept: all of them, or those with a time in (now − windowMs, now] when both are given. */
  count(metric: string, windowMs?: number, now?: number): number {
    const samples = this.metrics.get(metric);
    if (!samples) return 0;
    if (windowMs === undefined || now === undefined) return samples.size;
    const [start, end] = samples.range(now - windowMs, now);
    return end - start;
  }
}
