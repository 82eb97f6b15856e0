import { blendPersonas } from '../../src/blend/blend.js';
import { blendRiskPolicy, riskPolicyMs } from '../../src/blend/blend-risk-policy.js';
import { failurePolicy } from '../../src/blend/failure-policy.js';
import type { Persona, RiskPolicyDefinition } from '../../src/persona/persona.js';
import type { RiskTolerance } from '../../src/persona/vocabulary.js';
import { persona } from './fixtures.js';

const MIN = 60_000;
const withPolicy = (id: string, risk_tolerance: RiskTolerance, risk_policy?: RiskPolicyDefinition): Persona =>
  persona(id, { risk_tolerance, ...(risk_policy ? { risk_policy } : {}) });

describe('riskPolicyMs', () => {
  it('converts the durations to milliseconds and keeps only the declared fields', () => {
    expect(riskPolicyMs({ retry_delay: '1m30s', timeouts: { test: '10m' } })).toEqual({ retry_delay_ms: 90_000, timeouts_ms: { test: 10 * MIN } });
    expect(riskPolicyMs({ retries: 0, after_retries: 'continue', violations: 'warn' })).toEqual({ retries: 0, after_retries: 'continue', violations: 'warn' });
    expect(riskPolicyMs({})).toEqual({});
  });
});

describe('blendRiskPolicy: each field toward safety', () => {
  it('is undefined when no persona declares a field', () => {
    expect(blendRiskPolicy([withPolicy('a', 'high'), withPolicy('b', 'low', {})])).toBeUndefined();
  });

  it('a single persona keeps what it declares, and nothing else', () => {
    expect(blendRiskPolicy([withPolicy('a', 'high', { retries: 5, timeouts: { deploy: '2h' } })])).toEqual({
      retries: 5,
      timeouts_ms: { deploy: 120 * MIN },
      from: ['a'],
    });
  });

  it('retries: the fewest, a persona without a declaration counting with its own default', () => {
    expect(blendRiskPolicy([withPolicy('a', 'high', { retries: 5 }), withPolicy('b', 'high')])?.retries).toBe(3);
    expect(blendRiskPolicy([withPolicy('a', 'high', { retries: 5 }), withPolicy('b', 'low')])?.retries).toBe(1);
    expect(blendRiskPolicy([withPolicy('a', 'low', { retries: 0 }), withPolicy('b', 'high', { retries: 4 })])?.retries).toBe(0);
  });

  it('retry delay: the longest', () => {
    expect(blendRiskPolicy([withPolicy('a', 'medium', { retry_delay: '5s' }), withPolicy('b', 'medium', { retry_delay: '30s' })])?.retry_delay_ms).toBe(30_000);
    expect(blendRiskPolicy([withPolicy('a', 'medium', { retry_delay: '5s' }), withPolicy('b', 'medium')])?.retry_delay_ms).toBe(5000);
  });

  it('after_retries: rollback over fail over continue', () => {
    const after = (...ps: Persona[]) => blendRiskPolicy(ps)?.after_retries;
    expect(after(withPolicy('a', 'high', { after_retries: 'continue' }), withPolicy('b', 'high'))).toBe('fail');
    expect(after(withPolicy('a', 'high', { after_retries: 'continue' }), withPolicy('b', 'low'))).toBe('rollback');
    expect(after(withPolicy('a', 'high', { after_retries: 'continue' }), withPolicy('b', 'high', { after_retries: 'continue' }))).toBe('continue');
    expect(after(withPolicy('a', 'high', { after_retries: 'fail' }), withPolicy('b', 'high', { after_retries: 'rollback' }))).toBe('rollback');
  });

  it('violations: fail over warn', () => {
    const violations = (...ps: Persona[]) => blendRiskPolicy(ps)?.violations;
    expect(violations(withPolicy('a', 'high', { violations: 'warn' }), withPolicy('b', 'high'))).toBe('warn');
    expect(violations(withPolicy('a', 'high', { violations: 'warn' }), withPolicy('b', 'medium'))).toBe('fail');
    expect(violations(withPolicy('a', 'low', { violations: 'warn' }), withPolicy('b', 'high', { violations: 'fail' }))).toBe('fail');
  });

  it('timeouts: the shortest per stage, only for the stages someone declares', () => {
    const blended = blendRiskPolicy([
      withPolicy('a', 'high', { timeouts: { build: '3h', test: '5m' } }),
      withPolicy('b', 'high', { timeouts: { test: '20m' } }),
      withPolicy('c', 'low'),
    ]);
    expect(blended).toEqual({ timeouts_ms: { build: 60 * MIN, test: 5 * MIN }, from: ['a', 'b'] });
  });
});

describe('blendPersonas: risk_policy', () => {
  it('is absent when no persona declares one, so the hand-over of such a blend is unchanged', () => {
    const blended = blendPersonas([
      { persona: withPolicy('a', 'low'), weight: 0.5 },
      { persona: withPolicy('b', 'high'), weight: 0.5 },
    ]);
    expect(blended).not.toHaveProperty('risk_policy');
    expect(Object.keys(blended)).not.toContain('risk_policy');
  });

  it('a heavier risk-taking persona cannot loosen a lighter careful one: weights do not matter', () => {
    const bold = withPolicy('bold', 'high', { retries: 10, after_retries: 'continue', violations: 'warn', timeouts: { deploy: '6h' } });
    const blended = blendPersonas([
      { persona: bold, weight: 0.9 },
      { persona: withPolicy('careful', 'low'), weight: 0.1 },
    ]);
    expect(blended.risk_tolerance).toBe('low');
    expect(blended.risk_policy).toEqual({ retries: 1, after_retries: 'rollback', violations: 'fail', timeouts_ms: { deploy: 60 * MIN }, from: ['bold'] });
    expect(failurePolicy(blended)).toEqual({
      retries: 1,
      retry_delay_ms: 1000,
      after_retries: 'rollback',
      violations: 'fail',
      timeouts_ms: { build: 60 * MIN, test: 30 * MIN, deploy: 60 * MIN },
    });
  });

  it('a careful override applies to the whole blend', () => {
    const blended = blendPersonas([
      { persona: withPolicy('fast', 'high'), weight: 0.7 },
      { persona: withPolicy('strict', 'medium', { retries: 0, timeouts: { test: '10m' } }), weight: 0.3 },
    ]);
    expect(failurePolicy(blended)).toMatchObject({ retries: 0, after_retries: 'fail', violations: 'fail', timeouts_ms: { build: 60 * MIN, test: 10 * MIN } });
  });
});
