/** runWithPolicy with the rollback guardrails: a refused rollback never runs, an allowed one gets the guard's variables. */
import { describe, expect, it } from '@jest/globals';
import type { CommandResult, CommandSpec } from '../../src/edge/run-command.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { type CommandPolicy, type PolicyDeps, type RollbackPermission, runWithPolicy } from '../../src/wiring/run-with-policy.js';

const ok: CommandResult = { exitCode: 0, timedOut: false, durationMs: 100 };
const exit = (exitCode: number): CommandResult => ({ exitCode, timedOut: false, durationMs: 100 });
const SPEC: CommandSpec = { command: './deploy.sh', cwd: '/work', env: { PATH: '/usr/bin', PERSONA_STRATEGY: 'canary' }, timeoutMs: 1000, label: 'deploy' };
const policy = (over: Partial<CommandPolicy> = {}): CommandPolicy => ({
  retries: 1,
  retryDelayMs: 10,
  noRetryExitCodes: [],
  afterRetries: 'rollback',
  rollback: './rollback.sh',
  ...over,
});

/** Fake deps: the deploy always fails with exit 3; the rollback answers `rollbackResult`. */
function fake(rollbackResult: CommandResult = ok) {
  const ran: CommandSpec[] = [];
  const logger = new MemoryLogger();
  const deps: PolicyDeps = {
    run: async (spec) => {
      ran.push(spec);
      return spec.command === './rollback.sh' ? rollbackResult : exit(3);
    },
    sleep: async () => undefined,
    logger,
  };
  return { deps, ran, logger, rollbacks: () => ran.filter((s) => s.command === './rollback.sh') };
}

/** A guard answering `answer`, counting how often it was asked. */
function guard(answer: RollbackPermission) {
  const asked: number[] = [];
  return { asked, guardRollback: async () => (asked.push(asked.length), answer) };
}

describe('runWithPolicy: the rollback guard', () => {
  it('a refusal fails the step without running the rollback, and says why', async () => {
    const f = fake();
    const g = guard({ allowed: false, reason: 'a rollback already ran in this run (at most one per run)' });
    const outcome = await runWithPolicy(SPEC, policy({ guardRollback: g.guardRollback }), f.deps);
    expect(outcome).toMatchObject({ ok: false, outcome: 'failed', rollbackRefused: 'a rollback already ran in this run (at most one per run)' });
    expect(outcome.rollback).toBeUndefined();
    expect(outcome.message).toBe('deploy failed (exit code 3) after 2 attempts; no rollback: a rollback already ran in this run (at most one per run)');
    expect(f.rollbacks()).toEqual([]);
    expect(outcome.attempts).toHaveLength(2);
    expect(g.asked).toHaveLength(1);
  });

  it('an allowance adds its variables to the rollback command, beside the step’s and the failed exit code', async () => {
    const f = fake();
    const g = guard({ allowed: true, env: { PERSONA_ROLLBACK_REF: 'v1.2.3', PERSONA_ROLLBACK_SHA: 'a'.repeat(40) } });
    const outcome = await runWithPolicy(SPEC, policy({ guardRollback: g.guardRollback }), f.deps);
    expect(outcome).toMatchObject({ ok: false, outcome: 'rolled-back', rollback: ok });
    expect(outcome.rollbackRefused).toBeUndefined();
    expect(f.rollbacks()).toHaveLength(1);
    expect(f.rollbacks()[0]!.env).toEqual({
      PATH: '/usr/bin',
      PERSONA_STRATEGY: 'canary',
      PERSONA_ROLLBACK_REF: 'v1.2.3',
      PERSONA_ROLLBACK_SHA: 'a'.repeat(40),
      PERSONA_FAILED_EXIT_CODE: '3',
    });
    // The deploy's own environment is left as it was.
    expect(f.ran[0]!.env).toEqual(SPEC.env);
  });

  it('an allowance without variables runs the rollback with the step’s environment', async () => {
    const f = fake(exit(1));
    const outcome = await runWithPolicy(SPEC, policy({ guardRollback: async () => ({ allowed: true }) }), f.deps);
    expect(outcome.outcome).toBe('rolled-back');
    expect(outcome.message).toMatch(/the rollback failed too/);
    expect(f.rollbacks()[0]!.env).toEqual({ ...SPEC.env, PERSONA_FAILED_EXIT_CODE: '3' });
  });

  it('without a guard, the rollback runs as before', async () => {
    const f = fake();
    const outcome = await runWithPolicy(SPEC, policy(), f.deps);
    expect(outcome).toMatchObject({ ok: false, outcome: 'rolled-back' });
    expect(f.rollbacks()).toHaveLength(1);
    expect(f.rollbacks()[0]!.env).not.toHaveProperty('PERSONA_ROLLBACK_REF');
  });

  it('the guard is not asked when no rollback would run', async () => {
    for (const over of [{ afterRetries: 'fail' as const }, { afterRetries: 'continue' as const }, { rollback: '  ' }]) {
      const g = guard({ allowed: false, reason: 'no' });
      const outcome = await runWithPolicy(SPEC, policy({ ...over, guardRollback: g.guardRollback }), fake().deps);
      expect(outcome.rollbackRefused).toBeUndefined();
      expect(g.asked).toEqual([]);
    }
    const g = guard({ allowed: false, reason: 'no' });
    const f = fake();
    f.deps.run = async () => ok;
    expect((await runWithPolicy(SPEC, policy({ guardRollback: g.guardRollback }), f.deps)).outcome).toBe('succeeded');
    expect(g.asked).toEqual([]);
  });
});
