// The committed dist/ bundle of watch-monitor, run as the runner runs it (real clock): a 2-check watch (interval 1s,
// duration 2s) over a `file:` replay that passes, and one whose first check breaches a critical threshold whose action
// is `fail` (exit 1, one error annotation, the outputs and the summary written before the step fails).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDist } from '../support/run-dist.js';

const PERSONA = [
  'id: watch-e2e',
  'name: Watch E2E',
  'risk_tolerance: low',
  'optimization_goals:',
  '  - { metric: reliability, weight: 1 }',
  'monitoring_thresholds:',
  '  - { metric: error_rate, operator: ">", value: 0.01, severity: critical, action: fail }',
  '  - { metric: latency_p95_ms, operator: ">", value: 300, severity: warning, action: alert }',
  '',
].join('\n');

let ws: string;
beforeEach(() => {
  ws = mkdtempSync(path.join(os.tmpdir(), 'watch-e2e-'));
  mkdirSync(path.join(ws, '.github/personas'), { recursive: true });
  writeFileSync(path.join(ws, '.github/personas/watch-e2e.yml'), PERSONA);
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

/** A replay with one sample per metric at the watch's start and one a second later. */
function replay(errors: [number, number]): void {
  const t0 = Date.UTC(2026, 10, 30, 12);
  const lines = errors.flatMap((error, k) => [
    { ts: t0 + k * 1000, metric: 'error_rate', value: error },
    { ts: t0 + k * 1000, metric: 'latency_p95_ms', value: 120 },
  ]);
  writeFileSync(path.join(ws, 'replay.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

const watch = () =>
  runDist('watch-monitor', {
    workspace: ws,
    inputs: { default: 'watch-e2e', metrics: 'file:replay.jsonl', interval: '1s', duration: '2s', cache: 'false' },
  });

describe('watch-monitor bundle', () => {
  it('passes a 2-check watch over a quiet replay: outputs, progress lines, summary, no annotation', async () => {
    replay([0.001, 0.002]);
    const r = await watch();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ 'persona-id': 'watch-e2e', verdict: 'pass', score: '100', checks: '2', breaches: '[]', switches: '[]' });
    expect(r.stdout).toContain('[1/2] pass 100%  error_rate=0.001 ok (breach > 0.01)  latency_p95_ms=120 ok (breach > 300)');
    expect(r.stdout).toContain('[2/2] pass 100%  error_rate=0.002 ok');
    expect(r.annotations.filter((a) => a.level === 'error' || a.level === 'warning')).toEqual([]);
    expect(r.summary).toMatch(/^## watch-monitor: `pass` · score 100%\n\nPersona `watch-e2e`\n/);
    expect(r.summary).toContain('```mermaid\nxychart-beta');
  });

  it('fails at the first check on a critical `fail` breach: exit 1, one clear error, outputs and summary written first', async () => {
    replay([0.2, 0.2]);
    const started = Date.now();
    const r = await watch();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors.map((a) => a.message)).toEqual(['watch-monitor: error_rate > 0.01 breached (0.2; critical, action fail)']);
    expect(r.stdout).not.toMatch(/\n\s+at /);
    expect(r.outputs).toMatchObject({ verdict: 'fail', checks: '1', score: '50' });
    expect(JSON.parse(r.outputs.breaches!)).toEqual([expect.objectContaining({ metric: 'error_rate', value: 0.2, action: 'fail' })]);
    expect(r.summary).toContain('the step fails: error\\_rate &gt; 0.01 breached (0.2; critical, action fail)');
    expect(r.summary).toContain('| 1 | `fail` | error\\_rate | done: the watch fails: ');
    // The watch ended early: it never slept the interval.
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
