import { afterEach, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import type { Diagnostic } from '../../src/errors/diagnostic.js';
import { parseMetricSources } from '../../src/metrics/parse-metric-sources.js';
import { testContext } from './source-fixtures.js';

const cleanUps: Array<() => void> = [];
afterEach(() => cleanUps.splice(0).forEach((f) => f()));

function context(env: Record<string, string> = {}) {
  const ctx = testContext();
  ctx.env = { ...ctx.env, ...env };
  cleanUps.push(ctx.cleanUp);
  return ctx;
}

async function problemsOf(metrics: string, queries: string, ctx = context()): Promise<Diagnostic[]> {
  const error = await parseMetricSources(metrics, queries, ctx).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return [...(error as ConfigurationError).diagnostics];
}

describe('parseMetricSources', () => {
  test('builds one source per line, of each kind, labelled as written; comments and blank lines are skipped', async () => {
    const ctx = context({ PROM_TOKEN: 'tok-123' });
    writeFileSync(path.join(ctx.workspace, 'replay.jsonl'), '{"ts":0,"metric":"error_rate","value":0.1}\n');
    const metrics = [
      '# where the numbers come from',
      'prometheus:http://prom.monitoring:9090 token-env=PROM_TOKEN',
      '',
      'url:http://status.internal/metrics.json',
      'command:echo error_rate=0.5',
      'file:replay.jsonl',
    ].join('\n');
    const sources = await parseMetricSources(metrics, 'error_rate: sum(rate(errors_total[1m]))', ctx);
    expect(sources.map((s) => s.label)).toEqual([
      'prometheus:http://prom.monitoring:9090 token-env=PROM_TOKEN',
      'url:http://status.internal/metrics.json',
      'command:echo error_rate=0.5',
      'file:replay.jsonl',
    ]);
    expect(ctx.masked).toEqual(['tok-123']);
  });

  test('masks a basic-auth pair, its base64 form and every header value', async () => {
    const ctx = context({ AUTH: 'alice:s3cret', TENANT: 'team-a' });
    await parseMetricSources('prometheus:https://mimir.example.com/prometheus basic-auth-env=AUTH header=X-Scope-OrgID:TENANT', 'up: up', ctx);
    expect(ctx.masked).toEqual(expect.arrayContaining(['alice:s3cret', Buffer.from('alice:s3cret').toString('base64'), 'team-a']));
  });

  test('reports every problem of both inputs at once, each naming its input and line', async () => {
    const ctx = context({ EMPTY: '' });
    const metrics = [
      'prometheus:http://prom:9090 token-env=MISSING_VAR',
      'influx:http://db',
      'url:https://alice:pw@status.example.com/m.json',
      'url:http://status token=abc123',
      'prometheus:http://prom:9091 header=Host:EMPTY',
      'url:http://status/a.json colour=blue',
      'command:',
      'url:http://status/b.json',
      'url:http://status/b.json',
    ].join('\n');
    const queries = 'error_rate:\n  query: sum(x)\n  reduce: median\n"bad key!": up\nlatency_p95_ms:\n  select: "a..b"\n';
    const problems = await problemsOf(metrics, queries, ctx);
    const at = (file: string, line: number) => problems.filter((p) => p.file === file && p.line === line).map((p) => p.message);
    expect(at('input "metrics"', 1)).toEqual(['the environment variable MISSING_VAR named by token-env= is not set or empty']);
    expect(at('input "metrics"', 2)[0]).toMatch(/^"influx:http:\/\/db" must start with `prometheus:`/);
    expect(at('input "metrics"', 3)[0]).toMatch(/must not contain credentials/);
    expect(at('input "metrics"', 4)[0]).toMatch(/token= would write a credential on the line/);
    expect(at('input "metrics"', 4).join()).not.toContain('abc123');
    expect(at('input "metrics"', 5)[0]).toMatch(/header= cannot set "Host"/);
    expect(at('input "metrics"', 6)[0]).toMatch(/unknown option "colour=blue"/);
    expect(at('input "metrics"', 7)).toEqual(['`command:` needs a command after it']);
    expect(at('input "metrics"', 9)).toEqual(['repeats line 8: each source is read once']);
    expect(at('input "queries"', 3)[0]).toMatch(/reduce must be one of max, avg, sum, not "median"/);
    expect(at('input "queries"', 4)[0]).toMatch(/key "bad key!" must be a metric name/);
    expect(at('input "queries"', 6)[0]).toMatch(/select must be a dotted path/);
    expect(problems).toHaveLength(11);
  });

  test('a prometheus: source without any PromQL in queries is a located error', async () => {
    const problems = await problemsOf('\nprometheus:http://prom:9090', '');
    expect(problems).toEqual([{ file: 'input "metrics"', line: 2, message: expect.stringMatching(/needs the `queries` input/) }]);
  });

  test('a queries entry with select only does not satisfy a prometheus: source', async () => {
    const problems = await problemsOf('prometheus:http://prom:9090', 'error_rate:\n  select: data.errors\n');
    expect(problems.map((p) => p.line)).toEqual([1]);
  });

  test('YAML syntax errors in queries are located; a list is not a map', async () => {
    const syntax = await problemsOf('url:http://s/m.json', 'error_rate: [unclosed\n');
    expect(syntax[0]).toMatchObject({ file: 'input "queries"', line: expect.any(Number) });
    const list = await problemsOf('url:http://s/m.json', '- a\n- b\n');
    expect(list[0]!.file).toBe('input "queries"');
  });

  test('an input with no source is an error', async () => {
    expect(await problemsOf('\n# nothing\n', '')).toEqual([{ file: 'input "metrics"', message: expect.stringMatching(/names no metric source/) }]);
  });

  test('a prometheus base URL with a query string, a fragment or another scheme is refused', async () => {
    const problems = await problemsOf('prometheus:http://p:9090/?x=1\nurl:http://s/m.json#frag\nurl:ftp://s/m.json\nurl:not-a-url', 'up: up');
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3, 4]);
    expect(problems[0]!.message).toMatch(/without a query string/);
  });

  test('a variable holding a line break is refused without echoing it', async () => {
    const ctx = context({ TOKEN: 'abc\r\nX-Injected: 1' });
    const problems = await problemsOf('url:http://s/m.json token-env=TOKEN', '', ctx);
    expect(problems[0]!.message).toMatch(/holds a control character/);
    expect(JSON.stringify(problems)).not.toContain('Injected');
    expect(ctx.masked).toContain('abc\r\nX-Injected: 1');
  });

  test('two authorisation options on one line are refused', async () => {
    const problems = await problemsOf('url:http://s/m.json token-env=A basic-auth-env=B', '', context({ A: 'x', B: 'u:p' }));
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/give one of token-env=, basic-auth-env=/)]);
  });
});
