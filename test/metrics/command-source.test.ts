import { afterEach, describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMetricSources } from '../../src/metrics/parse-metric-sources.js';
import type { MetricSource } from '../../src/metrics/metric-source.js';
import { instant, testContext } from './source-fixtures.js';

const NOW = 1_700_000_000_000;
const cleanUps: Array<() => void> = [];
afterEach(() => cleanUps.splice(0).forEach((f) => f()));

async function commandSource(command: string, queries = '', timeoutMs = 2000): Promise<{ source: MetricSource; workspace: string }> {
  const ctx = testContext({ timeoutMs, killGraceMs: 200 });
  cleanUps.push(ctx.cleanUp);
  const [source] = await parseMetricSources(`command:${command}`, queries, ctx);
  return { source: source!, workspace: ctx.workspace };
}

describe('command: sources', () => {
  test('reads metric=value lines (comments, spaces, NaN and +Inf included), keeping only the requested metrics', async () => {
    const { source } = await commandSource(`printf '# current\\nerror_rate = 0.01\\nlatency_p95_ms=+Inf\\nthroughput_rps=NaN\\nunrelated=3\\n'`);
    const result = await source.read([instant('error_rate'), instant('latency_p95_ms'), instant('throughput_rps')], NOW);
    expect(result.problems).toEqual([]);
    expect(result.readings.map((r) => [r.metric, r.value, r.ts])).toEqual([
      ['error_rate', 0.01, NOW],
      ['latency_p95_ms', Infinity, NOW],
      ['throughput_rps', Number.NaN, NOW],
    ]);
  });

  test('reads a JSON object, select paths included', async () => {
    const { source } = await commandSource(`echo '{"svc":{"err":0.2},"latency_p95_ms":120}'`, 'error_rate:\n  select: svc.err\n');
    const result = await source.read([instant('error_rate'), instant('latency_p95_ms')], NOW);
    expect(result.readings.map((r) => [r.metric, r.value])).toEqual([
      ['error_rate', 0.2],
      ['latency_p95_ms', 120],
    ]);
  });

  test('runs in the workspace; the metrics asked for come only through PERSONA_METRICS, never into the command text', async () => {
    const hostile = 'x$(touch pwned)';
    const { source, workspace } = await commandSource('printf "%s\\n" "$PERSONA_METRICS" > asked.txt; echo error_rate=1');
    const result = await source.read([instant('error_rate'), instant(hostile)], NOW);
    expect(result.readings.map((r) => r.metric)).toEqual(['error_rate']);
    expect(readFileSync(path.join(workspace, 'asked.txt'), 'utf8')).toBe(`error_rate,${hostile}\n`);
    expect(existsSync(path.join(workspace, 'pwned'))).toBe(false);
  });

  test('a failing command is a problem quoting the last line of its stderr', async () => {
    const { source } = await commandSource('echo "connection refused: db" >&2; exit 3');
    expect(await source.read([instant('error_rate')], NOW)).toEqual({
      readings: [],
      problems: ['command "echo \\"connection refused: db\\" >&2; exit 3" exited with code 3 (stderr: "connection refused: db")'],
    });
  });

  test('lines that are not metric=number are problems, the good ones still read', async () => {
    const { source } = await commandSource(`printf 'error_rate=0.5\\nnot a metric\\nlatency_p95_ms=fast\\n'`);
    const result = await source.read([instant('error_rate')], NOW);
    expect(result.readings.map((r) => r.value)).toEqual([0.5]);
    expect(result.problems).toEqual([
      expect.stringMatching(/printed "not a metric" on line 2, which is not `metric=number`$/),
      expect.stringMatching(/printed "latency_p95_ms=fast" on line 3/),
    ]);
  });

  test('output that starts like JSON but is not is a problem', async () => {
    const { source } = await commandSource(`echo '{"error_rate": '`);
    expect((await source.read([instant('error_rate')], NOW)).problems).toEqual([expect.stringMatching(/starts like JSON but is not JSON$/)]);
  });
});
