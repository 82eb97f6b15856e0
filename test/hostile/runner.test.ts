// Hostile runner environments: a full disk under the runner's files, a
// missing, read-only or pseudo-file-system RUNNER_TEMP, and more problems
// than GitHub shows as annotations. Each case runs the real resolve-persona
// action through runAction over a ProcessRunner (the real protocol) and
// checks what the step leaves behind: the exit code, the annotations, the
// runner files, and no stack trace.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePersona } from '../../src/actions/resolve-persona/main.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { ProcessRunner } from '../../src/runner/action-runner.js';
import { runAction } from '../../src/runner/run-action.js';
import type { RunnerFs } from '../../src/runner/runner-files.js';
import { fullDisk, readOnlyUnder } from '../runner/faulty-fs.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hostile-runner-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** One step of the action: its runner files, each holding what an earlier step wrote. */
interface Step {
  env: Record<string, string>;
  lines: string[];
  code: number;
}

const EARLIER = 'earlier<<ghadelimiter_x\nkept\nghadelimiter_x\n';

/** Runs resolve-persona once over fresh runner files, with `env` on top and `fs` as the file system. */
async function step(env: Record<string, string | undefined> = {}, fs?: RunnerFs): Promise<Step> {
  const workspace = path.join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const file = (name: string, text = EARLIER) => {
    writeFileSync(path.join(root, name), text);
    return path.join(root, name);
  };
  const full: Record<string, string | undefined> = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: file('output'),
    GITHUB_ENV: file('env'),
    GITHUB_STATE: file('state'),
    GITHUB_STEP_SUMMARY: file('summary.md', ''),
    RUNNER_TEMP: path.join(root, 'temp'),
    INPUT_PERSONA: 'security-first',
    INPUT_ARTIFACT: 'false',
    ...env,
  };
  for (const [name, value] of Object.entries(full)) if (value === undefined) delete full[name];
  const lines: string[] = [];
  const code = await runAction(resolvePersona, new ProcessRunner(full, (line) => lines.push(line), { fs }));
  return { env: full as Record<string, string>, lines, code };
}

/** The messages of the `::error` annotations among stdout lines. */
const errorsIn = (lines: readonly string[]) => lines.filter((l) => l.startsWith('::error')).map((l) => l.slice(l.indexOf('::', 2) + 2));

/** Asserts a failed step: exit 1, no stack trace anywhere in the log. */
function expectCleanFailure(s: Step): void {
  expect(s.code).toBe(1);
  expect(s.lines.join('\n')).not.toMatch(/\n\s+at |bug in pipeline-personas/);
}

describe('runner files under hostile conditions', () => {
  it('leaves GITHUB_OUTPUT exactly as it was when the disk fills in the middle of the outputs', async () => {
    const s = await step(
      {},
      fullDisk(40, (f) => f.endsWith(`${path.sep}output`)),
    );
    expectCleanFailure(s);
    expect(readFileSync(s.env.GITHUB_OUTPUT!, 'utf8')).toBe(EARLIER);
    expect(errorsIn(s.lines)).toEqual([
      `cannot write ${s.env.GITHUB_OUTPUT} (GITHUB_OUTPUT): ENOSPC (no space left on device); nothing was written (the part written was cut off again)`,
    ]);
  });

  it('leaves GITHUB_ENV and GITHUB_STATE as they were on a full disk, and the variable unset', () => {
    for (const variable of ['GITHUB_ENV', 'GITHUB_STATE'] as const) {
      const file = path.join(root, variable);
      writeFileSync(file, EARLIER);
      const env: Record<string, string | undefined> = { [variable]: file };
      const runner = new ProcessRunner(env, () => {}, { fs: fullDisk(8) });
      const write = () => (variable === 'GITHUB_ENV' ? runner.exportVariable('PERSONA_ID', 'security-first') : runner.saveState('persona', '{"id":"x"}'));
      expect(write).toThrow(ConfigurationError);
      expect(write).toThrow(`(${variable}): ENOSPC (no space left on device); nothing was written`);
      expect(readFileSync(file, 'utf8')).toBe(EARLIER);
      expect(env.PERSONA_ID).toBeUndefined();
    }
  });

  it('reports a clear ENOSPC when GITHUB_OUTPUT is /dev/full, the real full device', async () => {
    if (!existsSync('/dev/full')) return;
    const s = await step({ GITHUB_OUTPUT: '/dev/full' });
    expectCleanFailure(s);
    expect(errorsIn(s.lines)).toEqual(['cannot write /dev/full (GITHUB_OUTPUT): ENOSPC (no space left on device); nothing was written']);
  });

  it('refuses a missing or empty RUNNER_TEMP with a clear error, writing nothing, not even to TMPDIR', async () => {
    const tmpdir = path.join(root, 'shared-tmp');
    mkdirSync(tmpdir);
    for (const runnerTemp of ['', undefined]) {
      const s = await step({ RUNNER_TEMP: runnerTemp, TMPDIR: tmpdir });
      expect(s.env.RUNNER_TEMP).toBe(runnerTemp);
      expectCleanFailure(s);
      expect(errorsIn(s.lines)).toEqual([expect.stringMatching(/^RUNNER_TEMP is not set: .*no fallback to a shared \/tmp/)]);
      expect(readFileSync(s.env.GITHUB_OUTPUT!, 'utf8')).toBe(EARLIER);
      expect(readFileSync(s.env.GITHUB_STEP_SUMMARY!, 'utf8')).toBe('');
    }
    expect(readdirSync(tmpdir)).toEqual([]);
  });

  it('names EROFS, not ENOENT, when RUNNER_TEMP is on a read-only file system', async () => {
    const readOnly = path.join(root, 'ro');
    mkdirSync(readOnly);
    const s = await step({ RUNNER_TEMP: path.join(readOnly, 'temp') }, readOnlyUnder(readOnly));
    expectCleanFailure(s);
    const [message] = errorsIn(s.lines);
    const folder = path.join(readOnly, 'temp', 'persona');
    expect(message).toBe(`cannot write ${path.join(folder, 'persona.json')} (RUNNER_TEMP): EROFS (read-only file system) while creating its folder ${folder}`);
    expect(readFileSync(s.env.GITHUB_OUTPUT!, 'utf8')).toBe(EARLIER);
  });

  it('fails fast with a clear error when RUNNER_TEMP is /proc/1, where a recursive mkdir never returns', async () => {
    if (!existsSync('/proc/1')) return;
    const started = Date.now();
    const s = await step({ RUNNER_TEMP: '/proc/1' });
    expect(Date.now() - started).toBeLessThan(1500);
    expectCleanFailure(s);
    expect(errorsIn(s.lines)).toEqual([
      expect.stringMatching(/^cannot write \/proc\/1\/persona\/persona\.json \(RUNNER_TEMP\): E[A-Z]+ \(.*\) while creating its folder \/proc\/1\/persona$/),
    ]);
    expect(readFileSync(s.env.GITHUB_OUTPUT!, 'utf8')).toBe(EARLIER);
  });
});

describe('more problems than GitHub shows as annotations', () => {
  /** `count` persona files with one schema error each. */
  function badLibrary(count: number): void {
    for (let i = 1; i <= count; i++) {
      const file = path.join(root, 'workspace', '.github', 'personas', `p${String(i).padStart(2, '0')}.yml`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `name: P${i}\nrisk_tolerance: extreme\n`);
    }
  }

  it('annotates 9 problems, says how many more in the 10th, and lists all of them in the log and the summary', async () => {
    badLibrary(12);
    const s = await step();
    expectCleanFailure(s);
    const errors = errorsIn(s.lines);
    expect(errors).toHaveLength(10);
    expect(errors[9]).toMatch(/^3 more problems \(12 in all\): /);
    const start = s.lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = s.lines[start]!.slice('::stop-commands::'.length);
    const log = s.lines.slice(start + 1, s.lines.indexOf(`::${token}::`));
    expect(log[0]).toBe('12 problems found:');
    expect(log.slice(1)).toHaveLength(12);
    expect(log.slice(1).every((l, i) => l.startsWith(`${i + 1}. .github/personas/p${String(i + 1).padStart(2, '0')}.yml:2:`))).toBe(true);
    const rows = readFileSync(s.env.GITHUB_STEP_SUMMARY!, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(2 + 12);
    expect(readFileSync(s.env.GITHUB_OUTPUT!, 'utf8')).toBe(EARLIER);
  });

  it('keeps a problem that imitates a workflow command inert in the log: commands are off around the list', async () => {
    const problems = Array.from({ length: 11 }, (_, i) => ({ message: i === 4 ? 'x\n::set-output name=id::evil\n##[error]forged' : `problem ${i}` }));
    const lines: string[] = [];
    const code = await runAction(async () => Promise.reject(new ConfigurationError(problems)), new ProcessRunner({}, (l) => lines.push(l)));
    expect(code).toBe(1);
    const start = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = lines[start]!.slice('::stop-commands::'.length);
    const end = lines.indexOf(`::${token}::`);
    expect(token.length).toBeGreaterThan(16);
    expect(lines.slice(start, end).join('\n')).not.toContain(token + '::');
    const commandsOutside = [...lines.slice(0, start), ...lines.slice(end + 1)].filter((l) => /^\s*::|##\[/.test(l));
    expect(commandsOutside.every((l) => l.startsWith('::error::'))).toBe(true);
    expect(lines.slice(start + 1, end)).toContain('::set-output name=id::evil');
  });
});
