import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { inputVariable, ProcessRunner, type ActionRunner } from '../../src/runner/action-runner.js';
import { MemoryRunner, type RunnerFileVariable } from '../../src/runner/memory-runner.js';
import { fullDisk } from './faulty-fs.js';
import { groupCommandsIn, listFiles, maskedValuesIn, readRunnerFile, stateEnvironment } from '../support/runner-files.js';

// One contract for both runners: every test below runs against ProcessRunner
// (over real runner files and a captured stdout) and against MemoryRunner, each
// read back through an adapter, so the fake the action tests use cannot drift
// from the real protocol.

/** A runner and a way to read back what it recorded. */
interface Harness {
  runner: ActionRunner;
  outputs(): Record<string, string>;
  state(): Record<string, string>;
  exported(): Record<string, string>;
  summary(): string;
  secrets(): string[];
  /** `group:<title>` and `endgroup`, in order. */
  groups(): string[];
  /** Temp files by relative path. */
  files(): Record<string, string>;
  /** Each text written with logText, as written (the lines between `::stop-commands::` and its token). */
  texts(): string[];
  /** The runner of the `post:` step, given the saved state as the runner gives it. */
  postStep(): Harness;
  /** Whether a value containing the heredoc delimiter is refused (only the file protocol has one). */
  refusesDelimiter: boolean;
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'runner-contract-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** How a harness is made: its environment, and the one runner file whose disk is full. */
interface HarnessOptions {
  env?: Record<string, string>;
  full?: RunnerFileVariable;
}

/** The texts written between `::stop-commands::<token>` and `::<token>::` among stdout lines. */
function textsIn(lines: readonly string[]): string[] {
  const texts: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const token = /^::stop-commands::(.+)$/.exec(lines[i]!)?.[1];
    if (!token) continue;
    const end = lines.indexOf(`::${token}::`, i);
    texts.push(lines.slice(i + 1, end).join('\n'));
    i = end;
  }
  return texts;
}

/** A ProcessRunner over fresh runner files of one step; RUNNER_TEMP is shared by the job's steps. */
function processHarness(env: Record<string, string>, isPost = false, full?: RunnerFileVariable): Harness {
  const step = mkdtempSync(path.join(root, 'step-'));
  const file = (name: string) => {
    writeFileSync(path.join(step, name), '');
    return path.join(step, name);
  };
  const stepEnv = { GITHUB_OUTPUT: file('output'), GITHUB_STATE: file('state'), GITHUB_ENV: file('env'), GITHUB_STEP_SUMMARY: file('summary.md') };
  const temp = path.join(root, 'runner-temp');
  const lines: string[] = [];
  const fullFile = full === 'RUNNER_TEMP' ? temp : full && stepEnv[full];
  const fs = fullFile ? fullDisk(0, (f) => f === fullFile || f.startsWith(`${fullFile}/`)) : undefined;
  const runner = new ProcessRunner({ RUNNER_TEMP: temp, ...env, ...stepEnv }, (line) => lines.push(line), { isPost, fs });
  return {
    runner,
    outputs: () => readRunnerFile(stepEnv.GITHUB_OUTPUT),
    state: () => readRunnerFile(stepEnv.GITHUB_STATE),
    exported: () => readRunnerFile(stepEnv.GITHUB_ENV),
    summary: () => readFileSync(stepEnv.GITHUB_STEP_SUMMARY, 'utf8'),
    secrets: () => maskedValuesIn(lines),
    groups: () => groupCommandsIn(lines),
    files: () => Object.fromEntries(listFiles(temp).map((f) => [f, readFileSync(path.join(temp, f), 'utf8')])),
    texts: () => textsIn(lines),
    postStep: () => processHarness({ ...env, ...stateEnvironment(stepEnv.GITHUB_STATE) }, true),
    refusesDelimiter: true,
  };
}

/** A MemoryRunner read back from its records. */
function memoryHarness(runner: MemoryRunner): Harness {
  return {
    runner,
    outputs: () => runner.outputs,
    state: () => runner.savedState,
    exported: () => runner.exported,
    summary: () => runner.summary,
    secrets: () => runner.secrets,
    groups: () => runner.groups.map((g) => (g.kind === 'group' ? `group:${g.title}` : 'endgroup')),
    files: () => runner.files,
    texts: () => runner.texts,
    postStep: () => memoryHarness(runner.postStep()),
    refusesDelimiter: false,
  };
}

const implementations: Array<[string, (inputs: Record<string, string>, options?: HarnessOptions) => Harness]> = [
  [
    'ProcessRunner',
    (inputs, { env = {}, full } = {}) =>
      processHarness({ ...env, ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputVariable(k), v])) }, false, full),
  ],
  ['MemoryRunner', (inputs, { env = {}, full } = {}) => memoryHarness(new MemoryRunner(inputs, env, { failing: full ? { [full]: 'ENOSPC' } : {} }))],
];

describe.each(implementations)('%s (runner contract)', (_name, make) => {
  it('sets every output of one setOutputs call, and later calls add to them', () => {
    const h = make({});
    h.runner.setOutputs({ id: 'balanced', 'risk-tolerance': 'medium', empty: '' });
    h.runner.setOutputs({});
    h.runner.setOutput('source', 'input');
    expect(h.outputs()).toEqual({ id: 'balanced', 'risk-tolerance': 'medium', empty: '', source: 'input' });
  });

  it('round-trips multi-line values and values that imitate a delimiter or another output', () => {
    const h = make({});
    const forged = 'x\nghadelimiter_0\nevil<<ghadelimiter_0\npwned\nghadelimiter_0';
    const values = { multi: 'line 1\nline 2\n\nline 4', trailing: 'a\n', json: '{"a":"b=c"}', forged };
    h.runner.setOutputs(values);
    expect(h.outputs()).toEqual(values);
  });

  it('refuses a whole setOutputs call when one name is bad, setting none of it', () => {
    const h = make({});
    for (const bad of ['a=b', 'a\nb', 'a<<b', '']) {
      expect(() => h.runner.setOutputs({ good: '1', [bad]: '2' })).toThrow(`invalid output name ${JSON.stringify(bad)}`);
    }
    expect(h.outputs()).toEqual({});
  });

  it('refuses a value containing the delimiter drawn (file protocol) or keeps it (memory, which has none)', () => {
    jest.spyOn(Date, 'now').mockReturnValue(0);
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      const h = make({});
      const values = { a: 'ok', b: 'before\nghadelimiter_0_i\nafter' };
      if (h.refusesDelimiter) {
        expect(() => h.runner.setOutputs(values)).toThrow('output b contains the delimiter');
        expect(h.outputs()).toEqual({});
      } else {
        h.runner.setOutputs(values);
        expect(h.outputs()).toEqual(values);
      }
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('hands saved state to the post step, and not to the step that saved it', () => {
    const h = make({ persona: 'balanced' });
    expect(h.runner.isPost).toBe(false);
    h.runner.saveState('cache-key', 'persona-abc');
    h.runner.saveState('multi', 'a\nb\n');
    expect(h.state()).toEqual({ 'cache-key': 'persona-abc', multi: 'a\nb\n' });
    expect(h.runner.state('cache-key')).toBe('');

    const post = h.postStep();
    expect(post.runner.isPost).toBe(true);
    expect(post.runner.state('cache-key')).toBe('persona-abc');
    expect(post.runner.state('multi')).toBe('a\nb\n');
    expect(post.runner.state('never-saved')).toBe('');
    expect(post.runner.input('persona')).toBe('balanced');
    expect(() => post.runner.saveState('late', 'x')).toThrow('in a post step');
    expect(post.state()).toEqual({});
  });

  it('refuses a bad state name', () => {
    const h = make({});
    expect(() => h.runner.saveState('a=b', 'x')).toThrow('invalid state name "a=b"');
    expect(h.state()).toEqual({});
  });

  it('exports a variable to the later steps and to the rest of this one', () => {
    const h = make({});
    h.runner.exportVariable('PERSONA_ID', 'security-first:0.6,cost-optimization:0.4');
    h.runner.exportVariable('PERSONA_NOTES', 'one\ntwo');
    expect(h.exported()).toEqual({ PERSONA_ID: 'security-first:0.6,cost-optimization:0.4', PERSONA_NOTES: 'one\ntwo' });
    expect(h.runner.env.PERSONA_ID).toBe('security-first:0.6,cost-optimization:0.4');
    expect(h.runner.env.PERSONA_NOTES).toBe('one\ntwo');
  });

  it('refuses an environment variable name with "=" or a line break as a user error, exporting nothing', () => {
    const h = make({});
    for (const bad of ['A=B', 'A\nB', 'A\rB', '']) {
      expect(() => h.runner.exportVariable(bad, 'x')).toThrow(ConfigurationError);
      expect(h.runner.env[bad]).toBeUndefined();
    }
    expect(h.exported()).toEqual({});
  });

  it('masks a secret, and each non-blank line of a multi-line secret', () => {
    const h = make({});
    h.runner.setSecret('s3cr3t');
    h.runner.setSecret('line one\n\n  \nline%two:,\r\n');
    h.runner.setSecret('');
    expect(h.secrets()).toEqual(['s3cr3t', 'line one', 'line%two:,']);
  });

  it('returns the value of a group body and closes every group, also when the body throws', async () => {
    const h = make({});
    await expect(h.runner.group('Library', async () => 42)).resolves.toBe(42);
    const failing = h.runner.group('Blend: a,b 100%', () => h.runner.group('Inner', () => Promise.reject(new Error('boom'))));
    await expect(failing).rejects.toThrow('boom');
    expect(h.groups()).toEqual(['group:Library', 'endgroup', 'group:Blend: a,b 100%', 'group:Inner', 'endgroup', 'endgroup']);
  });

  it('appends to the summary, ending each part with a newline', () => {
    const h = make({});
    h.runner.appendSummary('## One');
    h.runner.appendSummary('two\n');
    expect(h.summary()).toBe('## One\ntwo\n');
  });

  it('writes temp files, creating folders and overwriting', () => {
    const h = make({});
    h.runner.writeTempFile('persona/persona.json', '{"id":"a"}\n');
    h.runner.writeTempFile('persona/persona.json', '{"id":"b"}\n');
    h.runner.writeTempFile('other.txt', '');
    expect(h.files()).toEqual({ 'persona/persona.json': '{"id":"b"}\n', 'other.txt': '' });
  });

  it('leaves no partial file when a write fails (a file where a folder is needed, or the reverse)', () => {
    const h = make({});
    h.runner.writeTempFile('a', 'file');
    h.runner.writeTempFile('d/x', 'inside');
    expect(() => h.runner.writeTempFile('a/b.json', 'lost')).toThrow(ConfigurationError);
    expect(() => h.runner.writeTempFile('d', 'lost')).toThrow(/cannot write .*d \(RUNNER_TEMP\): EISDIR/);
    expect(h.files()).toEqual({ a: 'file', 'd/x': 'inside' });
  });

  it('refuses to write a temp file when RUNNER_TEMP is empty, writing nothing', () => {
    const h = make({}, { env: { RUNNER_TEMP: '' } });
    expect(() => h.runner.writeTempFile('persona/persona.json', '{}')).toThrow(/^RUNNER_TEMP is not set/);
  });

  it.each<[RunnerFileVariable, (r: ActionRunner) => void, (h: Harness) => unknown]>([
    ['GITHUB_OUTPUT', (r) => r.setOutputs({ persona: '{"id":"a"}', id: 'a' }), (h) => h.outputs()],
    ['GITHUB_ENV', (r) => r.exportVariable('PERSONA_ID', 'a'), (h) => ({ ...h.exported(), env: h.runner.env.PERSONA_ID })],
    ['GITHUB_STATE', (r) => r.saveState('key', 'a'), (h) => h.state()],
    ['GITHUB_STEP_SUMMARY', (r) => r.appendSummary('## Persona'), (h) => h.summary() || {}],
    ['RUNNER_TEMP', (r) => void r.writeTempFile('persona.json', '{}'), (h) => h.files()],
  ])('on a full disk, a write to %s throws a clear ENOSPC error and records nothing', (variable, write, read) => {
    const h = make({}, { full: variable });
    expect(() => write(h.runner)).toThrow(ConfigurationError);
    expect(() => write(h.runner)).toThrow(new RegExp(`\\(${variable}\\): ENOSPC \\(no space left on device\\)`));
    expect(read(h)).toEqual(variable === 'GITHUB_ENV' ? { env: undefined } : {});
  });

  it('writes log text line by line, as written, even when a line looks like a workflow command', () => {
    const h = make({});
    h.runner.logText('Persona: x\n::set-output name=id::evil\n  ::error::fake');
    expect(h.texts()).toEqual(['Persona: x\n::set-output name=id::evil\n  ::error::fake']);
  });
});
