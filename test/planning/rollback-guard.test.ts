import { decideRollback, DEFAULT_ROLLBACK_COOLDOWN_MS } from '../../src/planning/rollback-guard.js';

const now = new Date('2026-11-30T12:00:00Z');
const good = { ref: 'refs/heads/main', sha: 'a'.repeat(40) };

describe('decideRollback', () => {
  it('rolls back to the last successful deployment of the environment', () => {
    expect(decideRollback({ rollbacksThisRun: 0, environment: 'production', knownGood: good, now })).toEqual({ allowed: true, target: good });
  });

  it('refuses a second rollback in one run, whatever else holds', () => {
    const d = decideRollback({ rollbacksThisRun: 1, environment: 'production', knownGood: good, now });
    expect(d).toEqual({ allowed: false, reason: expect.stringMatching(/at most one per run/) });
    expect(decideRollback({ rollbacksThisRun: 1, now }).allowed).toBe(false);
  });

  it('refuses within the cooldown of the environment (30 min by default, or as given), and allows after it', () => {
    const recent = new Date(now.getTime() - 10 * 60_000);
    expect(decideRollback({ rollbacksThisRun: 0, environment: 'production', knownGood: good, lastRollbackAt: recent, now })).toEqual({
      allowed: false,
      reason: expect.stringMatching(/rolled back 10 min ago; the cooldown is 30 min/),
    });
    expect(
      decideRollback({ rollbacksThisRun: 0, environment: 'production', knownGood: good, lastRollbackAt: recent, cooldownMs: 5 * 60_000, now }).allowed,
    ).toBe(true);
    const old = new Date(now.getTime() - DEFAULT_ROLLBACK_COOLDOWN_MS);
    expect(decideRollback({ rollbacksThisRun: 0, environment: 'production', knownGood: good, lastRollbackAt: old, now }).allowed).toBe(true);
  });

  it('refuses without a known-good deployment instead of guessing', () => {
    expect(decideRollback({ rollbacksThisRun: 0, environment: 'staging', now })).toEqual({
      allowed: false,
      reason: expect.stringMatching(/no successful deployment to roll back to/),
    });
  });

  it('without an environment, allows the rollback with no target (the command knows its own)', () => {
    expect(decideRollback({ rollbacksThisRun: 0, now })).toEqual({ allowed: true });
  });
});
