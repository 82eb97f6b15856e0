// watch-monitor in process: the remediations that write or run something: `rollback` (the command once, under the
// guardrails), `switch:stability` (a switch request written to a file: store, adopted at the next check), and the
// abort of a rollout whose target cohort this run is in.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PersonaState } from '../../src/switching/persona-state.js';
import { bucketOf } from '../../src/switching/rollout.js';
import { personaYaml, progress, stateDocument, watch, Workspace } from './fixtures/watch/watch-harness.js';

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace({
    'watch-low': personaYaml('watch-low'),
    'watch-strict': personaYaml('watch-strict', { errorLimit: 0.002 }),
    // Two critical thresholds whose action is rollback; both breach at the same check.
    'watch-rollback': personaYaml('watch-rollback', {
      errorAction: 'rollback',
      extra: ['{ metric: latency_p95_ms, operator: ">", value: 250, severity: critical, action: rollback }'],
    }),
    'watch-switch': personaYaml('watch-switch', { errorAction: 'switch:stability' }),
  });
});
afterEach(() => ws.remove());

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PersonaState;

describe('rollback', () => {
  const COMMAND = 'echo ran >> rollback-count; printf "ref=%s sha=%s" "$PERSONA_ROLLBACK_REF" "$PERSONA_ROLLBACK_SHA" > rollback-env';

  it('runs the command exactly once though two thresholds ask at the same check; empty REF/SHA without environment; the step fails', async () => {
    const metrics = ws.replay('spike.jsonl', { error_rate: [0.001, 0.3, 0.3], latency_p95_ms: [100, 900, 900] });
    const r = ws.runner({ default: 'watch-rollback', metrics, rollback: COMMAND }, { GITHUB_RUN_ID: '4242' });
    const error = await watch(r);
    expect(error?.message).toMatch(/^watch-monitor: .* breached .*action rollback\)/);
    expect(readFileSync(path.join(ws.dir, 'rollback-count'), 'utf8')).toBe('ran\n');
    expect(readFileSync(path.join(ws.dir, 'rollback-env'), 'utf8')).toBe('ref= sha=');
    expect(r.outputs).toMatchObject({ verdict: 'fail', checks: '2' });
    expect(r.summary).toMatch(/\| 2 \| `rollback` \| \S+ \| done: rolled back after /);
    expect(r.summary).toMatch(/\| 2 \| `rollback` \| \S+ \| not done: no rollback: /);
  });

  it('without a rollback command the action says so and the step still fails', async () => {
    const metrics = ws.replay('spike.jsonl', { error_rate: [0.3], latency_p95_ms: [100] });
    const r = ws.runner({ default: 'watch-rollback', metrics });
    expect((await watch(r))?.message).toMatch(/action rollback/);
    expect(r.logger.messages('warning')).toContain('rollback: no rollback command was given (input "rollback")');
    expect(existsSync(path.join(ws.dir, 'rollback-count'))).toBe(false);
  });
});

describe('switch:stability with a file: store', () => {
  it('writes the switch (history, reason naming the breach, correlation id watch-…) and the watch adopts it at the next check', async () => {
    const file = ws.write('state/state.json', JSON.stringify(stateDocument('watch-switch', 1)));
    // Checks every 10 minutes: stability's 5m windows then hold only the current sample; its availability threshold needs data.
    const series = { error_rate: [0.001, 0.05, ...Array(8).fill(0.001)], latency_p95_ms: Array(10).fill(100), availability: Array(10).fill(0.9999) };
    const metrics = ws.replay('switch.jsonl', series, 600_000);
    const r = ws.runner({ state: `file:${file}`, metrics, interval: '10m', duration: '100m' }, { GITHUB_RUN_ID: '4242', GITHUB_ACTOR: 'octocat' });
    const error = await watch(r);

    const state = readJson(file);
    expect(state.revision).toBe(2);
    expect(state.active).toMatchObject({ persona: 'stability', correlation_id: 'watch-4242-1-2' });
    expect(state.active?.reason).toMatch(/^watch-monitor: error_rate = 0\.05 breaches > 0\.01 \(critical\) at check 2/);
    expect(state.previous[0]).toMatchObject({ persona: 'watch-switch' });
    const history = readFileSync(`${file}.history.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(history).toEqual([expect.objectContaining({ persona: 'stability', correlation_id: 'watch-4242-1-2', result: 'applied', revision: 2 })]);

    expect(JSON.parse(r.outputs.switches!)).toEqual([
      { check: 3, at: expect.any(String), from: 'watch-switch', to: 'stability', revision: 2, correlationId: 'watch-4242-1-2' },
    ]);
    expect(progress(r)[2]).toMatch(/^\[3\/10\] pass 100% {2}error_rate=0\.001 ok \(breach > 0\.005 over 5m\)/);
    expect(r.outputs).toMatchObject({ 'persona-id': 'stability', checks: '10', verdict: 'fail' });
    // A switch is not an alert: a critical breach whose action was not `alert` fails the step.
    expect(error?.message).toMatch(/verdict fail/);
  });

  it('without a state store the switch cannot be written: the action says why', async () => {
    const r = ws.runner({ default: 'watch-switch', metrics: ws.replay('s.jsonl', { error_rate: [0.05], latency_p95_ms: [100] }), duration: '10s' });
    await watch(r);
    expect(r.logger.messages('warning')).toContain('switch: cannot switch to stability: no state store (input "state")');
  });
});

describe('rollout abort', () => {
  const started = new Date(Date.now() - 60_000).toISOString();
  const rollout = { id: 'ro-7', from: 'watch-low', to: 'watch-strict', steps: [50, 100], step: 0, interval: '24h', bucket_by: 'run' };
  const withRollout = () =>
    stateDocument('watch-strict', 3, {
      rollout: { ...rollout, started_at: started, updated_at: started, paused_ms: 0, status: 'progressing' },
    });
  /** The first run id from 1000 whose bucket is (not) in the 50 % target cohort. */
  const runId = (target: boolean) => {
    for (let id = 1000; ; id++) if (bucketOf(rollout.id, String(id)) < 50 === target) return String(id);
  };

  it('a failing watch in the target cohort aborts the rollout: everyone back to the old persona', async () => {
    const file = ws.write('state/state.json', JSON.stringify(withRollout()));
    const metrics = ws.replay('steady.jsonl', { error_rate: Array(10).fill(0.005), latency_p95_ms: Array(10).fill(100) });
    const r = ws.runner({ state: `file:${file}`, metrics }, { GITHUB_RUN_ID: runId(true) });
    const error = await watch(r);
    expect(error?.message).toMatch(/error_rate > 0\.002 breached/);
    expect(r.outputs['persona-id']).toBe('watch-strict');
    const state = readJson(file);
    expect(state.rollout).toMatchObject({ id: 'ro-7', status: 'aborted' });
    expect(state.active).toMatchObject({ persona: 'watch-low', correlation_id: expect.stringMatching(/^watch-\d+-1-abort-1$/) });
    expect(state.revision).toBe(4);
    expect(r.logger.messages('warning')).toContainEqual(expect.stringMatching(/^the rollout of watch-strict is aborted \(applied, revision 4\)/));
    expect(r.summary).toContain('rollout aborted (applied)');
  });

  it('a failing watch in the baseline cohort leaves the rollout alone', async () => {
    const file = ws.write('state/state.json', JSON.stringify(withRollout()));
    const metrics = ws.replay('steady.jsonl', { error_rate: Array(10).fill(0.5), latency_p95_ms: Array(10).fill(100) });
    const r = ws.runner({ state: `file:${file}`, metrics }, { GITHUB_RUN_ID: runId(false) });
    expect((await watch(r))?.message).toMatch(/error_rate > 0\.01 breached/);
    expect(r.outputs['persona-id']).toBe('watch-low');
    expect(readJson(file)).toMatchObject({ revision: 3, rollout: { status: 'progressing' } });
  });
});
