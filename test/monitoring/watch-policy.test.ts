/** The watch policy: the defaults per risk tolerance, overrides, and the inputs' validation. */
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import { DEFAULT_WATCH_POLICIES, parseWatchPolicyInputs, watchPolicy } from '../../src/monitoring/watch-policy.js';

describe('watchPolicy', () => {
  it.each([
    ['low', 1, 1, 3],
    ['medium', 2, 2, 5],
    ['high', 3, 3, null],
  ] as const)('%s: failure-limit %i, min-samples %i, inconclusive limit %p, on-no-data inconclusive', (risk, failureLimit, minSamples, inconclusiveLimit) => {
    expect(watchPolicy(risk)).toEqual({ failureLimit, minSamples, onNoData: 'inconclusive', inconclusiveLimit });
  });

  it('applies overrides without touching the defaults table', () => {
    expect(watchPolicy('high', { failureLimit: 1, onNoData: 'fail' })).toEqual({ failureLimit: 1, minSamples: 3, onNoData: 'fail', inconclusiveLimit: null });
    expect(DEFAULT_WATCH_POLICIES.high.failureLimit).toBe(3);
  });

  it('refuses overrides out of range as a user error naming each input', () => {
    let error: unknown;
    try {
      watchPolicy('low', { failureLimit: 0, minSamples: 1.5, onNoData: 'maybe' as never });
    } catch (e) {
      error = e;
    }
    expect(isConfigurationError(error)).toBe(true);
    const messages = (error as { diagnostics: Array<{ message: string }> }).diagnostics.map((d) => d.message);
    expect(messages).toEqual([
      'failure-limit must be a whole number from 1 to 10000, got "0"',
      'min-samples must be a whole number from 1 to 10000, got "1.5"',
      'on-no-data must be one of fail, inconclusive, ignore, got "maybe"',
    ]);
  });
});

describe('parseWatchPolicyInputs', () => {
  it('reads set inputs and ignores blank ones', () => {
    expect(parseWatchPolicyInputs({ 'failure-limit': ' 4 ', 'min-samples': '', 'on-no-data': 'ignore' })).toEqual({ failureLimit: 4, onNoData: 'ignore' });
    expect(parseWatchPolicyInputs({})).toEqual({});
  });

  it.each(['-1', '1e3', '0x10', '99999999', 'two', '10001'])('refuses failure-limit %p with the value quoted', (text) => {
    expect(() => parseWatchPolicyInputs({ 'failure-limit': text })).toThrow(
      `failure-limit must be a whole number from 1 to 10000, got ${JSON.stringify(text)}`,
    );
  });

  it('quotes a hostile value cut short, control characters escaped', () => {
    const text = `\u001b[31m${'x'.repeat(500)}`;
    try {
      parseWatchPolicyInputs({ 'on-no-data': text });
      throw new Error('accepted');
    } catch (e) {
      expect(isConfigurationError(e)).toBe(true);
      const message = (e as Error).message;
      expect(message).toContain('\\u001b');
      expect(message).not.toContain('\u001b');
      expect(message.length).toBeLessThan(160);
    }
  });
});
