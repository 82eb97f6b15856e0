import { describe, expect, test } from '@jest/globals';
import { type MetricSource, readSources } from '../../src/metrics/metric-source.js';
import { instant } from './source-fixtures.js';

/** A source answering `value` for every request, after `delayMs`, counting how many of its kind read at once. */
function fake(label: string, value: number, inFlight: { now: number; max: number }, delayMs = 5): MetricSource {
  return {
    label,
    async read(requests, now) {
      inFlight.max = Math.max(inFlight.max, ++inFlight.now);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight.now--;
      return { readings: requests.map((r) => ({ metric: r.metric, value, ts: now })), problems: [`${label} ok`] };
    },
  };
}

describe('readSources', () => {
  test('merges readings and problems in source order, reading at most 8 sources at once', async () => {
    const inFlight = { now: 0, max: 0 };
    const sources = Array.from({ length: 12 }, (_, i) => fake(`s${i}`, i, inFlight, 12 - i));
    const result = await readSources(sources, [instant('error_rate')], 5);
    expect(result.readings.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(result.problems[0]).toBe('s0 ok');
    expect(inFlight.max).toBe(8);
  });

  test('a source that throws anyway is one problem naming it; the others still count', async () => {
    const broken: MetricSource = {
      label: 'url:http://broken/m.json',
      read: () => Promise.reject(new Error(`bug\n${'z'.repeat(1000)}`)),
    };
    const result = await readSources([broken, fake('ok', 1, { now: 0, max: 0 })], [instant('error_rate')], 5);
    expect(result.readings).toEqual([{ metric: 'error_rate', value: 1, ts: 5 }]);
    expect(result.problems[0]).toMatch(/^url:http:\/\/broken\/m\.json: the read failed \("bug\\nzzz/);
    expect(result.problems[0]!.length).toBeLessThan(300);
  });
});
