import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import { type CommandSpec, describeResult, runCommand, succeeded } from '../../src/edge/run-command.js';
import { ProcessGroup } from '../../src/edge/process-tree.js';

const PATH = process.env.PATH ?? '/usr/bin:/bin';
const workdir = (): string => mkdtempSync(join(tmpdir(), 'run-command-'));
const spec = (command: string, cwd: string, extra: Partial<CommandSpec> = {}): CommandSpec => ({
  command,
  cwd,
  env: { PATH },
  timeoutMs: 10_000,
  label: 'build',
  killGraceMs: 200,
  ...extra,
});

/** True while `pid` is a running process (a zombie waiting for init to reap it counts as ended). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitForFile(path: string): Promise<string> {
  for (let i = 0; i < 200 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 100; i++) {
    const text = readFileSync(path, 'utf8');
    if (text.endsWith('\n')) return text.trim();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${path} never got a full line`);
}

describe('runCommand', () => {
  it('reports the exit code and how long the command took', async () => {
    const result = await runCommand(spec('sleep 0.05; exit 3', workdir()));
    expect(result).toMatchObject({ exitCode: 3, timedOut: false });
    expect(result.signal).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(40);
    expect(succeeded(result)).toBe(false);
    expect(describeResult(result)).toBe('exit code 3');
  });

  it('runs bash with -e and -o pipefail, in the working directory', async () => {
    const dir = workdir();
    expect((await runCommand(spec('false | true; echo after > after.txt', dir))).exitCode).toBe(1);
    expect(existsSync(join(dir, 'after.txt'))).toBe(false);
    expect((await runCommand(spec('pwd > here.txt', dir))).exitCode).toBe(0);
    expect(readFileSync(join(dir, 'here.txt'), 'utf8').trim()).toBe(dir);
  });

  it('passes exactly the given environment, and a value never runs as shell code', async () => {
    const dir = workdir();
    const env = { PATH, PERSONA_NOTE: '$(touch pwned) `touch pwned2`; touch pwned3' };
    const result = await runCommand(spec('printf "%s" "$PERSONA_NOTE" > note.txt; test -z "${HOME+set}"', dir, { env }));
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'note.txt'), 'utf8')).toBe(env.PERSONA_NOTE);
    for (const name of ['pwned', 'pwned2', 'pwned3']) expect(existsSync(join(dir, name))).toBe(false);
  });

  it('reports the signal that ended the shell', async () => {
    const result = await runCommand(spec('kill -KILL $$', workdir()));
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGKILL', timedOut: false });
    expect(describeResult(result)).toBe('signal SIGKILL');
  });

  it('on timeout ends the whole tree, SIGKILLing a grandchild that ignores SIGTERM', async () => {
    const dir = workdir();
    const command = [`bash -c 'trap "" TERM; sleep 30 & echo $! > sleep.pid; echo $$ > inner.pid; wait' &`, 'echo $! > child.pid', 'wait'].join('\n');
    const started = performance.now();
    const result = await runCommand(spec(command, dir, { timeoutMs: 300, killGraceMs: 200 }));
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGTERM', timedOut: true });
    expect(describeResult(result)).toBe('timed out');
    expect(performance.now() - started).toBeLessThan(1500);
    const pids = await Promise.all(['inner.pid', 'sleep.pid'].map((f) => waitForFile(join(dir, f))));
    for (const pid of pids) expect(running(Number(pid))).toBe(false);
  });

  it('forwards SIGTERM received by the action to the group and removes its listeners', async () => {
    const dir = workdir();
    const signals = new EventEmitter();
    const run = runCommand(spec('sleep 30 & echo $! > sleep.pid; wait', dir), { signals });
    const sleeper = Number(await waitForFile(join(dir, 'sleep.pid')));
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    expect(signals.listenerCount('SIGINT')).toBe(1);
    signals.emit('SIGTERM', 'SIGTERM');
    const result = await run;
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGTERM', timedOut: false, cancelled: true });
    expect(describeResult(result)).toBe('cancelled');
    expect(running(sleeper)).toBe(false);
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).toBe(0);
  });

  it('forwards SIGINT too', async () => {
    const dir = workdir();
    const signals = new EventEmitter();
    const run = runCommand(spec('echo $$ > shell.pid; sleep 30', dir), { signals });
    await waitForFile(join(dir, 'shell.pid'));
    signals.emit('SIGINT', 'SIGINT');
    const result = await run;
    expect(result.cancelled).toBe(true);
    expect(result.exitCode).not.toBe(0);
  });

  it('leaves no listener on process across several runs', async () => {
    const before = [process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')];
    const dir = workdir();
    for (const code of [0, 1, 0]) await runCommand(spec(`exit ${code}`, dir));
    await expect(runCommand(spec('exit 0', dir, { shell: join(dir, 'no-such-shell') }))).rejects.toThrow();
    expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual(before);
  });

  it('a missing working directory is a user error naming working-directory', async () => {
    const missing = join(workdir(), 'nope');
    const error = await runCommand(spec('true', missing)).catch((e: unknown) => e);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as { diagnostics: unknown }).diagnostics).toEqual([
      { file: 'input "working-directory"', message: `${JSON.stringify(missing)} is not an existing directory` },
    ]);
  });

  it('a shell that cannot start is a user error', async () => {
    const dir = workdir();
    const error = await runCommand(spec('true', dir, { shell: join(dir, 'no-such-shell') })).catch((e: unknown) => e);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^build: could not start ".*no-such-shell" \(ENOENT\)$/);
  });

  it('refuses a timeout that is not a positive number', async () => {
    await expect(runCommand(spec('true', workdir(), { timeoutMs: 0 }))).rejects.toThrow(RangeError);
    await expect(runCommand(spec('true', workdir(), { timeoutMs: Number.NaN }))).rejects.toThrow(RangeError);
  });
});

describe('ProcessGroup', () => {
  it('sends SIGKILL only when the group outlives the grace period', async () => {
    const sent: string[] = [];
    let alive = true;
    const group = new ProcessGroup(42, 60, (id, signal) => {
      expect(id).toBe(42);
      if (signal !== 0) sent.push(signal);
      if (signal === 'SIGKILL') alive = false;
      return alive;
    });
    await group.terminate('SIGINT');
    expect(sent).toEqual(['SIGINT', 'SIGKILL']);

    sent.length = 0;
    let checks = 0;
    const quick = new ProcessGroup(7, 5_000, (_id, signal) => {
      if (signal !== 0) sent.push(signal);
      return signal !== 0 || ++checks < 2;
    });
    const started = performance.now();
    await quick.terminate();
    expect(sent).toEqual(['SIGTERM']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a second signal is forwarded and shares the first escalation', async () => {
    const sent: string[] = [];
    const group = new ProcessGroup(9, 50, (_id, signal) => {
      if (signal !== 0) sent.push(signal);
      return !sent.includes('SIGKILL');
    });
    const first = group.terminate('SIGINT');
    const second = group.terminate('SIGTERM');
    await Promise.all([first, second]);
    expect(sent).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL']);
  });
});
