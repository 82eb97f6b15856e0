// Hostile persona libraries on disk: links that leave the library, FIFOs, devices, huge and lying files, loops.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePersona } from '../../src/actions/resolve-persona/main.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { runAction } from '../../src/runner/run-action.js';
import { persona as cli, TEAM_FILE } from '../cli/helpers.js';

const SECRET = 'AUTHORIZATION: basic c2VjcmV0LXRva2VuLTEyMzQ1';
const roots: string[] = [];
afterAll(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A workspace holding `files`, `links` (path → target) and `fifos`, next to a sibling `elsewhere/` directory. */
function workspace(files: Record<string, string> = {}, links: Record<string, string> = {}, fifos: string[] = []): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hostile-files-'));
  roots.push(root);
  const ws = path.join(root, 'ws');
  const add = (name: string) => {
    mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
    return path.join(ws, name);
  };
  mkdirSync(path.join(root, 'elsewhere'));
  writeFileSync(add('.git/config'), `[http]\n\textraheader = ${SECRET}\n`);
  for (const [name, text] of Object.entries(files)) writeFileSync(add(name), text);
  for (const [name, target] of Object.entries(links)) symlinkSync(target, add(name));
  for (const name of fifos) execFileSync('mkfifo', [add(name)]);
  return ws;
}

/** Runs `persona validate ...specs` in `ws`, timing it and measuring how much the resident memory grew. */
async function validate(ws: string, ...specs: string[]) {
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  const run = await cli(['validate', ...specs], ws);
  return { ...run, ms: performance.now() - started, grewMiB: (process.memoryUsage().rss - rss) / 2 ** 20 };
}

/** Asserts a clean user error: exit 1, no stack trace, no bug report, nothing of the secret. */
function expectUserError(run: { code: number; stdout: string; stderr: string }): void {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/\n\s+at |unexpected error/);
  expect(run.stderr).not.toContain('c2VjcmV0');
}

const leaves = (link: string, target: string, where = '".github/personas"') =>
  `${link}: symbolic link to "${target}", which leads outside ${where}: a link found in a directory or glob must stay inside it`;

describe('hostile files: links that leave the library', () => {
  it('refuses .github/personas/x.yml -> ../../.git/config, naming the link, never the credential', async () => {
    const run = await validate(workspace({}, { '.github/personas/x.yml': '../../.git/config' }));
    expectUserError(run);
    expect(run.stderr).toContain(leaves('.github/personas/x.yml', '../../.git/config'));
  });

  it('fails the action with exit 1, one annotation on the link, and nothing written', async () => {
    const ws = workspace({ '.github/personas/team.yml': TEAM_FILE }, { '.github/personas/x.yml': '../../.git/config' });
    const runner = new MemoryRunner({ persona: 'team-base' }, { GITHUB_WORKSPACE: ws });
    expect(await runAction(resolvePersona, runner)).toBe(1);
    const errors = runner.logger.entries.filter((e) => e.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ where: expect.objectContaining({ file: '.github/personas/x.yml' }) })]);
    expect(JSON.stringify(runner.logger.entries)).not.toContain('c2VjcmV0');
    expect(runner.outputs).toEqual({});
    expect(runner.files).toEqual({});
  });

  it('refuses a link to /proc/self/environ without reading the environment', async () => {
    const run = await validate(workspace({}, { '.github/personas/env.yml': '/proc/self/environ' }));
    expectUserError(run);
    expect(run.stderr).toContain(leaves('.github/personas/env.yml', '/proc/self/environ'));
    expect(run.stderr).not.toMatch(/PATH=|HOME=/);
  });

  it('refuses a glob match linking to /dev/zero at once, without growing memory', async () => {
    const run = await validate(workspace({}, { '.github/personas/deep/zero.yml': '/dev/zero' }), '.github/personas/**/*.yml');
    expectUserError(run);
    expect(run.stderr).toContain(leaves('.github/personas/deep/zero.yml', '/dev/zero'));
    expect(run.ms).toBeLessThan(1000);
    expect(run.grewMiB).toBeLessThan(64);
  });

  it('refuses a glob match linking to a FIFO outside, without blocking', async () => {
    const ws = workspace({}, { '.github/personas/pipe.yml': '../../../elsewhere/pipe' }, ['../elsewhere/pipe']);
    const run = await validate(ws, '.github/personas/*.yml');
    expectUserError(run);
    expect(run.stderr).toContain(leaves('.github/personas/pipe.yml', '../../../elsewhere/pipe'));
    expect(run.ms).toBeLessThan(1000);
  });

  it('refuses a link to a directory elsewhere (/etc) instead of walking it', async () => {
    const run = await validate(workspace({ '.github/personas/team.yml': TEAM_FILE }, { '.github/personas/etc': '/etc' }));
    expectUserError(run);
    expect(run.stderr.split('\n')).toEqual([
      `${leaves('.github/personas/etc', '/etc')} (name a file elsewhere directly in "library" to read it)`,
      expect.any(String),
      '',
    ]);
    expect(run.stderr).not.toMatch(/root:|passwd/);
  });

  it('holds a glob with no static prefix to the workspace', async () => {
    const ws = workspace({ 'lib/team.yml': TEAM_FILE, '../elsewhere/cfg.yml': TEAM_FILE }, { 'lib/cfg.yml': '../../elsewhere/cfg.yml', 'lib/up': '..' });
    const run = await validate(ws, '*/*.yml');
    expectUserError(run);
    expect(run.stderr).toContain(leaves('lib/cfg.yml', '../../elsewhere/cfg.yml', 'the workspace'));
  });
});

describe('hostile files: only regular files, never blocking, never over the limit', () => {
  it('refuses a FIFO inside .github/personas in well under a second', async () => {
    const run = await validate(workspace({ '.github/personas/team.yml': TEAM_FILE }, {}, ['.github/personas/pipe.yml']));
    expectUserError(run);
    expect(run.stderr).toContain('.github/personas/pipe.yml: is a FIFO (named pipe), not a regular file (only regular files are read)');
    expect(run.ms).toBeLessThan(1000);
  });

  it('refuses a FIFO named directly as a clear user error', async () => {
    const run = await validate(workspace({}, {}, ['pipe.yml']), 'pipe.yml');
    expectUserError(run);
    expect(run.stderr).toBe('pipe.yml: is a FIFO (named pipe), not a regular file (only regular files are read)\nfailed: 1 problem in 1 file\n');
    expect(run.ms).toBeLessThan(1000);
  });

  it('refuses a device named directly (through a link to /dev/zero) without reading it', async () => {
    const run = await validate(workspace({}, { 'zero.yml': '/dev/zero' }), 'zero.yml');
    expectUserError(run);
    expect(run.stderr).toContain('zero.yml: is a character device, not a regular file');
    expect(run.ms).toBeLessThan(1000);
    expect(run.grewMiB).toBeLessThan(64);
  });

  it('refuses a file over 2 GiB by its size (sparse: nothing read), not as a bug', async () => {
    const ws = workspace();
    closeSync(openSync(path.join(ws, 'huge.yml'), 'w'));
    truncateSync(path.join(ws, 'huge.yml'), 2 ** 31 + 10);
    const run = await validate(ws, 'huge.yml');
    expectUserError(run);
    expect(run.stderr).toContain('huge.yml: is 2147483658 bytes, over the 1 MiB limit of a persona file (1048576 bytes)');
    expect(run.ms).toBeLessThan(1000);
  });

  it('refuses a file just over 1 MiB in a directory, with the other files still checked', async () => {
    const run = await validate(workspace({ 'lib/big.yml': `# ${'x'.repeat(1024 * 1024)}\n`, 'lib/team.yml': TEAM_FILE }), 'lib');
    expectUserError(run);
    expect(run.stderr).toBe('lib/big.yml: is 1048579 bytes, over the 1 MiB limit of a persona file (1048576 bytes)\nfailed: 1 problem in 1 file\n');
  });
});

describe('hostile files: legitimate libraries still load', () => {
  it('skips a loop (up -> ..) in a glob, without false duplicate ids', async () => {
    const run = await validate(
      workspace({ '.github/personas/team.yml': TEAM_FILE }, { '.github/personas/up': '..', '.github/personas/self': '.' }),
      '.github/personas/**/*.yml',
    );
    expect(run).toMatchObject({ code: 0, stderr: '', stdout: 'ok: 9 personas (7 built-in, 2 from .github/personas/**/*.yml)\n' });
  });

  it('follows links that stay inside the library', async () => {
    const files = workspace({ '.github/personas/.shared/team.yml': TEAM_FILE }, { '.github/personas/team.yml': '.shared/team.yml' });
    expect(await validate(files)).toEqual(expect.objectContaining({ code: 0, stderr: '', stdout: 'ok: 9 personas (7 built-in, 2 from .github/personas)\n' }));
    const dirs = workspace({ '.github/personas/.shared/team.yml': TEAM_FILE }, { '.github/personas/more': '.shared' });
    expect(await validate(dirs, '.github/personas/**/*.yml')).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
  });

  it('reads a file or directory named explicitly wherever it is, through links too', async () => {
    const ws = workspace({}, { 'linked.yml': '../elsewhere/team.yml', 'linked-dir': '../elsewhere' });
    writeFileSync(path.join(ws, '../elsewhere/team.yml'), TEAM_FILE);
    expect(await validate(ws, path.join(ws, '../elsewhere/team.yml'))).toMatchObject({ code: 0, stderr: '' });
    expect(await validate(ws, 'linked.yml')).toMatchObject({ code: 0, stderr: '' });
    expect(await validate(ws, 'linked-dir')).toMatchObject({ code: 0, stderr: '' });
  });
});
