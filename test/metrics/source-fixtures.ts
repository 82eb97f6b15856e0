/** What the metric-source tests share: a context over a temporary workspace, masks recorded. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryLogger } from '../../src/logging/logger.js';
import type { SourceContext } from '../../src/metrics/metric-source.js';
import type { MetricRequest } from '../../src/monitoring/readings.js';

/** A context over a fresh temporary workspace; `masked` records every secret masked. */
export function testContext(overrides: Partial<SourceContext> = {}): SourceContext & { masked: string[]; cleanUp(): void } {
  const workspace = mkdtempSync(path.join(tmpdir(), 'metrics-ws-'));
  const masked: string[] = [];
  return {
    workspace,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    logger: new MemoryLogger(),
    mask: (secret) => void masked.push(secret),
    startedAt: 1_000_000,
    timeoutMs: 2000,
    masked,
    cleanUp: () => rmSync(workspace, { recursive: true, force: true }),
    ...overrides,
  };
}

/** An instant request of `metric`. */
export function instant(metric: string): MetricRequest {
  return { metric, reduction: { kind: 'avg' } };
}
