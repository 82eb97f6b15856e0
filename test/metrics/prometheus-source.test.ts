import { afterEach, describe, expect, test } from '@jest/globals';
import { parseMetricSources } from '../../src/metrics/parse-metric-sources.js';
import { windowedPromql } from '../../src/metrics/prometheus-source.js';
import type { MetricSource } from '../../src/metrics/metric-source.js';
import { type PromScript, type PrometheusStandIn, startPrometheusStandIn } from '../support/prometheus-stand-in.js';
import { instant, testContext } from './source-fixtures.js';

const NOW = 1_700_000_000_000;
let standIn: PrometheusStandIn | undefined;
const cleanUps: Array<() => void> = [];
afterEach(async () => {
  cleanUps.splice(0).forEach((f) => f());
  await standIn?.close();
  standIn = undefined;
});

const QUERIES = [
  'error_rate: sum(rate(errors_total[1m]))',
  'latency_p95_ms:',
  '  query: histogram_quantile(0.95, rate(duration_bucket[1m]))',
  '  reduce: avg',
  'throughput_rps:',
  '  query: rate(requests_total[1m])',
  '  reduce: sum',
].join('\n');

/** A source over a stand-in running `script`. */
async function prometheus(script: PromScript, options: { line?: string; env?: Record<string, string>; timeoutMs?: number; prefix?: string } = {}) {
  standIn = await startPrometheusStandIn(script, options.prefix);
  const ctx = testContext({ timeoutMs: options.timeoutMs ?? 2000 });
  ctx.env = { ...ctx.env, ...options.env };
  cleanUps.push(ctx.cleanUp);
  const [source] = await parseMetricSources(`prometheus:${standIn.baseUrl}${options.line ?? ''}`, QUERIES, ctx);
  return source as MetricSource;
}

describe('prometheus: instant queries', () => {
  test('reads a vector, reducing it by the entry’s reduce (max by default), stamped with the check’s time', async () => {
    const source = await prometheus((query) =>
      query.startsWith('sum(rate(errors')
        ? { vector: [{ value: '0.004' }, { value: '0.02' }] }
        : query.startsWith('histogram_quantile')
          ? { vector: [{ value: '200' }, { value: '300' }] }
          : { vector: [{ value: '10' }, { value: '15' }] },
    );
    const result = await source.read([instant('error_rate'), instant('latency_p95_ms'), instant('throughput_rps')], NOW);
    expect(result.problems).toEqual([]);
    expect(result.readings).toEqual([
      { metric: 'error_rate', value: 0.02, ts: NOW },
      { metric: 'latency_p95_ms', value: 250, ts: NOW },
      { metric: 'throughput_rps', value: 25, ts: NOW },
    ]);
  });

  test('asks only for metrics with a query, once each, under a path prefix', async () => {
    const source = await prometheus(() => ({ scalar: '1' }), { prefix: '/prometheus' });
    const result = await source.read([instant('error_rate'), instant('error_rate'), instant('availability')], NOW);
    expect(result.readings).toEqual([{ metric: 'error_rate', value: 1, ts: NOW }]);
    expect(standIn!.queries).toEqual(['sum(rate(errors_total[1m]))']);
    expect(standIn!.server.paths[0]).toMatch(/^\/prometheus\/api\/v1\/query\?query=/);
  });

  test('sends the bearer token, basic auth and extra headers the line names', async () => {
    const source = await prometheus(() => ({ scalar: '0' }), {
      line: ' basic-auth-env=PROM_AUTH header=X-Scope-OrgID:TENANT',
      env: { PROM_AUTH: 'bob:pw', TENANT: 'team-7' },
    });
    await source.read([instant('error_rate')], NOW);
    const headers = standIn!.server.requests[0]!.headers;
    expect(headers.authorization).toBe(`Basic ${Buffer.from('bob:pw').toString('base64')}`);
    expect(headers['x-scope-orgid']).toBe('team-7');
    await standIn!.close();
    const bearer = await prometheus(() => ({ scalar: '0' }), { line: ' token-env=T', env: { T: 'tok' } });
    await bearer.read([instant('error_rate')], NOW);
    expect(standIn!.server.requests[0]!.headers.authorization).toBe('Bearer tok');
  });
});

describe('prometheus: windows', () => {
  test('a windowed request is reduced by Prometheus in a subquery: avg_over_time, or quantile_over_time for a percentile metric', async () => {
    const source = await prometheus(() => ({ vector: [{ value: '0.5' }] }));
    const result = await source.read(
      [
        { metric: 'error_rate', windowMs: 900_000, reduction: { kind: 'avg' } },
        { metric: 'latency_p95_ms', windowMs: 300_000, reduction: { kind: 'quantile', q: 0.95 } },
        instant('error_rate'),
      ],
      NOW,
    );
    expect(standIn!.queries).toEqual([
      'avg_over_time((sum(rate(errors_total[1m])))[900000ms:15000ms])',
      'quantile_over_time(0.95, (histogram_quantile(0.95, rate(duration_bucket[1m])))[300000ms:5000ms])',
      'sum(rate(errors_total[1m]))',
    ]);
    expect(result.readings).toEqual([
      { metric: 'error_rate', value: 0.5, ts: NOW, windowMs: 900_000 },
      { metric: 'latency_p95_ms', value: 0.5, ts: NOW, windowMs: 300_000 },
      { metric: 'error_rate', value: 0.5, ts: NOW },
    ]);
  });

  test('a short window still has a step of at least one second', () => {
    expect(windowedPromql('up', 30_000, { kind: 'avg' })).toBe('avg_over_time((up)[30000ms:1000ms])');
  });
});

describe('prometheus: error shapes become problems, never throws', () => {
  test('bad PromQL (400 bad_data) names the metric, the error type and the quoted reason; no reading', async () => {
    const source = await prometheus(() => ({ error: 'parse error at char 5: unexpected "}"' }));
    const result = await source.read([instant('error_rate')], NOW);
    expect(result.readings).toEqual([]);
    expect(result.problems).toEqual([
      `prometheus:${standIn!.baseUrl}/: error_rate: Prometheus refused the query (HTTP 400 Bad Request): "bad_data": "parse error at char 5: unexpected \\"}\\""`,
    ]);
  });

  test('503 is tried once more; a second 503 is a problem, a recovery is a reading', async () => {
    let calls = 0;
    const failing = await prometheus(() => (calls++, { status: 503, body: 'starting up' }));
    expect((await failing.read([instant('error_rate')], NOW)).problems).toEqual([
      expect.stringMatching(/error_rate: Prometheus answered HTTP 503 Service Unavailable$/),
    ]);
    expect(calls).toBe(2);
    await standIn!.close();
    let tries = 0;
    const recovering = await prometheus(() => (tries++ === 0 ? { status: 503 } : { scalar: '3' }));
    expect(await recovering.read([instant('error_rate')], NOW)).toEqual({ readings: [{ metric: 'error_rate', value: 3, ts: NOW }], problems: [] });
  });

  test('an empty vector is "no series"; NaN is kept as a reading and reported; NaN next to numbers is left out', async () => {
    const source = await prometheus((q) =>
      q.startsWith('sum') ? { vector: [] } : q.startsWith('hist') ? { vector: [{ value: 'NaN' }] } : { vector: [{ value: 'NaN' }, { value: '4' }] },
    );
    const result = await source.read([instant('error_rate'), instant('latency_p95_ms'), instant('throughput_rps')], NOW);
    expect(result.readings.map((r) => [r.metric, r.value])).toEqual([
      ['latency_p95_ms', Number.NaN],
      ['throughput_rps', 4],
    ]);
    expect(result.problems).toEqual([
      expect.stringMatching(/error_rate: the query returned no series \(an empty vector\)/),
      expect.stringMatching(/latency_p95_ms: the query returned NaN \(no data\)$/),
    ]);
  });

  test('+Inf is a reading (no data for the evaluation), a matrix or a string is a problem, a scalar is its value', async () => {
    const source = await prometheus((q) =>
      q.startsWith('sum') ? { matrix: [{ values: ['1', '2'] }] } : q.startsWith('hist') ? { string: 'hello' } : { scalar: '+Inf' },
    );
    const result = await source.read([instant('error_rate'), instant('latency_p95_ms'), instant('throughput_rps')], NOW);
    expect(result.readings).toEqual([{ metric: 'throughput_rps', value: Infinity, ts: NOW }]);
    expect(result.problems).toEqual([
      expect.stringMatching(/error_rate: the query returned a range vector \(matrix\)/),
      expect.stringMatching(/latency_p95_ms: the query returned a result of type "string", not a number/),
      expect.stringMatching(/throughput_rps: the query returned Infinity \(no data\)/),
    ]);
  });

  test('a sample value that is not a number, and a body that is not JSON, are problems', async () => {
    const source = await prometheus((q) => (q.startsWith('sum') ? { vector: [{ value: 'lots' }] } : { status: 200, body: '<html>login</html>' }));
    const result = await source.read([instant('error_rate'), instant('latency_p95_ms')], NOW);
    expect(result.problems).toEqual([
      expect.stringMatching(/error_rate: the query returned the value "lots", not a number/),
      expect.stringMatching(/latency_p95_ms: Prometheus answered something that is not a query result \(not a JSON object\)/),
    ]);
  });

  test('a redirect is not followed (it would carry the token elsewhere)', async () => {
    const source = await prometheus(() => ({ status: 302, headers: { location: 'http://evil.example/steal' } }), {
      line: ' token-env=T',
      env: { T: 'secret-token' },
    });
    const result = await source.read([instant('error_rate')], NOW);
    expect(result.problems).toEqual([expect.stringMatching(/answered HTTP 302 Found to "http:\/\/evil.example\/steal": redirects are not followed/)]);
    expect(standIn!.server.paths).toHaveLength(1);
    expect(JSON.stringify(result)).not.toContain('secret-token');
  });

  test('an unreachable Prometheus is a problem, tried twice', async () => {
    const source = await prometheus(() => ({ scalar: '1' }));
    await standIn!.close();
    standIn = undefined;
    const result = await source.read([instant('error_rate')], NOW);
    expect(result.readings).toEqual([]);
    expect(result.problems).toEqual([expect.stringMatching(/error_rate: Prometheus could not be reached \(.*ECONNREFUSED.*\)/)]);
  });
});
