/**
 * Missing data, every row of the table per risk tolerance:
 * on-no-data fail → counts as a failing check (acts at failure-limit);
 * inconclusive → inconclusive, failing after 3 (low) / 5 (medium) / never (high) consecutive inconclusive checks;
 * ignore → ok.
 */
import type { ReadResult } from '../../src/monitoring/readings.js';
import { watchPolicy, type OnNoData } from '../../src/monitoring/watch-policy.js';
import { WatchSession, type CheckResult } from '../../src/monitoring/watch-session.js';
import type { RiskTolerance } from '../../src/persona/vocabulary.js';
import { at, NOTHING, persona, read, threshold } from './fixtures.js';

/** Up to `checks` checks of `error_rate > 0.01` (critical, action `action`) fed by `reads(i)`, stopping when the watch ends. */
function run(risk: RiskTolerance, onNoData: OnNoData, checks: number, reads: (i: number) => ReadResult = () => NOTHING, action = 'fail') {
  const session = new WatchSession(persona([threshold({ action })], risk), watchPolicy(risk, { onNoData }));
  const results: CheckResult[] = [];
  for (let i = 0; i < checks; i++) {
    const result = session.check(reads(i), at(i));
    results.push(result);
    if (result.ends) break;
  }
  return { session, results };
}

describe.each(['low', 'medium', 'high'] as const)('risk %s', (risk) => {
  it('on-no-data ignore: each data-less check passes and the watch never ends', () => {
    const { results, session } = run(risk, 'ignore', 30);
    expect(results).toHaveLength(30);
    expect(results.every((r) => r.verdict === 'pass' && r.checks[0]!.state === 'no-data' && r.score === 100)).toBe(true);
    expect(session.outcome()).toMatchObject({ verdict: 'pass', checks: 30 });
  });

  const limits = { low: 3, medium: 5, high: null } as const;
  it(`on-no-data inconclusive: inconclusive, failing after ${String(limits[risk])} consecutive checks`, () => {
    const { results, session } = run(risk, 'inconclusive', 30);
    const limit = limits[risk];
    expect(results).toHaveLength(limit ?? 30);
    expect(results.slice(0, (limit ?? 31) - 1).every((r) => r.verdict === 'inconclusive' && !r.ends)).toBe(true);
    if (limit === null) {
      expect(session.outcome()).toMatchObject({ verdict: 'inconclusive', alertOnly: false });
      return;
    }
    expect(results.at(-1)).toMatchObject({ verdict: 'fail', ends: 'fail' });
    expect(results.at(-1)!.endReason).toBe(`no data for ${limit} consecutive checks (the limit under risk tolerance ${risk} is ${limit})`);
    expect(session.outcome()).toMatchObject({ verdict: 'fail', ended: 'fail', alertOnly: false, breaches: [] });
  });

  const failureLimits = { low: 1, medium: 2, high: 3 } as const;
  it(`on-no-data fail: counts as a failing check, acting at check ${failureLimits[risk]}`, () => {
    const { results, session } = run(risk, 'fail', 30);
    expect(results).toHaveLength(failureLimits[risk]);
    expect(results.slice(0, -1).every((r) => r.verdict === 'inconclusive' && r.actions.length === 0)).toBe(true);
    expect(results.at(-1)).toMatchObject({ verdict: 'fail', ends: 'fail', vetoed: true, score: 0 });
    expect(results.at(-1)!.checks[0]).toMatchObject({ state: 'no-data', acting: true, consecutive: failureLimits[risk] });
    expect(session.outcome().breaches).toEqual([expect.objectContaining({ metric: 'error_rate', action: 'fail', index: failureLimits[risk] })]);
    expect(session.outcome().breaches[0]).not.toHaveProperty('value');
  });
});

describe('no data in between', () => {
  it('an inconclusive run is broken by a check with data', () => {
    const reads = (i: number) => (i % 3 === 2 ? read({ error_rate: 0 }, at(i)) : NOTHING);
    const { results } = run('low', 'inconclusive', 12, reads);
    expect(results).toHaveLength(12);
    expect(results.map((r) => r.verdict).slice(0, 3)).toEqual(['inconclusive', 'inconclusive', 'pass']);
  });

  it('a data-less check neither counts toward nor clears a breach (inconclusive)', () => {
    const reads = (i: number) => (i === 1 ? NOTHING : read({ error_rate: 0.5 }, at(i)));
    const { results } = run('medium', 'inconclusive', 5, reads);
    expect(results.map((r) => r.checks[0]!.consecutive)).toEqual([1, 1, 2]);
    expect(results.at(-1)!.ends).toBe('fail');
  });

  it('under on-no-data fail, a data-less check continues a breach (and needs no min-samples)', () => {
    const reads = (i: number) => (i === 1 ? NOTHING : read({ error_rate: 0.5 }, at(i)));
    const { results } = run('medium', 'fail', 5, reads);
    expect(results.map((r) => [r.checks[0]!.state, r.checks[0]!.consecutive])).toEqual([
      ['warming-up', 1],
      ['no-data', 2],
    ]);
    expect(results.at(-1)).toMatchObject({ verdict: 'fail', ends: 'fail' });
  });

  it.each([NaN, Infinity, -Infinity])('a %p reading is no data, reported as read and never stored', (value) => {
    const { results } = run('low', 'inconclusive', 1, (i) => read({ error_rate: value }, at(i)));
    expect(results[0]!.checks[0]).toMatchObject({ state: 'no-data', value, samples: 0, verdict: 'inconclusive' });
  });

  it('a source problem leaves the metric without data but other metrics evaluated', () => {
    const session = new WatchSession(persona([threshold(), threshold({ metric: 'latency_p95_ms', value: 300 })]), watchPolicy('low'));
    const result = session.check(read({ latency_p95_ms: 200 }, at(0), ['prometheus: 503']), at(0));
    expect(result.checks.map((c) => c.state)).toEqual(['no-data', 'ok']);
    expect(result.verdict).toBe('inconclusive');
  });
});
