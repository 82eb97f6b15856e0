/**
 * The simulated repository a `persona simulate` run works in: a fresh
 * folder holding a `file:` state store, a metrics replay (the given one, or
 * the demo's: an error rate of 3 % and a p95 latency near 180 ms, healthy
 * under `high-velocity` and a breach under `stability`), and the repository
 * variables that point the shipped workflow at them without editing it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The demo's folder inside the workspace. */
export const DEMO_DIR = '.persona-demo';

/** What the workspace holds and the variables that use it. */
export interface DemoWorkspace {
  workspace: string;
  stateFile: string;
  metricsFile: string;
  vars: Record<string, string>;
}

/** The demo's replay: one sample per metric per second for `seconds`. */
export function demoReplay(seconds = 60, start = Date.parse('2026-01-01T00:00:00Z')): string {
  const lines: string[] = [];
  for (let s = 0; s < seconds; s++) {
    const ts = start + s * 1000;
    lines.push(JSON.stringify({ ts, metric: 'error_rate', value: Number((0.03 + ((s * 7) % 5) / 1000).toFixed(4)) }));
    lines.push(JSON.stringify({ ts, metric: 'latency_p95_ms', value: 170 + ((s * 13) % 25) }));
  }
  return `${lines.join('\n')}\n`;
}

/** Creates the workspace under `root` (default the system temp folder). */
export function createDemoWorkspace(options: { root?: string; metricsFile?: string; interval: string; duration: string }): DemoWorkspace {
  const workspace = mkdtempSync(path.join(options.root ?? os.tmpdir(), 'persona-simulate-'));
  const dir = path.join(workspace, DEMO_DIR);
  mkdirSync(dir, { recursive: true });
  const stateFile = path.join(dir, 'state.json');
  const metricsFile = path.join(dir, 'metrics.jsonl');
  // A node project, so adapt-build's toolchain detection has something to find.
  writeFileSync(path.join(workspace, 'package.json'), `${JSON.stringify({ name: 'shop', version: '1.0.0', private: true }, null, 2)}\n`);
  if (options.metricsFile) copyFileSync(options.metricsFile, metricsFile);
  else writeFileSync(metricsFile, demoReplay());
  const vars = {
    PERSONA_STATE: `file:${DEMO_DIR}/state.json`,
    PERSONA_BUILD_COMMAND: 'echo "building with profile $PERSONA_ID (risk $PERSONA_RISK_TOLERANCE)"',
    PERSONA_TEST_SUITES:
      'smoke: echo "smoke tests passed"\nunit: echo "unit tests passed (shard ${PERSONA_SHARD:-1} of ${PERSONA_SHARDS:-1})"\nintegration: echo "integration tests passed"\nsecurity: echo "security scan clean"\nperformance: echo "performance suite within budget"\ne2e: echo "end-to-end tests passed"',
    PERSONA_DEPLOY_COMMAND: 'echo "deploying with $PERSONA_ID"',
    PERSONA_ROLLBACK_COMMAND: 'echo "rolling back to ${PERSONA_ROLLBACK_REF:-the last good release} (${PERSONA_ROLLBACK_SHA:-unknown sha})"',
    PERSONA_METRICS: `file:${DEMO_DIR}/metrics.jsonl`,
    PERSONA_WATCH_INTERVAL: options.interval,
    PERSONA_WATCH_DURATION: options.duration,
  };
  return { workspace, stateFile, metricsFile, vars };
}
