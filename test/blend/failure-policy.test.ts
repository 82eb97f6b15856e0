import { blendPersonas } from '../../src/blend/blend.js';
import { failurePolicy } from '../../src/blend/failure-policy.js';
import { DEFAULT_FAILURE_POLICIES } from '../../src/persona/risk-policy.js';
import { RISK_LEVELS } from '../../src/persona/vocabulary.js';
import { personaMarkdown } from '../../src/report/persona-markdown.js';
import { describeFailurePolicy, personaText, resolvedPersonaText } from '../../src/report/persona-text.js';
import { persona } from './fixtures.js';

const MIN = 60_000;

describe('DEFAULT_FAILURE_POLICIES', () => {
  it('is the documented table', () => {
    expect(DEFAULT_FAILURE_POLICIES).toEqual({
      low: {
        retries: 1,
        retry_delay_ms: 1000,
        after_retries: 'rollback',
        violations: 'fail',
        timeouts_ms: { build: 60 * MIN, test: 30 * MIN, deploy: 60 * MIN },
      },
      medium: {
        retries: 2,
        retry_delay_ms: 1000,
        after_retries: 'fail',
        violations: 'fail',
        timeouts_ms: { build: 60 * MIN, test: 30 * MIN, deploy: 60 * MIN },
      },
      high: { retries: 3, retry_delay_ms: 1000, after_retries: 'fail', violations: 'warn', timeouts_ms: { build: 90 * MIN, test: 45 * MIN, deploy: 90 * MIN } },
    });
  });

  it('gets no less safe as the risk tolerance drops, field by field', () => {
    const pairs = [
      [DEFAULT_FAILURE_POLICIES.low, DEFAULT_FAILURE_POLICIES.medium],
      [DEFAULT_FAILURE_POLICIES.medium, DEFAULT_FAILURE_POLICIES.high],
    ] as const;
    for (const [safer, riskier] of pairs) {
      expect(safer.retries).toBeLessThanOrEqual(riskier.retries);
      expect(safer.retry_delay_ms).toBeGreaterThanOrEqual(riskier.retry_delay_ms);
      for (const stage of ['build', 'test', 'deploy'] as const) expect(safer.timeouts_ms[stage]).toBeLessThanOrEqual(riskier.timeouts_ms[stage]);
    }
  });
});

describe('failurePolicy', () => {
  it.each(RISK_LEVELS)('without risk_policy: the %s table, as a copy', (risk) => {
    const policy = failurePolicy({ risk_tolerance: risk });
    expect(policy).toEqual(DEFAULT_FAILURE_POLICIES[risk]);
    policy.timeouts_ms.build = 1;
    policy.retries = 99;
    expect(DEFAULT_FAILURE_POLICIES[risk].timeouts_ms.build).not.toBe(1);
    expect(DEFAULT_FAILURE_POLICIES[risk].retries).not.toBe(99);
  });

  it('each declared field replaces the table; timeouts stage by stage', () => {
    expect(
      failurePolicy({ risk_tolerance: 'high', risk_policy: { retries: 0, after_retries: 'rollback', timeouts_ms: { test: 5 * MIN }, from: ['x'] } }),
    ).toEqual({
      retries: 0,
      retry_delay_ms: 1000,
      after_retries: 'rollback',
      violations: 'warn',
      timeouts_ms: { build: 90 * MIN, test: 5 * MIN, deploy: 90 * MIN },
    });
    expect(failurePolicy({ risk_tolerance: 'low', risk_policy: { retry_delay_ms: 30_000, violations: 'warn', from: ['x'] } })).toMatchObject({
      retries: 1,
      retry_delay_ms: 30_000,
      after_retries: 'rollback',
      violations: 'warn',
    });
  });
});

describe('the failure policy in reports', () => {
  it('describes a policy in one line', () => {
    expect(describeFailurePolicy(DEFAULT_FAILURE_POLICIES.low)).toBe(
      '1 retry (1s), then rollback and fail; violations fail; timeouts build 1h, test 30m, deploy 1h',
    );
    expect(describeFailurePolicy(DEFAULT_FAILURE_POLICIES.high)).toBe(
      '3 retries (1s, doubling), then fail; violations warn; timeouts build 1h30m, test 45m, deploy 1h30m',
    );
    expect(describeFailurePolicy({ ...DEFAULT_FAILURE_POLICIES.medium, retries: 0, after_retries: 'continue' })).toMatch(
      /^no retry, then continue with a warning; violations fail;/,
    );
  });

  const declared = persona('team', { risk_tolerance: 'high', risk_policy: { retries: 1, timeouts: { test: '10m' } } });
  const blended = blendPersonas([{ persona: declared, weight: 1 }]);

  it('plan and the job summary show the effective policy and who overrode the table', () => {
    const line = '1 retry (1s), then fail; violations warn; timeouts build 1h30m, test 10m, deploy 1h30m (risk_policy from team)';
    expect(resolvedPersonaText(blended)).toContain(`  failure policy:  ${line}\n`);
    expect(personaMarkdown(blended, 'input')).toContain(
      '**Failure policy:** 1 retry (1s), then fail; violations warn; timeouts build 1h30m, test 10m, deploy 1h30m (`risk_policy` from `team`)\n',
    );
    expect(resolvedPersonaText(blendPersonas([{ persona: persona('plain'), weight: 1 }]))).toContain(
      '  failure policy:  2 retries (1s, doubling), then fail; violations fail; timeouts build 1h, test 30m, deploy 1h\n',
    );
  });

  it('show gives the policy of one persona of the library', () => {
    expect(personaText(declared, 'personas/team.yml')).toContain(
      '  failure policy:  1 retry (1s), then fail; violations warn; timeouts build 1h30m, test 10m, deploy 1h30m\n',
    );
  });
});
