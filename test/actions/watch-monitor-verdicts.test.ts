// watch-monitor in process over `file:` replays on a fake clock: the verdicts (pass, warn, fail ending early, alert-only),
// the progress line, the outputs, and the flapping guard (min-samples, failure-limit).
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import { FakeClock, personaYaml, progress, watch, Workspace } from './fixtures/watch/watch-harness.js';

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace({
    'watch-low': personaYaml('watch-low'),
    'watch-alert': personaYaml('watch-alert', { errorAction: 'alert' }),
    'watch-high': personaYaml('watch-high', { risk: 'high' }),
  });
});
afterEach(() => ws.remove());

const quiet = { error_rate: Array(10).fill(0.001), latency_p95_ms: Array(10).fill(120) };

describe('watch-monitor verdicts over file: replays', () => {
  it('passes a quiet replay: 10 checks, score 100, no breach, a [k/10] line per check, the step green', async () => {
    const r = ws.runner({ default: 'watch-low', metrics: ws.replay('quiet.jsonl', quiet) });
    const clock = new FakeClock();
    expect(await watch(r, clock)).toBeUndefined();
    expect(r.outputs).toMatchObject({ 'persona-id': 'watch-low', verdict: 'pass', score: '100', breaches: '[]', switches: '[]', checks: '10' });
    // The first check runs at once, then one per interval.
    expect(clock.sleeps).toBe(9);
    expect(clock.slept).toBe(90_000);
    const lines = progress(r);
    expect(lines).toHaveLength(10);
    expect(lines[2]).toBe('[3/10] pass 100%  error_rate=0.001 ok (breach > 0.01)  latency_p95_ms=120 ok (breach > 300)');
    expect(r.logger.messages('warning')).toEqual([]);
  });

  it('warns on a warning-severity breach: verdict warn, score halved for latency, the step green with a warning', async () => {
    const latency = [120, 120, 450, 460, 120, 120, 120, 120, 120, 120];
    const r = ws.runner({ default: 'watch-low', metrics: ws.replay('warn.jsonl', { ...quiet, latency_p95_ms: latency }) });
    expect(await watch(r)).toBeUndefined();
    expect(r.outputs.verdict).toBe('warn');
    expect(r.outputs.checks).toBe('10');
    expect(progress(r)[2]).toBe('[3/10] warn 83.3%  error_rate=0.001 ok (breach > 0.01)  latency_p95_ms=450 BREACH (breach > 300)');
    const breaches = JSON.parse(r.outputs.breaches!) as Array<Record<string, unknown>>;
    expect(breaches).toEqual([expect.objectContaining({ index: 3, metric: 'latency_p95_ms', value: 450, severity: 'warning', action: 'alert' })]);
    // One alert per breach episode (checks 3 and 4 are one episode), and the step's closing warning.
    expect(r.logger.messages('warning').filter((m) => m.startsWith('alert from persona watch-low'))).toHaveLength(1);
    expect(r.logger.messages('warning')).toContainEqual(expect.stringMatching(/the step passes with a warning \(verdict warn\)/));
  });

  it('fails on a critical breach with action fail: the watch ends at that check (4 of 10), outputs written, the step fails', async () => {
    const errors = [0.001, 0.002, 0.001, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3];
    const r = ws.runner({ default: 'watch-low', metrics: ws.replay('fail.jsonl', { ...quiet, error_rate: errors }) });
    const clock = new FakeClock();
    const error = await watch(r, clock);
    expect(isConfigurationError(error)).toBe(true);
    expect(error!.message).toMatch(/^watch-monitor: error_rate > 0\.01 breached \(0\.2; critical, action fail\)/);
    expect(clock.sleeps).toBe(3);
    expect(progress(r)).toHaveLength(4);
    expect(progress(r)[3]).toMatch(/^\[4\/10\] fail 33\.3% {2}error_rate=0\.2 BREACH/);
    expect(r.outputs).toMatchObject({ verdict: 'fail', score: '33.3', checks: '4' });
    expect(JSON.parse(r.outputs.breaches!)).toEqual([
      expect.objectContaining({ index: 4, personaId: 'watch-low', metric: 'error_rate', operator: '>', limit: 0.01, value: 0.2, action: 'fail' }),
    ]);
    expect(r.logger.messages('info')).toContain('the watch ends at check 4: error_rate > 0.01 breached (0.2; critical, action fail)');
  });

  it('keeps a critical breach whose action is alert green with a warning, verdict fail', async () => {
    const errors = [0.001, 0.05, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001];
    const r = ws.runner({ default: 'watch-alert', metrics: ws.replay('alert.jsonl', { ...quiet, error_rate: errors }) });
    expect(await watch(r)).toBeUndefined();
    expect(r.outputs).toMatchObject({ verdict: 'fail', checks: '10', score: '100' });
    expect(r.logger.messages('warning')).toEqual([
      'alert from persona watch-alert: error_rate = 0.05 breaches > 0.01 (critical) at check 2',
      expect.stringMatching(/^watch-monitor: the step passes with a warning \(verdict fail, only alert actions\)/),
    ]);
    expect(r.summary).toContain('only alert actions');
  });
});

describe('watch-monitor flapping guard', () => {
  it('under high risk (failure-limit 3, min-samples 3) a single spike and a two-check burst never act', async () => {
    const errors = [0.001, 0.5, 0.001, 0.5, 0.5, 0.001, 0.001, 0.001, 0.001, 0.001];
    const r = ws.runner({ default: 'watch-high', metrics: ws.replay('flap.jsonl', { ...quiet, error_rate: errors }) });
    expect(await watch(r)).toBeUndefined();
    expect(r.outputs).toMatchObject({ verdict: 'pass', breaches: '[]', checks: '10' });
    expect(progress(r)[1]).toContain('error_rate=0.5 warming-up');
    expect(progress(r)[4]).toContain('error_rate=0.5 breach 2x');
  });

  it('the same replay acts once the third consecutive breach comes', async () => {
    const errors = [0.001, 0.001, 0.001, 0.5, 0.5, 0.5, 0.001, 0.001, 0.001, 0.001];
    const r = ws.runner({ default: 'watch-high', metrics: ws.replay('flap3.jsonl', { ...quiet, error_rate: errors }) });
    const error = await watch(r);
    expect(error?.message).toMatch(/error_rate > 0\.01 breached/);
    expect(r.outputs.checks).toBe('6');
  });

  it('input failure-limit overrides the risk default: 2 under low risk lets a single spike pass', async () => {
    const errors = [0.001, 0.5, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001];
    const metrics = ws.replay('spike.jsonl', { ...quiet, error_rate: errors });
    const guarded = ws.runner({ default: 'watch-low', metrics, 'failure-limit': '2' });
    expect(await watch(guarded)).toBeUndefined();
    expect(guarded.outputs.verdict).toBe('pass');
    const strict = ws.runner({ default: 'watch-low', metrics });
    expect((await watch(strict))?.message).toMatch(/error_rate/);
    expect(strict.outputs.checks).toBe('2');
  });

  it('input min-samples keeps a breach warming up until the metric has that many samples', async () => {
    const errors = [0.5, 0.5, 0.5, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001];
    const r = ws.runner({ default: 'watch-low', metrics: ws.replay('warm.jsonl', { ...quiet, error_rate: errors }), 'min-samples': '3' });
    const error = await watch(r);
    expect(error?.message).toMatch(/error_rate > 0\.01 breached \(0\.5/);
    expect(progress(r).map((l) => /error_rate=0\.5 (\S+)/.exec(l)?.[1])).toEqual(['warming-up', 'warming-up', 'BREACH']);
  });
});
