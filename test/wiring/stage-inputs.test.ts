/** The inputs every stage action shares: one read reports every bad input, each by name. */
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { readInputs } from '../../src/runner/action-inputs.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { exitCodes, retryDelay, stageInputSpec, stageSettings } from '../../src/wiring/stage-inputs.js';

describe('stage inputs', () => {
  it('defaults: no state store, no pin, balanced, no command', () => {
    const s = stageSettings(readInputs(new MemoryRunner(), stageInputSpec));
    expect(s).toMatchObject({ state: 'none', pin: false, default: 'balanced', run: '', dryRun: false, noRetryExitCodes: [], handover: '' });
    expect(s.retryDelayMs).toBeUndefined();
  });

  it('reads retry delays and exit codes', () => {
    expect(retryDelay('500ms')).toBe(500);
    expect(retryDelay('1m30s')).toBe(90_000);
    expect(exitCodes('2, 3\n126')).toEqual([2, 3, 126]);
  });

  it('reports every bad input at once, each by name', () => {
    const runner = new MemoryRunner({ 'retry-delay': '5 minutes', 'no-retry-exit-codes': '2,256,x', pin: 'yes', 'on-conflict': 'loose' });
    try {
      readInputs(runner, stageInputSpec);
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      const messages = (error as ConfigurationError).diagnostics.map((d) => d.message);
      expect(messages).toHaveLength(4);
      for (const name of ['retry-delay', 'no-retry-exit-codes', 'pin', 'on-conflict']) expect(messages.some((m) => m.startsWith(`input "${name}"`))).toBe(true);
    }
  });

  it('caps the retry delay at 10 minutes', () => {
    expect(() => retryDelay('11m')).toThrow(/longer than 10m/);
  });
});
