import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { checkOutputSize, MAX_JOB_OUTPUT_BYTES, writeOutputs } from '../../src/wiring/write-outputs.js';

describe('writeOutputs', () => {
  it('writes every output', () => {
    const runner = new MemoryRunner();
    writeOutputs(runner, { a: '1', b: 'two\nlines' });
    expect(runner.outputs).toEqual({ a: '1', b: 'two\nlines' });
  });

  it("refuses outputs over GitHub's 1 MiB job limit and writes none of them", () => {
    const runner = new MemoryRunner();
    const big = { small: 'x', big: 'y'.repeat(MAX_JOB_OUTPUT_BYTES) };
    expect(() => writeOutputs(runner, big, 'the outputs')).toThrow(ConfigurationError);
    expect(() => writeOutputs(runner, big, 'the outputs')).toThrow(/the outputs are \d+ bytes, over GitHub's 1 MiB limit/);
    expect(runner.outputs).toEqual({});
  });

  it('counts bytes, not characters', () => {
    const euro = '€'.repeat(Math.floor(MAX_JOB_OUTPUT_BYTES / 3)); // 3 bytes each: just under the limit
    expect(() => checkOutputSize({ e: euro })).not.toThrow();
    expect(() => checkOutputSize({ e: `${euro}€` })).toThrow(ConfigurationError);
  });
});
