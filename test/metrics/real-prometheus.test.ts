/**
 * The one smoke test against a real Prometheus (Debian's package, installed
 * by .ci/run): it scrapes an exporter the test controls every second; the
 * prometheus: source reads the error counter before and after it jumps, as
 * an instant query and over a window. Generous deadlines: CI machines may
 * have 2 cores. It fails (never skips) when prometheus is missing.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { tmpdir } from 'node:os';
import { MemoryLogger } from '../../src/logging/logger.js';
import type { MetricSource } from '../../src/metrics/metric-source.js';
import { parseMetricSources } from '../../src/metrics/parse-metric-sources.js';
import type { MetricRequest, Reading } from '../../src/monitoring/readings.js';
import { REAL_CLOCK, type WatchClock } from '../../src/wiring/watch-loop.js';
import { personaYaml, watch, Workspace } from '../actions/fixtures/watch/watch-harness.js';
import { type Exporter, type RealPrometheus, startExporter, startPrometheus } from '../support/real-prometheus.js';

const DEADLINE_MS = 60_000;
let exporter: Exporter;
let prometheus: RealPrometheus;
let source: MetricSource;

beforeAll(async () => {
  exporter = await startExporter({ app_errors_total: 0, app_requests_total: 1000 });
  prometheus = await startPrometheus(exporter.target, DEADLINE_MS);
  const queries = 'errors: sum(app_errors_total)\nerror_ratio: sum(app_errors_total) / sum(app_requests_total)\n';
  const sources = await parseMetricSources(`prometheus:${prometheus.baseUrl}`, queries, {
    workspace: tmpdir(),
    env: {},
    logger: new MemoryLogger(),
    mask: () => {},
    startedAt: Date.now(),
    timeoutMs: 5000,
  });
  source = sources[0]!;
}, DEADLINE_MS + 10_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
});

/** Reads until `accept` holds for the reading of `request`, or fails with what was last read and Prometheus's log. */
async function readUntil(request: MetricRequest, accept: (value: number) => boolean, deadline: number): Promise<Reading> {
  let last = '';
  while (Date.now() < deadline) {
    const result = await source.read([request], Date.now());
    const reading = result.readings.find((r) => r.metric === request.metric);
    if (reading && accept(reading.value)) return reading;
    last = reading ? `value ${reading.value}` : result.problems.join('; ');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no acceptable reading of ${request.metric} before the deadline; last: ${last}\nprometheus log:\n${prometheus.log()}`);
}

test(
  'the prometheus: source reads an error jump from a real Prometheus, instantly and over a window',
  async () => {
    const deadline = Date.now() + DEADLINE_MS;
    const instant: MetricRequest = { metric: 'errors', reduction: { kind: 'avg' } };
    // Scraped before the jump: the series exists and is 0.
    expect((await readUntil(instant, (v) => v === 0, deadline)).value).toBe(0);
    await readUntil({ metric: 'error_ratio', reduction: { kind: 'avg' } }, (v) => v === 0, deadline);

    exporter.values.set('app_errors_total', 50);
    const jumped = await readUntil(instant, (v) => v === 50, deadline);
    expect(jumped.windowMs).toBeUndefined();
    expect((await readUntil({ metric: 'error_ratio', reduction: { kind: 'avg' } }, (v) => v > 0, deadline)).value).toBeCloseTo(0.05, 10);

    // Over 30 s Prometheus averages the samples before (0) and after (50) the jump.
    const windowed = await readUntil({ metric: 'errors', windowMs: 30_000, reduction: { kind: 'avg' } }, (v) => v > 0, deadline);
    expect(windowed.windowMs).toBe(30_000);
    expect(windowed.value).toBeGreaterThan(0);
    expect(windowed.value).toBeLessThan(50);
    // The 99th percentile over the same window reaches the jumped value once two points after the jump are in it.
    const p99 = await readUntil({ metric: 'errors', windowMs: 30_000, reduction: { kind: 'quantile', q: 0.99 } }, (v) => v === 50, deadline);
    expect(p99.windowMs).toBe(30_000);
  },
  DEADLINE_MS + 30_000,
);

test(
  'watch-monitor acts on an error jump read from the real Prometheus: the critical fail ends the watch early',
  async () => {
    exporter.values.set('app_errors_total', 0);
    // Healthy again in Prometheus before the watch starts.
    await readUntil({ metric: 'errors', reduction: { kind: 'avg' } }, (v) => v === 0, Date.now() + DEADLINE_MS);
    const ws = new Workspace({ guarded: personaYaml('guarded', { risk: 'low', errorAction: 'fail', errorLimit: 0.01 }) });
    const runner = ws.runner({
      persona: '',
      default: 'guarded',
      metrics: `prometheus:${prometheus.baseUrl}`,
      queries: 'error_rate: sum(app_errors_total) / sum(app_requests_total)\nlatency_p95_ms: vector(120)\n',
      interval: '1s',
      duration: '45s',
    });
    // The error counter jumps once the watch has seen a healthy check.
    let checks = 0;
    const clock: WatchClock = {
      now: () => REAL_CLOCK.now(),
      sleep: async (ms) => {
        if (++checks === 2) exporter.values.set('app_errors_total', 50);
        await REAL_CLOCK.sleep(ms);
      },
    };
    try {
      const error = await watch(runner, clock);
      expect(error?.message).toMatch(/error_rate > 0\.01 breached \(0\.05/);
      expect(runner.outputs.verdict).toBe('fail');
      // At least one healthy check before the jump, and the watch ended long before its 45 checks.
      expect(Number(runner.outputs.checks)).toBeGreaterThanOrEqual(3);
      expect(Number(runner.outputs.checks)).toBeLessThan(45);
      const breaches = JSON.parse(runner.outputs.breaches!) as Array<{ metric: string; value: number }>;
      expect(breaches.map((b) => [b.metric, b.value])).toEqual([['error_rate', 0.05]]);
    } finally {
      ws.remove();
    }
  },
  DEADLINE_MS + 30_000,
);
