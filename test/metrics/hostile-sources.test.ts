/**
 * Hostile inputs and misbehaving sources: every case ends in a located
 * ConfigurationError (inputs) or a problem sentence (reads), in bounded
 * time and memory, with nothing echoed beyond a short quote.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import type { Diagnostic } from '../../src/errors/diagnostic.js';
import { parseMetricSources } from '../../src/metrics/parse-metric-sources.js';
import { startPrometheusStandIn, type PrometheusStandIn } from '../support/prometheus-stand-in.js';
import { StandInHttpServer } from '../support/stand-in-http-server.js';
import { instant, testContext } from './source-fixtures.js';

const NOW = 1_700_000_000_000;
const cleanUps: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanUps.splice(0)) await f();
});

function context(overrides: Parameters<typeof testContext>[0] = {}) {
  const ctx = testContext(overrides);
  cleanUps.push(ctx.cleanUp);
  return ctx;
}

async function diagnostics(metrics: string, ctx = context(), queries = ''): Promise<Diagnostic[]> {
  const error = await parseMetricSources(metrics, queries, ctx).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).stack).toBeDefined();
  return [...(error as ConfigurationError).diagnostics];
}

describe('hostile file: paths', () => {
  test('a path climbing out of the workspace, or an absolute one outside it, is refused before anything is read', async () => {
    const found = await diagnostics('file:../../etc/passwd\nfile:/etc/passwd');
    expect(found).toEqual([
      { file: 'input "metrics"', line: 1, message: 'file: "../../etc/passwd" is outside the workspace; a replay file must be inside it' },
      { file: 'input "metrics"', line: 2, message: 'file: "/etc/passwd" is outside the workspace; a replay file must be inside it' },
    ]);
  });

  test('a symbolic link (to a file or through a folder) leading out of the workspace is refused; one inside is read', async () => {
    const ctx = context();
    const outside = mkdtempSync(path.join(tmpdir(), 'metrics-outside-'));
    cleanUps.push(() => rmSync(outside, { recursive: true, force: true }));
    writeFileSync(path.join(outside, 'secret.jsonl'), '{"ts":0,"metric":"leak","value":1}\n');
    symlinkSync(path.join(outside, 'secret.jsonl'), path.join(ctx.workspace, 'link.jsonl'));
    symlinkSync(outside, path.join(ctx.workspace, 'dir'));
    writeFileSync(path.join(ctx.workspace, 'real.jsonl'), '{"ts":0,"metric":"error_rate","value":1}\n');
    symlinkSync('real.jsonl', path.join(ctx.workspace, 'inside.jsonl'));
    const found = await diagnostics('file:link.jsonl\nfile:dir/secret.jsonl\nfile:inside.jsonl', ctx);
    expect(found.map((d) => [d.line, d.message])).toEqual([
      [1, 'file: "link.jsonl" is a symbolic link (or inside one) that leads outside the workspace'],
      [2, 'file: "dir/secret.jsonl" is a symbolic link (or inside one) that leads outside the workspace'],
    ]);
    const [inside] = await parseMetricSources('file:inside.jsonl', '', ctx);
    expect((await inside!.read([], ctx.startedAt)).readings.map((r) => r.metric)).toEqual(['error_rate']);
  });

  test('a FIFO is refused at once (never opened for a blocking read)', async () => {
    const ctx = context();
    execFileSync('mkfifo', [path.join(ctx.workspace, 'pipe.jsonl')]);
    const started = Date.now();
    expect(await diagnostics('file:pipe.jsonl', ctx)).toEqual([
      { file: 'input "metrics"', line: 1, message: 'file: "pipe.jsonl" is a FIFO (named pipe), not a regular file (only regular files are read)' },
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('a directory, and a file over 16 MiB (sparse: refused by its size, not read), are refused', async () => {
    const ctx = context();
    mkdirSync(path.join(ctx.workspace, 'folder'));
    writeFileSync(path.join(ctx.workspace, 'big.jsonl'), '');
    truncateSync(path.join(ctx.workspace, 'big.jsonl'), 17 * 1024 * 1024);
    const found = await diagnostics('file:folder\nfile:big.jsonl', ctx);
    expect(found[0]!.message).toBe('file: "folder" is a directory, not a regular file (only regular files are read)');
    expect(found[1]!.message).toMatch(/^file: "big\.jsonl" is 17825792 bytes, over the 16 MiB limit of a replay file/);
  });

  test('a huge line is one located problem, quoted nowhere', async () => {
    const ctx = context();
    writeFileSync(path.join(ctx.workspace, 'huge.jsonl'), `{"ts":0,"metric":"a","value":1}\n{"ts":1,"metric":"${'x'.repeat(200_000)}","value":1}\n`);
    const found = await diagnostics('file:huge.jsonl', ctx);
    expect(found).toEqual([{ file: 'huge.jsonl', line: 2, message: 'has 200030 characters; a replay line may have at most 65536' }]);
  });
});

describe('hostile inputs', () => {
  test('a metrics line over 4096 characters is refused without echoing it; more than 20 sources are refused', async () => {
    const long = await diagnostics(`url:http://s/${'a'.repeat(5000)}`);
    expect(long).toEqual([{ file: 'input "metrics"', line: 1, message: 'has 5013 characters; a line may have at most 4096' }]);
    const many = await diagnostics(Array.from({ length: 21 }, (_, i) => `url:http://s/${i}.json`).join('\n'));
    expect(many).toEqual([{ file: 'input "metrics"', message: 'names 21 sources; at most 20' }]);
  });

  test('a YAML alias bomb in queries is a located error, quickly', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefghi'
        .split('')
        .map(
          (k, i) =>
            `${k}: &${k} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
        ),
    ].join('\n');
    const started = Date.now();
    const found = await diagnostics('url:http://s/m.json', context(), bomb);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((d) => d.file === 'input "queries"')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('misbehaving commands', () => {
  test('output over 1 MiB stops the command and is a problem', async () => {
    const [source] = await parseMetricSources('command:yes error_rate=1', '', context({ killGraceMs: 200 }));
    const started = Date.now();
    const result = await source!.read([instant('error_rate')], NOW);
    expect(result).toEqual({ readings: [], problems: ['command "yes error_rate=1" printed more than 1 MiB, so it was stopped'] });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a command that never exits, even one ignoring SIGTERM, is stopped at its budget', async () => {
    const [source] = await parseMetricSources(`command:trap '' TERM; sleep 30; echo error_rate=1`, '', context({ timeoutMs: 300, killGraceMs: 200 }));
    const started = Date.now();
    const result = await source!.read([instant('error_rate')], NOW);
    expect(result.readings).toEqual([]);
    expect(result.problems).toEqual([`command "trap '' TERM; sleep 30; echo error_rate=1" did not finish within 300 ms, so it was stopped`]);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('misbehaving servers', () => {
  async function standIn(script: Parameters<typeof startPrometheusStandIn>[0]): Promise<PrometheusStandIn> {
    const started = await startPrometheusStandIn(script);
    cleanUps.push(() => started.close());
    return started;
  }

  test('an endless body is cut at 1 MiB: a problem, the server written to only a little past the cap', async () => {
    const prom = await standIn(() => ({ endless: true }));
    const [source] = await parseMetricSources(`prometheus:${prom.baseUrl}`, 'error_rate: up', context());
    const result = await source!.read([instant('error_rate')], NOW);
    expect(result.problems).toEqual([expect.stringMatching(/error_rate: Prometheus sent a body over 1 MiB, so reading stopped there$/)]);
    expect(prom.server.bytesWritten).toBeLessThan(8 * 1024 * 1024);
  });

  test('a server that never answers times out at the injected budget, without a retry', async () => {
    const prom = await standIn(() => ({ hang: true }));
    const [source] = await parseMetricSources(`prometheus:${prom.baseUrl}`, 'error_rate: up', context({ timeoutMs: 200 }));
    const started = Date.now();
    const result = await source!.read([instant('error_rate')], NOW);
    expect(result.problems).toEqual([expect.stringMatching(/error_rate: Prometheus timed out after 200 ms$/)]);
    expect(prom.queries).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('a gzip bomb from a url: source stops at 1 MiB of decompressed data', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    const server = await StandInHttpServer.start((_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
    cleanUps.push(() => server.close());
    const [source] = await parseMetricSources(`url:${server.url('/m.json')}`, '', context());
    const result = await source!.read([instant('error_rate')], NOW);
    expect(result.problems).toEqual([expect.stringMatching(/sent a body over 1 MiB, so reading stopped there$/)]);
  });

  test('an error message a server sends is quoted and cut, never echoed whole', async () => {
    const prom = await standIn(() => ({ error: `bad ${'y'.repeat(10_000)}\u001b[31m` }));
    const [source] = await parseMetricSources(`prometheus:${prom.baseUrl}`, 'error_rate: up', context());
    const [problem] = (await source!.read([instant('error_rate')], NOW)).problems;
    expect(problem!.length).toBeLessThan(400);
    expect(problem).not.toContain('\u001b');
  });
});
