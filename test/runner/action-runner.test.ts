import { jest } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inputVariable, ProcessRunner } from '../../src/runner/action-runner.js';
import { parseOutputFile } from '../support/run-dist.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'action-runner-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A ProcessRunner over `env` whose stdout lines are collected. */
function runner(env: Record<string, string | undefined> = {}): { runner: ProcessRunner; lines: string[] } {
  const lines: string[] = [];
  return { runner: new ProcessRunner(env, (line) => lines.push(line)), lines };
}

/** A runner with GITHUB_OUTPUT set to an empty file. */
function withOutputFile(): { runner: ProcessRunner; lines: string[]; file: string } {
  const file = path.join(dir, 'output');
  writeFileSync(file, '');
  return { ...runner({ GITHUB_OUTPUT: file }), file };
}

describe('inputVariable', () => {
  it('upper-cases, turns spaces into _ and keeps hyphens', () => {
    expect(inputVariable('persona')).toBe('INPUT_PERSONA');
    expect(inputVariable('on-conflict')).toBe('INPUT_ON-CONFLICT');
    expect(inputVariable('my input name')).toBe('INPUT_MY_INPUT_NAME');
  });
});

describe('ProcessRunner.input', () => {
  it('reads INPUT_<NAME>, trimmed', () => {
    const { runner: r } = runner({ INPUT_PERSONA: '  security-first \n', 'INPUT_ON-CONFLICT': 'weighted', INPUT_MY_INPUT: 'x' });
    expect(r.input('persona')).toBe('security-first');
    expect(r.input('on-conflict')).toBe('weighted');
    expect(r.input('my input')).toBe('x');
  });

  it('does not turn hyphens into underscores', () => {
    const { runner: r } = runner({ INPUT_ON_CONFLICT: 'weighted' });
    expect(r.input('on-conflict')).toBe('');
  });

  it("is '' when unset", () => {
    expect(runner().runner.input('persona')).toBe('');
  });

  it('keeps inner newlines of a multi-line input', () => {
    const { runner: r } = runner({ INPUT_LIBRARY: '\n a\n b \n' });
    expect(r.input('library')).toBe('a\n b');
  });
});

describe('ProcessRunner.setOutput', () => {
  it('appends the heredoc form name<<delimiter to GITHUB_OUTPUT', () => {
    const { runner: r, file, lines } = withOutputFile();
    writeFileSync(file, 'earlier=kept\n');
    r.setOutput('id', 'balanced');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^earlier=kept\nid<<(ghadelimiter_[\w]+)\nbalanced\n\1\n$/);
    expect(parseOutputFile(text)).toEqual({ earlier: 'kept', id: 'balanced' });
    expect(lines).toEqual([]);
  });

  it('keeps multi-line and empty values intact', () => {
    const { runner: r, file } = withOutputFile();
    r.setOutput('summary', 'line 1\nline 2\n\nline 4');
    r.setOutput('empty', '');
    r.setOutput('json', '{"a":"b=c"}');
    expect(parseOutputFile(readFileSync(file, 'utf8'))).toEqual({ summary: 'line 1\nline 2\n\nline 4', empty: '', json: '{"a":"b=c"}' });
  });

  it('uses a new random delimiter for every output, so a value cannot forge one', () => {
    const { runner: r, file } = withOutputFile();
    r.setOutput('a', 'one');
    r.setOutput('b', 'two');
    const delimiters = [...readFileSync(file, 'utf8').matchAll(/^[^\n<]+<<(.+)$/gm)].map((m) => m[1]);
    expect(delimiters).toHaveLength(2);
    expect(delimiters[0]).toMatch(/^ghadelimiter_/);
    expect(delimiters[1]).toMatch(/^ghadelimiter_/);
    expect(delimiters[0]).not.toBe(delimiters[1]);
  });

  it('round-trips a value that imitates a delimiter and another output', () => {
    const { runner: r, file } = withOutputFile();
    const forged = 'x\nghadelimiter_0\nevil<<ghadelimiter_0\npwned\nghadelimiter_0';
    r.setOutput('a', forged);
    r.setOutput('b', 'fine');
    const outputs = parseOutputFile(readFileSync(file, 'utf8'));
    expect(outputs).toEqual({ a: forged, b: 'fine' });
    expect(outputs).not.toHaveProperty('evil');
  });

  it('refuses a value containing the delimiter it would use, writing nothing', () => {
    jest.spyOn(Date, 'now').mockReturnValue(0);
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      const { runner: r, file } = withOutputFile();
      expect(() => r.setOutput('a', 'before\nghadelimiter_0_i\nafter')).toThrow('output a contains the delimiter');
      expect(readFileSync(file, 'utf8')).toBe('');
      r.setOutput('a', 'ok');
      expect(readFileSync(file, 'utf8')).toBe('a<<ghadelimiter_0_i\nok\nghadelimiter_0_i\n');
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('writes ::set-output without GITHUB_OUTPUT, escaped', () => {
    const { runner: r, lines } = runner();
    r.setOutput('risk-tolerance', 'low');
    r.setOutput('multi', 'a\nb: c, 100%');
    expect(lines).toEqual(['::set-output name=risk-tolerance::low', '::set-output name=multi::a%0Ab: c, 100%25']);
  });
});

describe('ProcessRunner.appendSummary', () => {
  it('appends to GITHUB_STEP_SUMMARY, adding a trailing newline only when missing', () => {
    const file = path.join(dir, 'summary.md');
    writeFileSync(file, '# Before\n');
    const { runner: r } = runner({ GITHUB_STEP_SUMMARY: file });
    r.appendSummary('## One');
    r.appendSummary('## Two\n');
    expect(readFileSync(file, 'utf8')).toBe('# Before\n## One\n## Two\n');
  });

  it('does nothing without GITHUB_STEP_SUMMARY', () => {
    const { runner: r, lines } = runner();
    expect(() => r.appendSummary('## One')).not.toThrow();
    expect(lines).toEqual([]);
  });
});

describe('ProcessRunner.writeTempFile', () => {
  it('writes under RUNNER_TEMP, creating folders, and returns the path', () => {
    const temp = path.join(dir, 'runner-temp');
    const { runner: r } = runner({ RUNNER_TEMP: temp });
    const file = r.writeTempFile('persona/persona.json', '{"id":"x"}\n');
    expect(file).toBe(path.join(temp, 'persona', 'persona.json'));
    expect(readFileSync(file, 'utf8')).toBe('{"id":"x"}\n');
  });

  it('overwrites an earlier file', () => {
    const { runner: r } = runner({ RUNNER_TEMP: dir });
    r.writeTempFile('a.txt', 'one');
    expect(readFileSync(r.writeTempFile('a.txt', 'two'), 'utf8')).toBe('two');
  });

  it('refuses to write without RUNNER_TEMP, or with an empty one, and never falls back to TMPDIR', () => {
    for (const env of [{ TMPDIR: dir }, { TMPDIR: dir, RUNNER_TEMP: '' }]) {
      const { runner: r } = runner(env);
      expect(() => r.writeTempFile('x/y.txt', 'z')).toThrow(/^RUNNER_TEMP is not set: .*no fallback to a shared \/tmp/);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('ProcessRunner.logger', () => {
  it('writes located annotations with file, line and col, and the location in the message', () => {
    const { runner: r, lines } = runner();
    r.logger.warning('weight too high', { file: 'personas/a.yml', line: 4, column: 15, path: 'goals[0].weight' });
    r.logger.error('unknown operator', { file: 'b.yml', line: 2, column: 3 });
    r.logger.notice('overridden', { file: 'c.yml', line: 1, column: 1 });
    expect(lines).toEqual([
      '::warning file=personas/a.yml,line=4,col=15::personas/a.yml:4:15 goals[0].weight: weight too high',
      '::error file=b.yml,line=2,col=3::b.yml:2:3: unknown operator',
      '::notice file=c.yml,line=1,col=1::c.yml:1:1: overridden',
    ]);
  });

  it('writes plain annotations without a location', () => {
    const { runner: r, lines } = runner();
    r.logger.warning('careful');
    r.logger.error('broken\nreally');
    r.logger.notice('fyi');
    expect(lines).toEqual(['::warning::careful', '::error::broken%0Areally', '::notice::fyi']);
  });

  it('writes debug as ::debug:: and info as a plain line', () => {
    const { runner: r, lines } = runner();
    r.logger.debug('details: 100%');
    r.logger.info('hello ::not-a-command::');
    expect(lines).toEqual(['::debug::details: 100%25', 'hello ::not-a-command::']);
  });
});

describe('ProcessRunner.debug', () => {
  it('is on with RUNNER_DEBUG=1 or ACTIONS_STEP_DEBUG=true', () => {
    expect(runner({ RUNNER_DEBUG: '1' }).runner.debug).toBe(true);
    expect(runner({ ACTIONS_STEP_DEBUG: 'true' }).runner.debug).toBe(true);
  });

  it('is off otherwise', () => {
    expect(runner().runner.debug).toBe(false);
    expect(runner({ RUNNER_DEBUG: '0' }).runner.debug).toBe(false);
    expect(runner({ RUNNER_DEBUG: '' }).runner.debug).toBe(false);
  });
});
