import { describe, expect, it } from '@jest/globals';
import { mapConcurrent } from '../../src/edge/map-concurrent.js';

describe('mapConcurrent', () => {
  it('keeps at most `limit` tasks in flight and the results in order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapConcurrent(
      Array.from({ length: 50 }, (_, i) => i),
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, n % 3));
        running--;
        return n * 2;
      },
      4,
    );
    expect(peak).toBe(4);
    expect(out).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
  });

  it('rejects with the first failure and starts no task after it', async () => {
    const started: number[] = [];
    const run = mapConcurrent(
      [0, 1, 2, 3, 4, 5],
      async (n) => {
        started.push(n);
        await Promise.resolve();
        if (n === 1) throw new Error('boom');
        return n;
      },
      2,
    );
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1, 2]);
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(mapConcurrent([1], async (n) => n, 0)).rejects.toThrow(RangeError);
  });
});
