import { createHash } from 'node:crypto';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import type { RolloutState } from '../../src/switching/persona-state.js';
import { bucketKey, bucketOf, inTarget, rolloutProgress, runningMs } from '../../src/switching/rollout.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN);

function rollout(overrides: Partial<RolloutState> = {}): RolloutState {
  return {
    id: 'corr-rollout-1',
    from: 'cost-optimization',
    to: 'security-first',
    steps: [10, 25, 50, 75, 100],
    step: 0,
    interval: '30m',
    bucket_by: 'run',
    started_at: at(0).toISOString(),
    updated_at: at(0).toISOString(),
    paused_ms: 0,
    status: 'progressing',
    ...overrides,
  };
}

describe('bucketOf', () => {
  it('is the first 8 hex digits of sha256("<id>:<key>") scaled to [0, 100)', () => {
    const hex = createHash('sha256').update('r-1:12345').digest('hex').slice(0, 8);
    expect(bucketOf('r-1', '12345')).toBeCloseTo((parseInt(hex, 16) / 2 ** 32) * 100, 10);
  });

  it('is deterministic, depends on both the rollout id and the key, and stays in [0, 100)', () => {
    expect(bucketOf('r-1', 'k')).toBe(bucketOf('r-1', 'k'));
    const buckets = new Set(['a', 'b', 'c', 'd', 'e'].flatMap((key) => [bucketOf('r-1', key), bucketOf('r-2', key)]));
    expect(buckets.size).toBe(10);
    for (const b of buckets) {
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(100);
    }
  });

  // One hash per key; inTarget is checked against the same comparison below.
  const RUN_IDS = Array.from({ length: 10_000 }, (_, i) => String(9_000_000_000 + i * 7));
  const RUN_BUCKETS = RUN_IDS.map((key) => bucketOf('corr-rollout-1', key));

  it('inTarget is "bucket < percent" for the rollout id', () => {
    const r = rollout();
    for (const [i, key] of RUN_IDS.slice(0, 500).entries()) {
      for (const percent of [10, 50]) expect(inTarget(r, key, percent)).toBe(RUN_BUCKETS[i]! < percent);
    }
  });

  it('over 10,000 run ids puts each step share of runs in the target within ±2 points', () => {
    for (const percent of [1, 5, 10, 25, 50, 75, 90, 100]) {
      const share = (RUN_BUCKETS.filter((bucket) => bucket < percent).length / RUN_BUCKETS.length) * 100;
      expect(Math.abs(share - percent)).toBeLessThanOrEqual(2);
    }
  });

  it('over 10,000 refs, a run in the target at step k stays in it at every later step', () => {
    const steps = rollout().steps;
    let moved = 0;
    let neverIn = 0;
    const entered = steps.map(() => 0);
    for (let i = 0; i < 10_000; i += 1) {
      const bucket = bucketOf('corr-rollout-2', `refs/heads/feature-${i}`);
      const cohorts = steps.map((percent) => bucket < percent);
      const first = cohorts.indexOf(true);
      if (first < 0) neverIn += 1;
      else entered[first]! += 1;
      if (first >= 0 && cohorts.slice(first).some((inIt) => !inIt)) moved += 1;
    }
    expect(moved).toBe(0);
    expect(neverIn).toBe(0); // the last step is 100
    expect(entered.every((count) => count > 0)).toBe(true); // every step brings runs in
  });
});

describe('bucketKey', () => {
  const keys = { run: '42', ref: 'refs/heads/main', environment: 'staging' };
  it('uses the run id, the ref or the environment', () => {
    expect(bucketKey('run', keys)).toBe('42');
    expect(bucketKey('ref', keys)).toBe('refs/heads/main');
    expect(bucketKey('environment', keys, 'production')).toBe('staging');
  });
  it('falls back to the scope environment, then to one shared key', () => {
    expect(bucketKey('environment', { run: '1', ref: 'r' }, 'production')).toBe('production');
    expect(bucketKey('environment', { run: '1', ref: 'r' })).toBe('');
  });
});

describe('rolloutProgress', () => {
  it('follows time: one step per interval from started_at, capped at the last (complete)', () => {
    const r = rollout();
    expect(rolloutProgress(r, at(0))).toEqual({ step: 0, percent: 10, status: 'progressing', next_step_at: at(30).toISOString() });
    expect(rolloutProgress(r, at(29.99))).toMatchObject({ step: 0, percent: 10 });
    expect(rolloutProgress(r, at(30))).toEqual({ step: 1, percent: 25, status: 'progressing', next_step_at: at(60).toISOString() });
    expect(rolloutProgress(r, at(95))).toMatchObject({ step: 3, percent: 75, status: 'progressing' });
    expect(rolloutProgress(r, at(120))).toEqual({ step: 4, percent: 100, status: 'complete' });
    expect(rolloutProgress(r, at(10_000))).toEqual({ step: 4, percent: 100, status: 'complete' });
  });

  it('a clock before started_at counts as step 0', () => {
    expect(rolloutProgress(rollout(), at(-60))).toMatchObject({ step: 0, percent: 10, status: 'progressing' });
  });

  it('takes the later of the advanced step and the time step', () => {
    const advanced = rollout({ step: 2 });
    expect(rolloutProgress(advanced, at(5))).toMatchObject({ step: 2, percent: 50, next_step_at: at(90).toISOString() });
    expect(rolloutProgress(advanced, at(95))).toMatchObject({ step: 3, percent: 75 });
  });

  it('stops time while paused, and subtracts earlier pauses', () => {
    const paused = rollout({ status: 'paused', paused_at: at(40).toISOString() });
    expect(rolloutProgress(paused, at(40))).toEqual({ step: 1, percent: 25, status: 'paused' });
    expect(rolloutProgress(paused, at(10_000))).toEqual({ step: 1, percent: 25, status: 'paused' });
    expect(runningMs(paused, at(10_000))).toBe(40 * MIN);
    const resumed = rollout({ paused_ms: 100 * MIN });
    expect(rolloutProgress(resumed, at(110))).toMatchObject({ step: 0, status: 'progressing', next_step_at: at(130).toISOString() });
    expect(rolloutProgress(resumed, at(160))).toMatchObject({ step: 2, percent: 50 });
  });

  it('keeps aborted and complete as recorded', () => {
    expect(rolloutProgress(rollout({ status: 'aborted', step: 1 }), at(10_000))).toMatchObject({ status: 'aborted' });
    expect(rolloutProgress(rollout({ status: 'complete', step: 4 }), at(0))).toEqual({ step: 4, percent: 100, status: 'complete' });
  });

  it('a paused rollout advanced to its last step is complete', () => {
    expect(rolloutProgress(rollout({ status: 'paused', paused_at: at(1).toISOString(), step: 4 }), at(2)).status).toBe('complete');
  });

  it('a corrupt interval is a ConfigurationError naming the field', () => {
    expect(() => rolloutProgress(rollout({ interval: '30 minutes' }), at(0))).toThrow(ConfigurationError);
    expect(() => rolloutProgress(rollout({ interval: '30 minutes' }), at(0))).toThrow(/rollout interval "30 minutes"/);
  });
});
