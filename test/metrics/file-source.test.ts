import { afterEach, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { parseMetricSources } from '../../src/metrics/parse-metric-sources.js';
import { instant, testContext } from './source-fixtures.js';

const START = 1_700_000_000_000;
const cleanUps: Array<() => void> = [];
afterEach(() => cleanUps.splice(0).forEach((f) => f()));

function workspaceWith(files: Record<string, string>) {
  const ctx = testContext({ startedAt: START });
  cleanUps.push(ctx.cleanUp);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(ctx.workspace, name), text);
  return ctx;
}

const line = (ts: number | string, metric: string, value: number | null) => JSON.stringify({ ts, metric, value });

describe('file: replays', () => {
  test('replays the lines due at each check, relative to the first line and the watch start, stamped on the watch clock', async () => {
    const t0 = 1_600_000_000_000;
    const replay = [
      line(t0, 'error_rate', 0.001),
      line(t0, 'latency_p95_ms', 200),
      line(t0 + 30_000, 'error_rate', 0.02),
      '',
      line(t0 + 60_000, 'error_rate', null),
    ].join('\n');
    const ctx = workspaceWith({ 'pass.jsonl': replay });
    const [source] = await parseMetricSources('file:pass.jsonl', '', ctx);
    const at = async (elapsed: number) => (await source!.read([instant('error_rate')], START + elapsed)).readings;
    expect(await at(0)).toEqual([
      { metric: 'error_rate', value: 0.001, ts: START },
      { metric: 'latency_p95_ms', value: 200, ts: START },
    ]);
    expect(await at(29_999)).toEqual([]);
    expect(await at(45_000)).toEqual([{ metric: 'error_rate', value: 0.02, ts: START + 30_000 }]);
    expect(await at(120_000)).toEqual([{ metric: 'error_rate', value: Number.NaN, ts: START + 60_000 }]);
    expect(await at(180_000)).toEqual([]);
  });

  test('RFC 3339 times work like epoch milliseconds', async () => {
    const ctx = workspaceWith({ 'r.jsonl': [line('2024-05-01T10:00:00Z', 'error_rate', 1), line('2024-05-01T10:00:10.5Z', 'error_rate', 2)].join('\n') });
    const [source] = await parseMetricSources('file:r.jsonl', '', ctx);
    await source!.read([], START);
    expect((await source!.read([], START + 10_500)).readings).toEqual([{ metric: 'error_rate', value: 2, ts: START + 10_500 }]);
  });

  test('a requested metric the file never holds is reported once', async () => {
    const ctx = workspaceWith({ 'r.jsonl': line(0, 'error_rate', 1) });
    const [source] = await parseMetricSources('file:r.jsonl', '', ctx);
    expect((await source!.read([instant('availability')], START)).problems).toEqual(['file:r.jsonl holds no samples of availability']);
    expect((await source!.read([instant('availability')], START + 1)).problems).toEqual([]);
  });

  test('every bad line is reported at once, located in the replay file', async () => {
    const replay = [
      line(10, 'error_rate', 1),
      '{"ts": 5, "metric": "error_rate", "value": 1}',
      'not json',
      '{"ts": "yesterday", "metric": "a", "value": 1}',
      '{"ts": 20, "metric": "a b", "value": 1}',
      '{"ts": 20, "metric": "a", "value": "1"}',
      '[1]',
    ].join('\n');
    const ctx = workspaceWith({ 'bad.jsonl': replay });
    const error = await parseMetricSources('url:http://127.0.0.1:9/m.json\nfile:bad.jsonl', '', ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).diagnostics).toEqual([
      { file: 'bad.jsonl', line: 2, message: 'is earlier than the line before it (a replay is in time order)' },
      { file: 'bad.jsonl', line: 3, message: 'is not JSON: "not json"' },
      { file: 'bad.jsonl', line: 4, message: 'ts must be epoch milliseconds or an RFC 3339 date-time, not string "yesterday"' },
      { file: 'bad.jsonl', line: 5, message: 'metric must be a metric name, not string "a b"' },
      { file: 'bad.jsonl', line: 6, message: 'value must be a number or null, not string "1"' },
      { file: 'bad.jsonl', line: 7, message: 'is a list, not an object { "ts", "metric", "value" }' },
    ]);
  });

  test('a missing or empty replay is an error naming the metrics line', async () => {
    const ctx = workspaceWith({ 'empty.jsonl': '\n\n' });
    const error = (await parseMetricSources('file:missing.jsonl\nfile:empty.jsonl', '', ctx).catch((e: unknown) => e)) as ConfigurationError;
    expect(error.diagnostics).toEqual([
      { file: 'input "metrics"', line: 1, message: 'file: "missing.jsonl" does not exist' },
      { file: 'empty.jsonl', message: 'holds no samples (JSON lines `{ "ts": …, "metric": …, "value": … }`)' },
    ]);
  });
});
