import { afterEach, describe, expect, test } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import { parseMetricSources } from '../../src/metrics/parse-metric-sources.js';
import type { MetricSource } from '../../src/metrics/metric-source.js';
import { StandInHttpServer } from '../support/stand-in-http-server.js';
import { instant, testContext } from './source-fixtures.js';

const NOW = 1_700_000_000_000;
let server: StandInHttpServer | undefined;
const cleanUps: Array<() => void> = [];
afterEach(async () => {
  cleanUps.splice(0).forEach((f) => f());
  await server?.close();
  server = undefined;
});

/** A url: source over a server answering `answer`. */
async function urlSource(answer: (res: ServerResponse) => void, queries = '', options: string = ''): Promise<MetricSource> {
  server = await StandInHttpServer.start((_req, res) => answer(res));
  const ctx = testContext();
  ctx.env = { ...ctx.env, KEY: 'k-1' };
  cleanUps.push(ctx.cleanUp);
  const [source] = await parseMetricSources(`url:${server.url('/metrics.json')}${options}`, queries, ctx);
  return source!;
}

const json = (status: number, body: unknown) => (res: ServerResponse) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('url: sources', () => {
  test('reads the requested metrics of a JSON object by name, one GET per check, ignoring the others', async () => {
    const source = await urlSource(json(200, { error_rate: 0.004, latency_p95_ms: 210, other: 'x' }), '', ' header=X-Api-Key:KEY');
    const result = await source.read([instant('error_rate'), { metric: 'latency_p95_ms', windowMs: 60_000, reduction: { kind: 'quantile', q: 0.95 } }], NOW);
    expect(result).toEqual({
      readings: [
        { metric: 'error_rate', value: 0.004, ts: NOW },
        { metric: 'latency_p95_ms', value: 210, ts: NOW },
      ],
      problems: [],
    });
    expect(server!.paths).toEqual(['/metrics.json']);
    expect(server!.requests[0]!.headers['x-api-key']).toBe('k-1');
  });

  test('a select path reaches into nested objects and lists; null is no data', async () => {
    const body = { data: { http: { errors: { rate: 0.01 } }, series: [{ v: 5 }, { v: 7 }], gap: null } };
    const queries = 'error_rate:\n  select: data.http.errors.rate\nthroughput_rps:\n  select: data.series.1.v\navailability:\n  select: data.gap\n';
    const source = await urlSource(json(200, body), queries);
    const result = await source.read([instant('error_rate'), instant('throughput_rps'), instant('availability')], NOW);
    expect(result.readings.map((r) => [r.metric, r.value])).toEqual([
      ['error_rate', 0.01],
      ['throughput_rps', 7],
      ['availability', Number.NaN],
    ]);
  });

  test('a select that finds nothing and a value that is not a number are problems; an absent metric without select is silent', async () => {
    const queries = 'error_rate:\n  select: data.missing\n';
    const source = await urlSource(json(200, { data: {}, latency_p95_ms: '210ms' }), queries);
    const result = await source.read([instant('error_rate'), instant('latency_p95_ms'), instant('availability')], NOW);
    expect(result.readings).toEqual([]);
    expect(result.problems).toEqual([
      expect.stringMatching(/^url:http:\/\/127\.0\.0\.1:\d+\/metrics\.json has nothing at "data\.missing" \(select of error_rate\)$/),
      expect.stringMatching(/has string "210ms" for latency_p95_ms, not a number$/),
    ]);
  });

  test('an error status, a body that is not JSON, and a JSON list are problems', async () => {
    const statuses = await urlSource(json(500, { error: 'boom' }));
    expect((await statuses.read([instant('error_rate')], NOW)).problems).toEqual([expect.stringMatching(/answered HTTP 500 Internal Server Error$/)]);
    await server!.close();
    const html = await urlSource((res) => res.writeHead(200).end('<html>'));
    expect((await html.read([instant('error_rate')], NOW)).problems).toEqual([expect.stringMatching(/answered something that is not JSON$/)]);
    await server!.close();
    const list = await urlSource(json(200, [1, 2]));
    expect((await list.read([instant('error_rate')], NOW)).problems).toEqual([expect.stringMatching(/answered a list, not a JSON object of metrics$/)]);
  });

  test('nothing is requested when no metric is asked for', async () => {
    const source = await urlSource(json(200, {}));
    expect(await source.read([], NOW)).toEqual({ readings: [], problems: [] });
    expect(server!.paths).toEqual([]);
  });
});

test('a metric name a persona wrote with control characters is quoted in a problem', async () => {
  const source = await urlSource(json(200, { 'bad\nname': 'x' }));
  const result = await source.read([instant('bad\nname')], NOW);
  expect(result.problems).toEqual([expect.stringMatching(/has string "x" for "bad\\nname", not a number$/)]);
});
