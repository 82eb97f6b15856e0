/**
 * Where a threshold's value comes from at a check (README "Watch
 * evaluation"), first match wins:
 *
 * 1. a reading the sources already reduced over exactly the threshold's
 *    window (`windowMs` set, e.g. Prometheus `avg_over_time`): such a
 *    reading answers only thresholds with that window; its samples are the
 *    number of such readings seen during the watch;
 * 2. with a window, the store's reduction (average, or the percentile the
 *    metric names: window-reduction.ts) of the samples with a time in
 *    (now − window, now]; its samples are those in the window;
 * 3. without a window, the newest instant reading of this check; its
 *    samples are every sample of the metric seen during the watch.
 *
 * Otherwise the threshold has no data. A NaN / ±Infinity reading is no
 * data: it never enters the store nor counts as a sample, a windowed one
 * falls through to the store's reduction, and when nothing else answers it
 * is kept as the reported value. Instant
 * readings of metrics no threshold watches are dropped, so a source cannot
 * fill memory with names. Pure, in memory.
 */
import type { ReadResult, Reading } from './readings.js';
import type { SampleStore } from './sample-store.js';
import type { ResolvedValue } from './threshold-evaluation.js';
import { reductionFor } from './window-reduction.js';

/** The key of a metric's window. */
const windowKey = (metric: string, windowMs: number) => `${metric}\u0000${windowMs}`;

/** A watched metric: its store writer and its newest instant reading of the current check. */
interface MetricSlot {
  write: (ts: number, value: number) => boolean;
  latest?: Reading;
  /** The check the latest reading belongs to. */
  check: number;
}

/** The readings of one check, indexed. */
export interface CheckReadings {
  /** The check's sequence number (1-based). */
  check: number;
  /** Newest windowed reading per metric and window. */
  windowed: Map<string, Reading>;
  /** Reductions computed at this check, per metric and window. */
  memo: Map<string, number | undefined>;
}

/** Resolves thresholds' values from a check's readings and the watch's samples (see the module comment). */
export class ValueResolver {
  private readonly windowedSeen = new Map<string, number>();
  private slots = new Map<string, MetricSlot>();
  private checks = 0;

  constructor(private readonly store: SampleStore) {}

  /** Sets the metrics the thresholds watch; readings of other metrics are dropped. */
  watch(metrics: Iterable<string>): void {
    const slots = new Map<string, MetricSlot>();
    for (const metric of metrics) slots.set(metric, this.slots.get(metric) ?? { write: this.store.writer(metric), check: 0 });
    this.slots = slots;
  }

  /** Indexes `read`, storing the finite instant readings of watched metrics and counting windowed ones. */
  ingest(read: ReadResult): CheckReadings {
    const check = ++this.checks;
    const windowed = new Map<string, Reading>();
    for (const r of read.readings) {
      const slot = this.slots.get(r.metric);
      if (slot === undefined) continue;
      if (r.windowMs === undefined) {
        if (slot.check !== check || r.ts >= slot.latest!.ts) {
          slot.latest = r;
          slot.check = check;
        }
        slot.write(r.ts, r.value);
      } else {
        const key = windowKey(r.metric, r.windowMs);
        const previous = windowed.get(key);
        if (previous === undefined || r.ts >= previous.ts) windowed.set(key, r);
        if (Number.isFinite(r.value)) this.windowedSeen.set(key, (this.windowedSeen.get(key) ?? 0) + 1);
      }
    }
    return { check, windowed, memo: new Map() };
  }

  /** This check's newest instant reading of `metric`. */
  private instant(metric: string, readings: CheckReadings): Reading | undefined {
    const slot = this.slots.get(metric);
    return slot && slot.check === readings.check ? slot.latest : undefined;
  }

  /** The value of a threshold on `metric` with `windowMs` (undefined: none) at `now`. */
  resolve(metric: string, windowMs: number | undefined, readings: CheckReadings, now: number): ResolvedValue {
    if (windowMs === undefined) {
      const reading = this.instant(metric, readings);
      return { ...(reading ? { value: reading.value } : {}), samples: this.store.count(metric) };
    }
    const key = windowKey(metric, windowMs);
    const reduced = readings.windowed.get(key);
    if (reduced && Number.isFinite(reduced.value)) return { value: reduced.value, samples: this.windowedSeen.get(key) ?? 0 };
    if (!readings.memo.has(key)) readings.memo.set(key, this.store.reduce(metric, windowMs, now, reductionFor(metric)));
    const value = readings.memo.get(key);
    if (value !== undefined) return { value, samples: this.store.count(metric, windowMs, now) };
    const raw = reduced ?? this.instant(metric, readings);
    return { ...(raw && !Number.isFinite(raw.value) ? { value: raw.value } : {}), samples: 0 };
  }
}
