/** The rollback guard at the edge: known-good target, cooldown, once per run, fail-safe reads, and what a rollback writes back. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InMemoryDeployments } from '../../src/deployments/in-memory-deployments.js';
import { isRollbackMarker, rollbackDescription } from '../../src/deployments/rollback-marker.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import type { RunFacts } from '../../src/wiring/deploy-run.js';
import { rollbackGuard, type GuardSurroundings } from '../../src/wiring/rollback-guarding.js';
import { ROLLBACK_LEDGER } from '../../src/wiring/rollback-ledger.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const run = (runId = '42'): RunFacts => ({
  runId,
  sha: 'f'.repeat(40),
  ref: 'main',
  logUrl: `https://github.com/o/r/actions/runs/${runId}`,
  repository: 'o/r',
});
const GOOD = { ref: 'v1.2.3', sha: 'a'.repeat(40) };

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rollback-guarding-'));
  dirs.push(dir);
  return dir;
};
const ledgerPath = (runnerTemp: string) => path.join(runnerTemp, ROLLBACK_LEDGER);

/** Deployments of `production` with a known-good one (optionally), answering on the fixed clock. */
function environment(knownGood = true) {
  const deployments = new InMemoryDeployments({ now: () => NOW });
  if (knownGood) deployments.seed({ environment: 'production', ...GOOD, createdAt: ago(120), statuses: [{ state: 'success', createdAt: ago(118) }] });
  return deployments;
}

/** A guard over `production` for run 42, overridable. */
function guardFor(over: Partial<GuardSurroundings> = {}) {
  const logger = new MemoryLogger();
  const s: GuardSurroundings = {
    environment: 'production',
    record: true,
    run: run(),
    cooldownMs: 30 * 60_000,
    now: () => NOW,
    runnerTemp: temp(),
    logger,
    ...over,
  };
  return { ...rollbackGuard(s), logger, s };
}

/** Seeds a deployment rolled back `minutes` ago by run `byRun`, after a success. */
function rolledBack(deployments: InMemoryDeployments, minutes: number, byRun = '7') {
  return deployments.seed({
    environment: 'production',
    sha: 'b'.repeat(40),
    ref: 'main',
    createdAt: ago(minutes + 20),
    statuses: [
      { state: 'success', createdAt: ago(minutes + 15) },
      { state: 'failure', createdAt: ago(minutes), description: rollbackDescription(GOOD), logUrl: `https://github.com/o/r/actions/runs/${byRun}` },
    ],
  });
}

describe('rollbackGuard: with an environment', () => {
  it('allows a rollback to the last successful deployment, given as PERSONA_ROLLBACK_REF and _SHA', async () => {
    const g = guardFor({ deployments: environment() });
    expect(await g.guard()).toEqual({ allowed: true, env: { PERSONA_ROLLBACK_REF: GOOD.ref, PERSONA_ROLLBACK_SHA: GOOD.sha } });
    expect(g.target()).toEqual(GOOD);
    expect(g.logger.messages('info').join('\n')).toContain(GOOD.sha);
  });

  it('refuses without a successful deployment to return to, and says so', async () => {
    const g = guardFor({ deployments: environment(false) });
    const answer = await g.guard();
    expect(answer.allowed).toBe(false);
    expect(answer.allowed === false && answer.reason).toMatch(/no successful deployment/);
    expect(g.target()).toBeUndefined();
  });

  it('does not count the run’s own deployment as the target', async () => {
    const deployments = environment(false);
    const own = deployments.seed({ environment: 'production', ...GOOD, createdAt: ago(5), statuses: [{ state: 'success', createdAt: ago(4) }] });
    expect((await guardFor({ deployments, deploymentId: own }).guard()).allowed).toBe(false);
  });

  it('refuses within the cooldown after the last rollback, and allows after it', async () => {
    const deployments = environment();
    rolledBack(deployments, 10);
    const within = await guardFor({ deployments, cooldownMs: 30 * 60_000 }).guard();
    expect(within.allowed).toBe(false);
    expect(within.allowed === false && within.reason).toMatch(/10 min ago.*cooldown is 30 min/);
    // The rolled-back deployment is no target: the older known-good one is.
    expect(await guardFor({ deployments, cooldownMs: 5 * 60_000 }).guard()).toEqual({
      allowed: true,
      env: { PERSONA_ROLLBACK_REF: GOOD.ref, PERSONA_ROLLBACK_SHA: GOOD.sha },
    });
  });

  it('refuses a second rollback of the same run, whatever the cooldown', async () => {
    const deployments = environment();
    rolledBack(deployments, 120, '42');
    const answer = await guardFor({ deployments, cooldownMs: 0 }).guard();
    expect(answer.allowed === false && answer.reason).toMatch(/already ran in this run/);
    expect((await guardFor({ deployments, cooldownMs: 0, run: run('43') }).guard()).allowed).toBe(true);
  });

  it.each(['rollbackHistory', 'lastSuccessful'] as const)('refuses, never guessing, when %s cannot be read', async (method) => {
    const deployments = environment();
    deployments.failures[method] = new Error('HTTP 403 Resource not accessible by integration');
    const answer = await guardFor({ deployments }).guard();
    expect(answer.allowed).toBe(false);
    expect(answer.allowed === false && answer.reason).toMatch(/cannot read the deployments of environment "production" \(HTTP 403/);
  });
});

describe('rollbackGuard: without an environment', () => {
  it('allows the rollback with empty target variables, the command knowing its own target', async () => {
    const g = guardFor({ environment: '' });
    expect(await g.guard()).toEqual({ allowed: true, env: { PERSONA_ROLLBACK_REF: '', PERSONA_ROLLBACK_SHA: '' } });
    expect(g.target()).toBeUndefined();
  });

  it('ignores the deployments API when the environment is empty', async () => {
    const deployments = environment(false);
    deployments.failures.rollbackHistory = new Error('must not be asked');
    expect((await guardFor({ environment: '', deployments }).guard()).allowed).toBe(true);
  });
});

describe('rollbackGuard: what a rollback writes back', () => {
  it('ranRollback records the rollback in the ledger and as a marker on the run’s deployment', async () => {
    const deployments = environment();
    const own = deployments.seed({ environment: 'production', sha: 'f'.repeat(40), ref: 'main', createdAt: ago(3), statuses: [] });
    const g = guardFor({ deployments, deploymentId: own });
    expect((await g.guard()).allowed).toBe(true);
    await g.ranRollback();
    const ledger = JSON.parse(readFileSync(ledgerPath(g.s.runnerTemp!), 'utf8')) as unknown;
    expect(ledger).toEqual([{ runId: '42', at: NOW.toISOString(), environment: 'production' }]);
    const marker = deployments
      .all()
      .find((d) => d.id === own)!
      .statuses.at(-1)!;
    expect(isRollbackMarker(marker.description)).toBe(true);
    expect(marker.description).toContain(GOOD.sha.slice(0, 12));
    expect(marker.urls).toEqual([run().logUrl]);
    // Another job of the same run, reading GitHub: refused.
    expect((await guardFor({ deployments, cooldownMs: 0 }).guard()).allowed).toBe(false);
  });

  it('record: false still reads the deployments (target, cooldown) but writes no marker; the ledger keeps the rollback', async () => {
    const deployments = environment();
    const own = deployments.seed({ environment: 'production', sha: 'f'.repeat(40), ref: 'main', createdAt: ago(3), statuses: [] });
    const g = guardFor({ deployments, deploymentId: own, record: false });
    const permission = await g.guard();
    expect(permission.allowed && permission.env).toEqual({ PERSONA_ROLLBACK_REF: GOOD.ref, PERSONA_ROLLBACK_SHA: GOOD.sha });
    await g.ranRollback();
    expect(deployments.all().find((d) => d.id === own)!.statuses).toEqual([]);
    expect(readFileSync(ledgerPath(g.s.runnerTemp!), 'utf8')).toContain('"42"');
  });

  it('a second guard in the same RUNNER_TEMP refuses after a rollback ran, even without an environment', async () => {
    const runnerTemp = temp();
    const first = guardFor({ environment: '', runnerTemp });
    expect((await first.guard()).allowed).toBe(true);
    await first.ranRollback();
    const second = await guardFor({ environment: '', runnerTemp }).guard();
    expect(second.allowed === false && second.reason).toMatch(/already ran in this run/);
  });

  it('a marker write that fails is a warning, the ledger still kept', async () => {
    const deployments = environment();
    const own = deployments.seed({ environment: 'production', sha: 'f'.repeat(40), ref: 'main', createdAt: ago(3), statuses: [] });
    const g = guardFor({ deployments, deploymentId: own });
    await g.guard();
    deployments.failures.setStatus = new Error('HTTP 403');
    await g.ranRollback();
    expect(g.logger.messages('warning').join('\n')).toMatch(/could not be recorded on deployment/);
    expect(readFileSync(ledgerPath(g.s.runnerTemp!), 'utf8')).toContain('"42"');
  });
});

describe('rollbackGuard: a ledger that cannot be read counts as a rollback already run', () => {
  const refusedWith = async (prepare: (file: string, runnerTemp: string) => void) => {
    const runnerTemp = temp();
    const file = ledgerPath(runnerTemp);
    mkdirSync(path.dirname(file), { recursive: true });
    prepare(file, runnerTemp);
    return guardFor({ environment: '', runnerTemp }).guard();
  };

  it('a directory at its path', async () => {
    expect((await refusedWith((file) => mkdirSync(file))).allowed).toBe(false);
  });

  it('a symbolic link at its path, even to an empty ledger', async () => {
    const answer = await refusedWith((file, runnerTemp) => {
      writeFileSync(path.join(runnerTemp, 'elsewhere.json'), '[]');
      symlinkSync(path.join(runnerTemp, 'elsewhere.json'), file);
    });
    expect(answer.allowed).toBe(false);
  });

  it('a dangling symbolic link at its path', async () => {
    const answer = await refusedWith((file, runnerTemp) => symlinkSync(path.join(runnerTemp, 'missing.json'), file));
    expect(answer.allowed).toBe(false);
  });

  it('text that is not JSON', async () => {
    expect((await refusedWith((file) => writeFileSync(file, '{ not json'))).allowed).toBe(false);
  });

  it('but another run’s entries do not count', async () => {
    const answer = await refusedWith((file) => writeFileSync(file, JSON.stringify([{ runId: '41', at: ago(5), environment: '' }])));
    expect(answer.allowed).toBe(true);
  });
});
