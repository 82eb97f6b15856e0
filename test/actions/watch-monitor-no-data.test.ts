// watch-monitor in process: a threshold without data, per `on-no-data` (fail, inconclusive, ignore), and the inconclusive
// limit of each risk tolerance (3 checks under low, 5 under medium, never under high).
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import { FakeClock, personaYaml, progress, watch, Workspace } from './fixtures/watch/watch-harness.js';

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace({
    'watch-low': personaYaml('watch-low'),
    'watch-medium': personaYaml('watch-medium', { risk: 'medium' }),
    'watch-high': personaYaml('watch-high', { risk: 'high' }),
  });
});
afterEach(() => ws.remove());

const latency = Array(10).fill(120);
/** error_rate has data at check 1 only, then null (no data) at every later check. */
const gap = { error_rate: [0.001, ...Array(9).fill(null)], latency_p95_ms: latency };

describe('watch-monitor without data', () => {
  it('on-no-data: ignore passes a watch whose error rate stops reporting', async () => {
    const r = ws.runner({ default: 'watch-low', metrics: ws.replay('gap.jsonl', gap), 'on-no-data': 'ignore' });
    expect(await watch(r)).toBeUndefined();
    expect(r.outputs).toMatchObject({ verdict: 'pass', checks: '10', breaches: '[]' });
    expect(progress(r)[4]).toBe('[5/10] pass 100%  error_rate=no-data no-data (breach > 0.01)  latency_p95_ms=120 ok (breach > 300)');
  });

  it('on-no-data: fail counts the missing value as a breach: under low risk the threshold acts (fail) at the first gap', async () => {
    const r = ws.runner({ default: 'watch-low', metrics: ws.replay('gap.jsonl', gap), 'on-no-data': 'fail' });
    const error = await watch(r);
    expect(isConfigurationError(error)).toBe(true);
    expect(error!.message).toMatch(/^watch-monitor: error_rate > 0\.01 breached \(/);
    expect(r.outputs).toMatchObject({ verdict: 'fail', checks: '2' });
    expect(JSON.parse(r.outputs.breaches!)).toEqual([expect.objectContaining({ index: 2, metric: 'error_rate', action: 'fail' })]);
    expect(JSON.parse(r.outputs.breaches!)[0].value ?? null).toBeNull();
  });

  it('the message of a breach without data says "no data", never NaN (a replay null is NaN inside)', async () => {
    const r = ws.runner({ default: 'watch-low', metrics: ws.replay('gap.jsonl', gap), 'on-no-data': 'fail' });
    const error = await watch(r);
    expect(error!.message).toBe('watch-monitor: error_rate > 0.01 breached (no data; critical, action fail)');
    expect(r.summary).not.toContain('NaN');
  });

  it('on-no-data: fail under medium risk waits for failure-limit 2 consecutive gaps', async () => {
    const r = ws.runner({ default: 'watch-medium', metrics: ws.replay('gap.jsonl', gap), 'on-no-data': 'fail' });
    await watch(r);
    expect(r.outputs).toMatchObject({ verdict: 'fail', checks: '3' });
  });

  it.each([
    ['watch-low', 'low', 3, '4'],
    ['watch-medium', 'medium', 5, '6'],
  ])('inconclusive (default) under %s fails after %s: the limit of risk %s', async (persona, risk, limit, checks) => {
    const r = ws.runner({ default: persona, metrics: ws.replay('gap.jsonl', gap) });
    const error = await watch(r);
    expect(error?.message).toBe(`watch-monitor: no data for ${limit} consecutive checks (the limit under risk tolerance ${risk} is ${limit})`);
    expect(r.outputs).toMatchObject({ verdict: 'fail', checks });
    expect(progress(r)[1]).toMatch(/^\[2\/10\] inconclusive /);
    expect(progress(r).at(-1)).toMatch(new RegExp(`^\\[${checks}/10\\] fail `));
  });

  it('inconclusive under high risk never fails: 10 inconclusive checks end green with a warning', async () => {
    const r = ws.runner({ default: 'watch-high', metrics: ws.replay('gap.jsonl', gap) });
    expect(await watch(r)).toBeUndefined();
    expect(r.outputs).toMatchObject({ verdict: 'inconclusive', checks: '10' });
    expect(r.logger.messages('warning')).toContainEqual(expect.stringMatching(/passes with a warning \(verdict inconclusive\)/));
  });

  it('a data point between gaps restarts the inconclusive count (low: 2 gaps, data, 2 gaps never reach 3)', async () => {
    const errors = [0.001, null, null, 0.001, null, null, 0.001, null, null, 0.001];
    const r = ws.runner({ default: 'watch-low', metrics: ws.replay('holes.jsonl', { error_rate: errors, latency_p95_ms: latency }) });
    expect(await watch(r)).toBeUndefined();
    expect(r.outputs).toMatchObject({ verdict: 'inconclusive', checks: '10' });
  });

  it('a metric the replay never holds is one warning naming it, and its threshold has no data', async () => {
    const r = ws.runner({ default: 'watch-high', metrics: ws.replay('latency-only.jsonl', { latency_p95_ms: latency }) });
    const clock = new FakeClock();
    expect(await watch(r, clock)).toBeUndefined();
    expect(r.logger.messages('warning').filter((m) => m.includes('holds no samples of'))).toEqual([
      expect.stringMatching(/^metrics: file:latency-only\.jsonl holds no samples of .*error_rate/),
    ]);
    expect(r.outputs.verdict).toBe('inconclusive');
  });
});
