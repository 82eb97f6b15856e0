/**
 * Hostile persona libraries against the committed bundles, run as the
 * runner runs them (dist/resolve-persona through the runner protocol, the
 * CLI as a subprocess). Each case ends in a located user error with nothing
 * written, or in safe acceptance, in bounded time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runDist, type DistRun } from '../support/run-dist.js';

const CREDENTIAL = 'https://x-access-token:ghs_s3cr3tT0k3n@github.com';

/** A workspace with the given files under it. */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-ws-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A persona file with one constraint. */
const persona = (name: string, constraint: string) => `name: ${name}\nconstraints:\n  - ${constraint}\n`;

/** Asserts the run refused the library as a user error and wrote nothing. */
function expectRefused(run: DistRun): void {
  expect(run.code).toBe(1);
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?/); // no stack trace
  expect(run.stdout).not.toContain('unexpected error');
  expect(run.outputFile).toBe('');
  expect(existsSync(path.join(run.runnerTemp, 'persona', 'persona.json'))).toBe(false);
}

const errors = (run: DistRun) => run.annotations.filter((a) => a.level === 'error');

/** Runs the CLI bundle in `cwd`. */
function cli(cwd: string, args: string[]) {
  return spawnSync(process.env.PERSONA_E2E_NODE ?? process.execPath, [path.join(ROOT, 'dist/cli/index.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('hostile libraries against the committed bundles', () => {
  it('resolves quickly beside a catastrophic-backtracking pattern that is never requested', async () => {
    const ws = workspace({ '.github/personas/redos.yml': persona('Redos', "{ parameter: branch, operator: matches, value: '^(a+)+$' }") });
    const started = Date.now();
    const run = await runDist('resolve-persona', { workspace: ws, inputs: { persona: 'balanced' } });
    expect(run.code).toBe(0);
    expect(run.outputs.id).toBe('balanced');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('blends a pattern that filters a set in linear time', async () => {
    const value = `${'a'.repeat(20_000)}!`;
    const ws = workspace({
      '.github/personas/set.yml': persona('Set', `{ parameter: branch, operator: in, value: ['${value}', 'aaa'] }`),
      '.github/personas/redos.yml': persona('Redos', "{ parameter: branch, operator: matches, value: '^(a+)+$' }"),
    });
    const started = Date.now();
    const run = await runDist('resolve-persona', { workspace: ws, inputs: { persona: 'set+redos' } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.constraints!).branch['=']).toBe('aaa');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a backreference with the file, line and construct', async () => {
    const ws = workspace({ '.github/personas/backref.yml': persona('Backref', "{ parameter: branch, operator: matches, value: '(a)\\1' }") });
    const run = await runDist('resolve-persona', { workspace: ws, inputs: { persona: 'balanced' } });
    expectRefused(run);
    const [error] = errors(run);
    expect(error!.properties.file).toBe('.github/personas/backref.yml');
    expect(error!.properties.line).toBe('3');
    expect(error!.message).toMatch(/backreference/);
  });

  it('refuses a link out of the library without printing what it points at', async () => {
    const ws = workspace({ '.git/config': `[remote "origin"]\n\turl = ${CREDENTIAL}/octo-org/app\n` });
    mkdirSync(path.join(ws, '.github/personas'), { recursive: true });
    symlinkSync('../../.git/config', path.join(ws, '.github/personas/x.yml'));
    const run = await runDist('resolve-persona', { workspace: ws, inputs: { persona: 'balanced' } });
    expectRefused(run);
    expect(errors(run)[0]!.properties.file).toBe('.github/personas/x.yml');
    expect(run.stdout + run.stderr + run.summary).not.toContain('s3cr3t');
  });

  it('refuses a control character in a name at its line, and the CLI never prints it raw', async () => {
    const ws = workspace({ '.github/personas/ansi.yml': 'name: "Evil \\e]0;pwned\\a\\e[2J"\n' });
    const run = await runDist('resolve-persona', { workspace: ws, inputs: { persona: 'balanced' } });
    expectRefused(run);
    expect(errors(run)[0]!.properties.line).toBe('1');
    expect(errors(run)[0]!.message).toMatch(/control character \(U\+001B\)/);
    const shown = cli(ws, ['validate']);
    expect(shown.status).toBe(1);
    expect(shown.stdout + shown.stderr).not.toContain('\u001b');
  });

  it('escapes HTML and line breaks of a legitimate persona in the job summary', async () => {
    const ws = workspace({
      '.github/personas/html.yml': 'name: "<img src=x onerror=alert(1)> Team"\ndescription: "<!-- hides the rest\\n| Constraints | fake |"\n',
    });
    const run = await runDist('resolve-persona', { workspace: ws, inputs: { persona: 'img-src-x-onerror-alert-1-team' } });
    expect(run.code).toBe(0);
    expect(run.summary).not.toContain('<img');
    expect(run.summary).not.toContain('<!--');
    expect(run.summary).toContain('&lt;img src=x onerror=alert(1)&gt; Team');
    expect(run.summary.split('\n').filter((l) => l.startsWith('| Constraints'))).toEqual([]);
  });

  it('reports every problem beyond ten annotations in the log and the summary', async () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`.github/personas/bad-${i}.yml`, 'name: Bad\nrisk_tolerance: reckless\n']));
    const run = await runDist('resolve-persona', { workspace: workspace(files), inputs: { persona: 'balanced' } });
    expectRefused(run);
    expect(errors(run)).toHaveLength(10);
    expect(errors(run)[9]!.message).toMatch(/more problem/);
    for (let i = 0; i < 12; i++) expect(run.summary).toContain(`bad-${i}.yml`);
  });

  it('refuses nesting far past the bound as a located error, not a stack overflow', async () => {
    const deep = `name: Deep\nx-deep: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`;
    const run = await runDist('resolve-persona', { workspace: workspace({ '.github/personas/deep.yml': deep }), inputs: { persona: 'balanced' } });
    expectRefused(run);
    expect(errors(run)[0]!.properties.file).toBe('.github/personas/deep.yml');
    expect(errors(run)[0]!.message).toMatch(/64/);
    expect(run.stdout + run.stderr).not.toMatch(/call stack/i);
  });

  it('refuses an empty RUNNER_TEMP instead of falling back to a shared folder', async () => {
    const run = await runDist('resolve-persona', { inputs: { persona: 'balanced' }, env: { RUNNER_TEMP: '' } });
    expect(run.code).toBe(1);
    expect(run.outputFile).toBe('');
    expect(errors(run)[0]!.message).toMatch(/RUNNER_TEMP/);
  });
});
