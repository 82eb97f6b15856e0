import { afterEach } from '@jest/globals';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import type { ActionRunner } from '../../src/runner/action-runner.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { MAX_ERROR_ANNOTATIONS, runAction, startAction, startPostAction } from '../../src/runner/run-action.js';

/** A MemoryRunner with step debug logging on or off. */
function debugRunner(debug: boolean): { runner: ActionRunner; memory: MemoryRunner } {
  const memory = new MemoryRunner({}, {}, { debug });
  return { runner: memory, memory };
}

describe('runAction', () => {
  it('returns 0 when main succeeds and logs no error', async () => {
    const runner = new MemoryRunner({ persona: 'balanced' });
    let seen: ActionRunner | undefined;
    const code = await runAction(async (r) => {
      seen = r;
      r.setOutput('id', r.input('persona'));
    }, runner);
    expect(code).toBe(0);
    expect(seen).toBe(runner);
    expect(runner.outputs).toEqual({ id: 'balanced' });
    expect(runner.logger.messages('error')).toEqual([]);
  });

  it('reports each located diagnostic of a ConfigurationError as its own error and returns 1', async () => {
    const runner = new MemoryRunner();
    const code = await runAction(async () => {
      throw new ConfigurationError([
        { file: '.github/personas/cost.yml', line: 4, column: 15, path: 'constraints[0].operator', message: 'unknown operator "=<"' },
        { file: '.github/personas/cost.yml', line: 7, column: 29, message: 'weight must be between 0 and 1, got 1.5' },
      ]);
    }, runner);
    expect(code).toBe(1);
    const errors = runner.logger.entries.filter((e) => e.level === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      message: 'unknown operator "=<"',
      where: { file: '.github/personas/cost.yml', line: 4, column: 15, path: 'constraints[0].operator' },
    });
    expect(errors[1]).toMatchObject({ message: 'weight must be between 0 and 1, got 1.5', where: { file: '.github/personas/cost.yml', line: 7, column: 29 } });
    expect(runner.logger.messages('info')).toEqual(['2 problems found']);
    expect(runner.logger.messages('debug')).toEqual([]);
  });

  it('reports an unlocated diagnostic without a location and no problem count for one problem', async () => {
    const runner = new MemoryRunner();
    const code = await runAction(async () => {
      throw new ConfigurationError('input "persona": unknown persona "x"');
    }, runner);
    expect(code).toBe(1);
    expect(runner.logger.entries).toEqual([{ level: 'error', message: 'input "persona": unknown persona "x"', where: undefined }]);
  });

  it('treats an error named ConfigurationError from another module copy as a user error', async () => {
    const runner = new MemoryRunner();
    const foreign = Object.assign(new Error('x'), { name: 'ConfigurationError', diagnostics: [{ message: 'bad input' }] });
    expect(await runAction(async () => Promise.reject(foreign), runner)).toBe(1);
    expect(runner.logger.messages('error')).toEqual(['bad input']);
  });

  it('reports a plain Error as a bug, once, and returns 1, with no stack when debug is off', async () => {
    const runner = new MemoryRunner();
    const code = await runAction(async () => {
      throw new TypeError('cannot read properties of undefined');
    }, runner);
    expect(code).toBe(1);
    const errors = runner.logger.messages('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/bug/);
    expect(errors[0]).toContain('cannot read properties of undefined');
    expect(runner.logger.messages('debug')).toEqual([]);
    expect(runner.logger.entries.some((e) => e.message.includes('\n    at '))).toBe(false);
  });

  it('logs the stack of a bug at debug level when step debug logging is on', async () => {
    const { runner, memory } = debugRunner(true);
    const bug = new Error('boom');
    const code = await runAction(async () => {
      throw bug;
    }, runner);
    expect(code).toBe(1);
    expect(memory.logger.messages('error')).toEqual([expect.stringMatching(/bug.*boom$/)]);
    expect(memory.logger.messages('debug')).toEqual([bug.stack]);
    expect(bug.stack).toContain('boom');
  });

  it('does not log the stack of a bug when debug is explicitly off', async () => {
    const { runner, memory } = debugRunner(false);
    expect(await runAction(async () => Promise.reject(new Error('boom')), runner)).toBe(1);
    expect(memory.logger.messages('debug')).toEqual([]);
  });

  it('never logs a stack for a ConfigurationError, even with debug on', async () => {
    const { runner, memory } = debugRunner(true);
    expect(await runAction(async () => Promise.reject(new ConfigurationError('bad')), runner)).toBe(1);
    expect(memory.logger.messages('error')).toEqual(['bad']);
    expect(memory.logger.messages('debug')).toEqual([]);
  });

  it('reports a thrown non-Error value as a bug', async () => {
    const runner = new MemoryRunner();
    expect(await runAction(async () => Promise.reject('just a string'), runner)).toBe(1);
    expect(runner.logger.messages('error')).toEqual([expect.stringMatching(/bug.*just a string$/)]);
  });
});

/** `count` located problems, one per line of one file. */
const problems = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ file: 'personas/bad.yml', line: i + 1, column: 3, path: `personas[${i}].id`, message: `problem ${i + 1}` }));

describe('runAction with more problems than GitHub shows annotations', () => {
  it('annotates exactly 10 problems one by one, with no summary', async () => {
    const runner = new MemoryRunner();
    expect(await runAction(async () => Promise.reject(new ConfigurationError(problems(10))), runner)).toBe(1);
    expect(runner.logger.messages('error')).toEqual(problems(10).map((p) => p.message));
    expect(runner.logger.messages('info')).toEqual(['10 problems found']);
    expect(runner.summary).toBe('');
  });

  it('annotates the first 9 of 25, and the 10th says how many more; the log and the summary list all 25', async () => {
    const runner = new MemoryRunner();
    expect(await runAction(async () => Promise.reject(new ConfigurationError(problems(25))), runner)).toBe(1);
    const errors = runner.logger.entries.filter((e) => e.level === 'error');
    expect(errors).toHaveLength(MAX_ERROR_ANNOTATIONS);
    expect(errors.slice(0, 9).map((e) => e.where?.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(errors[9]).toEqual({
      level: 'error',
      message: expect.stringMatching(/^16 more problems \(25 in all\): .*job summary and the log/),
      where: undefined,
    });

    expect(runner.texts).toHaveLength(1);
    const log = runner.texts[0]!.split('\n');
    expect(log[0]).toBe('25 problems found:');
    expect(log.slice(1)).toEqual(problems(25).map((p, i) => `${i + 1}. personas/bad.yml:${p.line}:3 personas[${i}].id: problem ${i + 1}`));

    const rows = runner.summary.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(2 + 25);
    expect(rows[0]).toBe('| File | Line | Field | Message |');
    expect(rows[26]).toBe('| personas/bad.yml | 25:3 | personas\\[24\\].id | problem 25 |');
  });

  it('still reports every problem when the summary cannot be written', async () => {
    const runner = new MemoryRunner({}, {}, { failing: { GITHUB_STEP_SUMMARY: 'ENOSPC' } });
    expect(await runAction(async () => Promise.reject(new ConfigurationError(problems(11))), runner)).toBe(1);
    expect(runner.logger.messages('error')).toHaveLength(10);
    expect(runner.texts[0]!.split('\n')).toHaveLength(12);
    expect(runner.logger.messages('warning')).toEqual([expect.stringMatching(/^could not write the list of problems to the job summary: .*ENOSPC/)]);
  });
});

describe('a post step', () => {
  it('reads the state of the main step and runs under the same catch', async () => {
    const main = new MemoryRunner({ persona: 'balanced' });
    expect(await runAction(async (r) => r.saveState('cache-key', `key-${r.input('persona')}`), main)).toBe(0);
    const post = main.postStep();
    let seen = '';
    expect(
      await runAction(async (r) => {
        seen = r.state('cache-key');
        throw new ConfigurationError('cannot save the cache');
      }, post),
    ).toBe(1);
    expect(seen).toBe('key-balanced');
    expect(post.logger.messages('error')).toEqual(['cannot save the cache']);
  });
});

describe('startAction and startPostAction', () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
  });

  it('set process.exitCode to 0 when the action succeeds', async () => {
    process.exitCode = 7;
    const runner = new MemoryRunner();
    await startAction(async (r) => r.setOutput('id', 'x'), runner);
    expect(process.exitCode).toBe(0);
    expect(runner.outputs).toEqual({ id: 'x' });
    process.exitCode = 7;
    await startPostAction(async () => undefined, runner.postStep());
    expect(process.exitCode).toBe(0);
  });

  it('set process.exitCode to 1 and report the error when the action fails', async () => {
    const runner = new MemoryRunner();
    await startAction(async () => Promise.reject(new ConfigurationError('bad input')), runner);
    expect(process.exitCode).toBe(1);
    expect(runner.logger.messages('error')).toEqual(['bad input']);
    process.exitCode = 0;
    const post = runner.postStep();
    await startPostAction(async () => Promise.reject(new Error('boom')), post);
    expect(process.exitCode).toBe(1);
    expect(post.logger.messages('error')).toEqual([expect.stringMatching(/bug.*boom$/)]);
  });
});

describe('the default runners of startAction and startPostAction', () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
    delete process.env.STATE_PERSONA_TEST;
  });

  it('read the process environment, and only the post one is a post step', async () => {
    process.env.STATE_PERSONA_TEST = 'saved';
    const seen: Array<[boolean, string]> = [];
    const action = async (r: ActionRunner) => seen.push([r.isPost, r.state('PERSONA_TEST')]);
    await startAction(action);
    await startPostAction(action);
    expect(seen).toEqual([
      [false, 'saved'],
      [true, 'saved'],
    ]);
    expect(process.exitCode).toBe(0);
  });
});
