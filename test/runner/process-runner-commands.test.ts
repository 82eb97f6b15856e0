import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { ProcessRunner } from '../../src/runner/action-runner.js';
import { listFiles, readRunnerFile } from '../support/runner-files.js';

// What only the real protocol has: one append per call, the stdout commands
// used without the runner's files, and the escaping of workflow commands.
// The behaviour both runners share is in runner-contract.test.ts.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'process-runner-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  jest.restoreAllMocks();
});

/** A ProcessRunner over `env` whose stdout lines are collected. */
function runner(env: Record<string, string | undefined> = {}): { runner: ProcessRunner; lines: string[] } {
  const lines: string[] = [];
  return { runner: new ProcessRunner(env, (line) => lines.push(line)), lines };
}

/** An empty runner file in the test folder. */
function emptyFile(name: string): string {
  writeFileSync(path.join(dir, name), '');
  return path.join(dir, name);
}

describe('ProcessRunner.setOutputs', () => {
  it('appends all blocks of one call with one delimiter, after what was there', () => {
    const file = emptyFile('output');
    writeFileSync(file, 'earlier=kept\n');
    runner({ GITHUB_OUTPUT: file }).runner.setOutputs({ a: '1', b: 'two\nlines' });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^earlier=kept\na<<(ghadelimiter_\w+)\n1\n\1\nb<<\1\ntwo\nlines\n\1\n$/);
    expect(readRunnerFile(file)).toEqual({ earlier: 'kept', a: '1', b: 'two\nlines' });
  });

  it('writes nothing for an empty call', () => {
    const file = emptyFile('output');
    runner({ GITHUB_OUTPUT: file }).runner.setOutputs({});
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('reports an unwritable GITHUB_OUTPUT as a problem of the environment', () => {
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    const { runner: r } = runner({ GITHUB_OUTPUT: folder });
    expect(() => r.setOutputs({ a: '1' })).toThrow(ConfigurationError);
    expect(() => r.setOutputs({ a: '1' })).toThrow(`cannot write ${folder} (GITHUB_OUTPUT): EISDIR`);
  });

  it('writes ::set-output lines without GITHUB_OUTPUT, none when a name is bad', () => {
    const { runner: r, lines } = runner();
    r.setOutputs({ id: 'x', multi: 'a\nb, 100%' });
    expect(() => r.setOutputs({ ok: '1', 'b=c': '2' })).toThrow('invalid output name "b=c"');
    expect(lines).toEqual(['::set-output name=id::x', '::set-output name=multi::a%0Ab, 100%25']);
  });
});

describe('ProcessRunner.saveState and exportVariable', () => {
  it('refuse a value containing the delimiter drawn, writing and setting nothing', () => {
    jest.spyOn(Date, 'now').mockReturnValue(0);
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const env: Record<string, string | undefined> = { GITHUB_STATE: emptyFile('state'), GITHUB_ENV: emptyFile('env') };
    const { runner: r } = runner(env);
    expect(() => r.saveState('s', 'x\nghadelimiter_0_i')).toThrow('state s contains the delimiter');
    expect(() => r.exportVariable('V', 'ghadelimiter_0_i')).toThrow('environment variable V contains the delimiter');
    expect(env.V).toBeUndefined();
    expect(readFileSync(env.GITHUB_STATE!, 'utf8') + readFileSync(env.GITHUB_ENV!, 'utf8')).toBe('');
  });

  it('write ::save-state and ::set-env without the runner files, still setting the variable', () => {
    const { runner: r, lines } = runner();
    r.saveState('key', 'a\nb');
    r.exportVariable('NAME', 'v: 1');
    expect(lines).toEqual(['::save-state name=key::a%0Ab', '::set-env name=NAME::v: 1']);
    expect(r.env.NAME).toBe('v: 1');
  });

  it('exportVariable sets process.env when the runner is over it, as @actions/core does', () => {
    const name = 'PIPELINE_PERSONAS_EXPORT_TEST';
    const lines: string[] = [];
    try {
      new ProcessRunner(undefined, (line) => lines.push(line)).exportVariable(name, 'yes');
      expect(process.env[name]).toBe('yes');
    } finally {
      delete process.env[name];
    }
  });
});

describe('ProcessRunner workflow commands', () => {
  it('escapes a masked value and writes one ::add-mask:: per line', () => {
    const { runner: r, lines } = runner();
    r.setSecret('100%\rsure');
    r.setSecret('one\r\ntwo');
    expect(lines).toEqual(['::add-mask::100%25%0Dsure', '::add-mask::one', '::add-mask::two']);
  });

  it('escapes a group title and closes the group after the body', async () => {
    const { runner: r, lines } = runner();
    await r.group('a\nb 100%', async () => r.logger.info('inside'));
    expect(lines).toEqual(['::group::a%0Ab 100%25', 'inside', '::endgroup::']);
  });
});

describe('ProcessRunner.writeTempFile', () => {
  it('leaves only the file itself behind, no temporary sibling', () => {
    const { runner: r } = runner({ RUNNER_TEMP: dir });
    r.writeTempFile('persona/persona.json', 'one');
    r.writeTempFile('persona/persona.json', 'two');
    expect(listFiles(dir)).toEqual(['persona/persona.json']);
    expect(readFileSync(path.join(dir, 'persona', 'persona.json'), 'utf8')).toBe('two');
  });
});
