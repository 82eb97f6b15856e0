/** Where a threshold's value comes from: windowed readings answer only their window; else the store's reduction; else this check's instant reading. */
import type { Reading } from '../../src/monitoring/readings.js';
import { watchPolicy } from '../../src/monitoring/watch-policy.js';
import { WatchSession } from '../../src/monitoring/watch-session.js';
import { at, persona, read, threshold, T0 } from './fixtures.js';

const MINUTE = 60_000;
const alert = (overrides: Parameters<typeof threshold>[0]) => threshold({ action: 'alert', ...overrides });

describe('requests', () => {
  it('asks once per metric and window, with the reduction the metric names', () => {
    const session = new WatchSession(
      persona([
        alert({ metric: 'error_rate', window: '5m' }),
        alert({ metric: 'error_rate', window: '5m', value: 0.05 }),
        alert({ metric: 'error_rate' }),
        alert({ metric: 'latency_p95_ms', window: '1h', value: 300 }),
      ]),
      watchPolicy('low'),
    );
    expect(session.requests()).toEqual([
      { metric: 'error_rate', windowMs: 5 * MINUTE, reduction: { kind: 'avg' } },
      { metric: 'error_rate', reduction: { kind: 'avg' } },
      { metric: 'latency_p95_ms', windowMs: 60 * MINUTE, reduction: { kind: 'quantile', q: 0.95 } },
    ]);
  });
});

describe('windowed readings', () => {
  it('answer only the thresholds with their window', () => {
    const session = new WatchSession(persona([alert({ window: '5m' }), alert({}), alert({ window: '1m' })]), watchPolicy('low'));
    const readings: Reading[] = [
      { metric: 'error_rate', value: 0.5, ts: at(0), windowMs: 5 * MINUTE },
      { metric: 'error_rate', value: 0.002, ts: at(0) },
    ];
    const result = session.check({ readings, problems: [] }, at(0));
    // The 5m threshold takes the source's reduction; the unwindowed one the instant value; the 1m one reduces the store (the instant sample).
    expect(result.checks.map((c) => c.value)).toEqual([0.5, 0.002, 0.002]);
    expect(result.checks.map((c) => c.samples)).toEqual([1, 1, 1]);
  });

  it('from the source never enter the store (a later check without them reduces instant samples only)', () => {
    const session = new WatchSession(persona([alert({ window: '5m' })]), watchPolicy('low'));
    session.check({ readings: [{ metric: 'error_rate', value: 0.5, ts: at(0), windowMs: 5 * MINUTE }], problems: [] }, at(0));
    const next = session.check(read({ error_rate: 0.004 }, at(1)), at(1));
    expect(next.checks[0]).toMatchObject({ value: 0.004, state: 'ok' });
  });

  it('a NaN windowed reading falls through to the store, and is reported when nothing else answers', () => {
    const session = new WatchSession(persona([alert({ window: '5m' })]), watchPolicy('low'));
    const nan = { metric: 'error_rate', value: NaN, ts: at(0), windowMs: 5 * MINUTE };
    const alone = session.check({ readings: [nan], problems: [] }, at(0));
    expect(alone.checks[0]).toMatchObject({ state: 'no-data', samples: 0 });
    expect(alone.checks[0]!.value).toBeNaN();
    const withSample = session.check(
      {
        readings: [
          { ...nan, ts: at(1) },
          { metric: 'error_rate', value: 0.003, ts: at(1) },
        ],
        problems: [],
      },
      at(1),
    );
    expect(withSample.checks[0]).toMatchObject({ state: 'ok', value: 0.003, samples: 1 });
  });

  it('count toward min-samples per metric and window', () => {
    const session = new WatchSession(persona([alert({ window: '5m' })], 'high'), watchPolicy('high', { failureLimit: 1 }));
    const windowed = (i: number) => ({ readings: [{ metric: 'error_rate', value: 0.5, ts: at(i), windowMs: 5 * MINUTE }], problems: [] });
    const states = [0, 1, 2].map((i) => session.check(windowed(i), at(i)).checks[0]!.state);
    expect(states).toEqual(['warming-up', 'warming-up', 'breach']);
  });
});

describe('the store reduces a window when no source did', () => {
  it('by the average over (now − window, now]', () => {
    const session = new WatchSession(persona([alert({ window: '1m', value: 0.1 })]), watchPolicy('low'));
    const readings = [0.3, 0.2, 0.1, 0.0].map((value, i): Reading => ({ metric: 'error_rate', value, ts: T0 - i * 20_000 }));
    // T0 − 60 s is outside the window: only 0.3, 0.2, 0.1 count.
    const result = session.check({ readings, problems: [] }, T0);
    expect(result.checks[0]!.value).toBeCloseTo(0.2, 12);
    expect(result.checks[0]).toMatchObject({ samples: 3, state: 'breach' });
  });

  it('by the p95 for latency_p95_ms, across checks', () => {
    const session = new WatchSession(persona([alert({ metric: 'latency_p95_ms', window: '5m', value: 300 })]), watchPolicy('low'));
    let last;
    for (let i = 1; i <= 100; i++) last = session.check(read({ latency_p95_ms: i * 4 }, T0 + i * 1000), T0 + i * 1000);
    // Values 4, 8, … 400: p95 rank 94.05 → 380 + 0.05 × 4 = 380.2.
    expect(last!.checks[0]!.value).toBeCloseTo(380.2, 9);
    expect(last!.checks[0]).toMatchObject({ samples: 100, state: 'breach' });
  });

  it('forgets samples older than the window', () => {
    const session = new WatchSession(persona([alert({ window: '30s', value: 0.1 })]), watchPolicy('low'));
    session.check(read({ error_rate: 0.9 }, at(0)), at(0));
    const later = session.check(read({ error_rate: 0.01 }, at(1)), at(1));
    expect(later.checks[0]).toMatchObject({ value: 0.01, state: 'ok', samples: 1 });
  });

  it('without samples in the window has no data, reporting a NaN read', () => {
    const session = new WatchSession(persona([alert({ window: '30s' })]), watchPolicy('low'));
    const result = session.check(read({ error_rate: NaN }, at(0)), at(0));
    expect(result.checks[0]).toMatchObject({ state: 'no-data', samples: 0 });
    expect(result.checks[0]!.value).toBeNaN();
  });
});

describe('instant values', () => {
  it('an unwindowed threshold takes the newest reading of this check, not an older check', () => {
    const session = new WatchSession(persona([alert({})]), watchPolicy('low', { onNoData: 'inconclusive' }));
    const first = session.check(
      {
        readings: [
          { metric: 'error_rate', value: 0.9, ts: at(0) - 1000 },
          { metric: 'error_rate', value: 0.001, ts: at(0) },
          { metric: 'error_rate', value: 0.7, ts: at(0) - 2000 },
        ],
        problems: [],
      },
      at(0),
    );
    expect(first.checks[0]).toMatchObject({ value: 0.001, samples: 3 });
    const second = session.check({ readings: [], problems: [] }, at(1));
    expect(second.checks[0]!.state).toBe('no-data');
  });

  it('readings of metrics no threshold watches are ignored', () => {
    const session = new WatchSession(persona([alert({})]), watchPolicy('low'));
    const result = session.check(read({ error_rate: 0, cpu: 99 }, at(0)), at(0));
    expect(result.checks).toHaveLength(1);
  });
});
