import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandResult, type CommandSpec, runCommand } from '../../src/edge/run-command.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { type CommandPolicy, MAX_RETRY_WAIT_MS, type PolicyDeps, retryWait, runWithPolicy, sleep } from '../../src/wiring/run-with-policy.js';

const ok: CommandResult = { exitCode: 0, timedOut: false, durationMs: 120 };
const exit = (exitCode: number): CommandResult => ({ exitCode, timedOut: false, durationMs: 80 });
const timedOut: CommandResult = { exitCode: null, signal: 'SIGTERM', timedOut: true, durationMs: 300 };
const cancelled: CommandResult = { exitCode: null, signal: 'SIGINT', timedOut: false, cancelled: true, durationMs: 50 };

const SPEC: CommandSpec = { command: 'make', cwd: '/work', env: { PATH: '/usr/bin', PERSONA_ID: 'stability' }, timeoutMs: 1000, label: 'build' };
const policy = (over: Partial<CommandPolicy> = {}): CommandPolicy => ({ retries: 2, retryDelayMs: 1000, noRetryExitCodes: [], afterRetries: 'fail', ...over });

/** Fake deps: `run` answers the main command from `script` in order, and the rollback with `rollbackResult`. */
function fake(script: CommandResult[], rollbackResult: CommandResult = ok) {
  const ran: CommandSpec[] = [];
  const waits: number[] = [];
  const logger = new MemoryLogger();
  let next = 0;
  const deps: PolicyDeps = {
    run: async (spec) => {
      ran.push(spec);
      if (spec.label.endsWith('rollback')) return rollbackResult;
      const result = script[next++];
      if (!result) throw new Error('ran more attempts than scripted');
      return result;
    },
    sleep: async (ms) => {
      waits.push(ms);
    },
    logger,
  };
  return { deps, ran, waits, logger, labels: () => ran.map((s) => s.label) };
}

describe('runWithPolicy', () => {
  it('retries a failing command after a doubling wait until it succeeds', async () => {
    const f = fake([exit(1), timedOut, ok]);
    const outcome = await runWithPolicy(SPEC, policy({ retries: 3, retryDelayMs: 500 }), f.deps);
    expect(outcome).toMatchObject({ ok: true, outcome: 'succeeded', message: 'build succeeded on attempt 3 of 4' });
    expect(outcome.attempts).toEqual([exit(1), timedOut, ok]);
    expect(f.waits).toEqual([500, 1000]);
    expect(f.logger.messages('info')).toEqual([
      'build: attempt 1 of 4: exit code 1 after 0.1 s',
      'build: retrying in 0.5 s',
      'build: attempt 2 of 4: timed out after 0.3 s',
      'build: retrying in 1.0 s',
      'build: attempt 3 of 4: exit code 0 after 0.1 s',
    ]);
  });

  it('fails after the last retry and does not roll back under `fail`', async () => {
    const f = fake([exit(2), exit(2), exit(2)]);
    const outcome = await runWithPolicy(SPEC, policy({ rollback: 'undo' }), f.deps);
    expect(outcome).toMatchObject({ ok: false, outcome: 'failed', message: 'build failed (exit code 2) after 3 attempts' });
    expect(outcome.rollback).toBeUndefined();
    expect(f.labels()).toEqual(['build', 'build', 'build']);
    expect(f.waits).toEqual([1000, 2000]);
  });

  it('does not retry an exit code listed in no-retry-exit-codes', async () => {
    const f = fake([exit(3)]);
    const outcome = await runWithPolicy(SPEC, policy({ noRetryExitCodes: [3, 4] }), f.deps);
    expect(outcome).toMatchObject({ ok: false, outcome: 'failed', message: 'build failed (exit code 3) after 1 attempt' });
    expect(f.waits).toEqual([]);
    expect(f.logger.messages('info')).toContain('build: exit code 3 is listed in no-retry-exit-codes: not retried');
  });

  it('runs once with retries: 0', async () => {
    const f = fake([exit(1)]);
    expect((await runWithPolicy(SPEC, policy({ retries: 0 }), f.deps)).attempts).toHaveLength(1);
    expect(f.waits).toEqual([]);
  });

  it('rolls back after the last failure under `rollback`, passing the failed exit code', async () => {
    const f = fake([exit(1), exit(7)]);
    const outcome = await runWithPolicy(SPEC, policy({ retries: 1, afterRetries: 'rollback', rollback: './undo.sh' }), f.deps);
    expect(outcome).toMatchObject({ ok: false, outcome: 'rolled-back', rollback: ok, message: 'build failed (exit code 7) after 2 attempts; rolled back' });
    expect(f.labels()).toEqual(['build', 'build', 'build rollback']);
    expect(f.ran[2]).toEqual({ ...SPEC, command: './undo.sh', label: 'build rollback', env: { ...SPEC.env, PERSONA_FAILED_EXIT_CODE: '7' } });
  });

  it('says so when the rollback fails too, and passes an empty exit code after a timeout', async () => {
    const f = fake([timedOut], exit(9));
    const outcome = await runWithPolicy(SPEC, policy({ retries: 0, afterRetries: 'rollback', rollback: 'undo' }), f.deps);
    expect(outcome.message).toBe('build failed (timed out) after 1 attempt; the rollback failed too (exit code 9)');
    expect(outcome).toMatchObject({ ok: false, outcome: 'rolled-back' });
    expect(f.ran[1]!.env.PERSONA_FAILED_EXIT_CODE).toBe('');
  });

  it('does not roll back when the command succeeds, nor when no rollback command is given', async () => {
    const succeeded = fake([exit(1), ok]);
    expect((await runWithPolicy(SPEC, policy({ afterRetries: 'rollback', rollback: 'undo' }), succeeded.deps)).outcome).toBe('succeeded');
    expect(succeeded.labels()).not.toContain('build rollback');

    const none = fake([exit(1)]);
    const outcome = await runWithPolicy(SPEC, policy({ retries: 0, afterRetries: 'rollback', rollback: '  ' }), none.deps);
    expect(outcome).toMatchObject({ ok: false, outcome: 'failed', message: 'build failed (exit code 1) after 1 attempt; no rollback command was given' });
    expect(none.labels()).toEqual(['build']);
  });

  it('continues with a warning under `continue`', async () => {
    const f = fake([exit(1), exit(1)]);
    const outcome = await runWithPolicy(SPEC, policy({ retries: 1, afterRetries: 'continue', rollback: 'undo' }), f.deps);
    expect(outcome).toMatchObject({ ok: true, outcome: 'continued' });
    expect(f.logger.messages('warning')).toEqual(['build failed (exit code 1) after 2 attempts; continuing, as the failure policy says']);
    expect(f.labels()).toEqual(['build', 'build']);
  });

  it('stops at once when the run is cancelled: no retry, no rollback, not continued', async () => {
    for (const afterRetries of ['rollback', 'continue'] as const) {
      const f = fake([cancelled]);
      const outcome = await runWithPolicy(SPEC, policy({ retries: 3, afterRetries, rollback: 'undo' }), f.deps);
      expect(outcome).toMatchObject({ ok: false, outcome: 'failed', message: 'build was cancelled on attempt 1: not retried, no rollback' });
      expect(f.labels()).toEqual(['build']);
      expect(f.waits).toEqual([]);
    }
  });

  it('refuses a policy that makes no sense', async () => {
    await expect(runWithPolicy(SPEC, policy({ retries: -1 }), fake([]).deps)).rejects.toThrow(RangeError);
    await expect(runWithPolicy(SPEC, policy({ retries: 1.5 }), fake([]).deps)).rejects.toThrow(RangeError);
    await expect(runWithPolicy(SPEC, policy({ retryDelayMs: Number.NaN }), fake([]).deps)).rejects.toThrow(RangeError);
  });
});

describe('retryWait and sleep', () => {
  it('doubles from the first delay and is capped', () => {
    expect([1, 2, 3, 4].map((n) => retryWait(1000, n))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryWait(60 * 60_000, 10)).toBe(MAX_RETRY_WAIT_MS);
    expect(retryWait(0, 5)).toBe(0);
  });

  it('the real sleep waits about as long as asked', async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('runWithPolicy with real commands', () => {
  const dir = (): string => mkdtempSync(join(tmpdir(), 'run-with-policy-'));
  const real = (cwd: string, command: string): CommandSpec => ({
    command,
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    timeoutMs: 10_000,
    label: 'test',
    killGraceMs: 200,
  });
  const deps = (): PolicyDeps & { waits: number[] } => {
    const waits: number[] = [];
    return { run: (spec) => runCommand(spec), sleep: async (ms) => void waits.push(ms), logger: new MemoryLogger(), waits };
  };

  it('a command failing twice then succeeding really runs three times', async () => {
    const cwd = dir();
    const command = 'n=$(( $(cat count 2>/dev/null || echo 0) + 1 )); echo $n > count; test $n -ge 3';
    const d = deps();
    const outcome = await runWithPolicy(real(cwd, command), policy({ retries: 5 }), d);
    expect(outcome.outcome).toBe('succeeded');
    expect(outcome.attempts.map((a) => a.exitCode)).toEqual([1, 1, 0]);
    expect(readFileSync(join(cwd, 'count'), 'utf8').trim()).toBe('3');
    expect(d.waits).toEqual([1000, 2000]);
  });

  it('the rollback command runs once, with the exit code in its environment', async () => {
    const cwd = dir();
    const d = deps();
    const outcome = await runWithPolicy(
      real(cwd, 'echo x >> attempts; exit 4'),
      policy({ retries: 1, afterRetries: 'rollback', rollback: 'echo "$PERSONA_FAILED_EXIT_CODE" >> rolled-back' }),
      d,
    );
    expect(outcome.outcome).toBe('rolled-back');
    expect(readFileSync(join(cwd, 'attempts'), 'utf8')).toBe('x\nx\n');
    expect(readFileSync(join(cwd, 'rolled-back'), 'utf8')).toBe('4\n');
  });

  it('the rollback does not run when the policy says fail', async () => {
    const cwd = dir();
    await runWithPolicy(real(cwd, 'exit 1'), policy({ retries: 0, rollback: 'touch rolled-back' }), deps());
    expect(existsSync(join(cwd, 'rolled-back'))).toBe(false);
  });
});
