/** The deployment of a deploy step: the run's own one reused, else created; its statuses; failed writes as warnings. */
import { jest } from '@jest/globals';
import { InMemoryDeployments } from '../../src/deployments/in-memory-deployments.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import type { RunFacts } from '../../src/wiring/deploy-run.js';
import { DeployRecord } from '../../src/wiring/deploy-record.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const SHA = 'c'.repeat(40);
const run = (runId = '42'): RunFacts => ({
  runId,
  sha: SHA,
  ref: 'main',
  logUrl: runId ? `https://github.com/o/r/actions/runs/${runId}` : '',
  repository: 'o/r',
});

/** Deployments where GitHub made run 42's deployment of production (and an older one of another run). */
function withRunDeployment() {
  const deployments = new InMemoryDeployments({ now: () => NOW });
  deployments.seed({
    environment: 'production',
    sha: SHA,
    ref: 'main',
    createdAt: '2026-11-30T10:00:00Z',
    statuses: [{ state: 'success', createdAt: '2026-11-30T10:05:00Z', logUrl: 'https://github.com/o/r/actions/runs/41' }],
  });
  const own = deployments.seed({
    environment: 'production',
    sha: SHA,
    ref: 'main',
    createdAt: '2026-11-30T11:59:00Z',
    statuses: [{ state: 'queued', createdAt: '2026-11-30T11:59:00Z', logUrl: 'https://github.com/o/r/actions/runs/42' }],
  });
  return { deployments, own };
}
const statesOf = (deployments: InMemoryDeployments, id: number) =>
  deployments
    .all()
    .find((d) => d.id === id)!
    .statuses.map((s) => s.state);

describe('DeployRecord.find', () => {
  it('finds the deployment GitHub made for this run’s job, and reuses it', async () => {
    const { deployments, own } = withRunDeployment();
    const logger = new MemoryLogger();
    const record = await DeployRecord.find(deployments, 'production', run(), logger);
    expect(record.id).toBe(own);
    expect(record.reused).toBe(true);
    expect(logger.messages('info').join('\n')).toContain(String(own));
  });

  it('finds nothing for another run, another environment, without deployments or without a run id', async () => {
    const { deployments } = withRunDeployment();
    for (const record of [
      await DeployRecord.find(deployments, 'production', run('43'), new MemoryLogger()),
      await DeployRecord.find(deployments, 'staging', run(), new MemoryLogger()),
      await DeployRecord.find(undefined, 'production', run(), new MemoryLogger()),
    ]) {
      expect(record.id).toBeUndefined();
      expect(record.reused).toBe(false);
    }
    const spy = jest.spyOn(deployments, 'findRunDeployment');
    expect((await DeployRecord.find(deployments, 'production', run(''), new MemoryLogger())).id).toBeUndefined();
    expect(spy).not.toHaveBeenCalled();
  });

  it('turns a failed lookup into a warning', async () => {
    const { deployments } = withRunDeployment();
    deployments.failures.findRunDeployment = new Error('HTTP 500');
    const logger = new MemoryLogger();
    const record = await DeployRecord.find(deployments, 'production', run(), logger);
    expect(record.id).toBeUndefined();
    expect(logger.messages('warning')).toEqual([expect.stringMatching(/production.*HTTP 500/)]);
  });
});

describe('DeployRecord.start and status', () => {
  it('adds statuses to the run’s own deployment instead of creating a second one', async () => {
    const { deployments, own } = withRunDeployment();
    const record = await DeployRecord.find(deployments, 'production', run(), new MemoryLogger());
    await record.start('canary to 3 replicas', { strategy: 'canary' });
    await record.status('success', 'deployed');
    expect(deployments.all()).toHaveLength(2);
    expect(statesOf(deployments, own)).toEqual(['queued', 'in_progress', 'success']);
    const latest = deployments
      .all()
      .find((d) => d.id === own)!
      .statuses.at(-1)!;
    expect(latest).toMatchObject({ description: 'deployed', urls: [run().logUrl] });
  });

  it('creates the deployment when the run has none, with the ref and payload, then sets it in progress', async () => {
    const deployments = new InMemoryDeployments({ now: () => NOW });
    const logger = new MemoryLogger();
    const record = await DeployRecord.find(deployments, 'production', run(), logger);
    await record.start('rolling to 2 replicas', { strategy: 'rolling', persona: 'balanced' });
    expect(record.id).toBeDefined();
    expect(record.reused).toBe(false);
    const [created] = deployments.all();
    expect(created).toMatchObject({ id: record.id, environment: 'production', sha: SHA, ref: 'main', description: 'rolling to 2 replicas' });
    expect(created!.payload).toEqual({ strategy: 'rolling', persona: 'balanced', ref: 'main' });
    expect(statesOf(deployments, record.id!)).toEqual(['in_progress']);
    await record.status('failure', 'the deploy failed');
    expect(statesOf(deployments, record.id!)).toEqual(['in_progress', 'failure']);
  });

  it('passes the environment URL and the log URL with a status', async () => {
    const { deployments, own } = withRunDeployment();
    const spy = jest.spyOn(deployments, 'setStatus');
    const record = await DeployRecord.find(deployments, 'production', run(), new MemoryLogger());
    await record.status('success', 'deployed', 'https://app.example.com');
    await record.status('success', 'deployed again');
    expect(spy.mock.calls).toEqual([
      [own, { state: 'success', description: 'deployed', logUrl: run().logUrl, environmentUrl: 'https://app.example.com' }],
      [own, { state: 'success', description: 'deployed again', logUrl: run().logUrl }],
    ]);
  });

  it('does nothing without deployments, or without a deployment to write on', async () => {
    const none = await DeployRecord.find(undefined, 'production', run(), new MemoryLogger());
    await none.start('d', {});
    await none.status('success', 'd');
    expect(none.id).toBeUndefined();
    const deployments = new InMemoryDeployments({ now: () => NOW });
    const spy = jest.spyOn(deployments, 'setStatus');
    await (await DeployRecord.find(deployments, 'production', run(), new MemoryLogger())).status('success', 'd');
    expect(spy).not.toHaveBeenCalled();
  });

  it('a refused create is a warning naming `deployments: write`, and no status follows', async () => {
    const deployments = new InMemoryDeployments({ now: () => NOW });
    deployments.failures.create = new Error('HTTP 403 Resource not accessible by integration');
    const logger = new MemoryLogger();
    const record = await DeployRecord.find(deployments, 'production', run(), logger);
    await expect(record.start('d', {})).resolves.toBeUndefined();
    await record.status('success', 'd');
    expect(record.id).toBeUndefined();
    expect(deployments.all()).toEqual([]);
    expect(logger.messages('warning')).toEqual([expect.stringMatching(/deployments: write.*HTTP 403/)]);
  });

  it('a refused status is a warning naming `deployments: write`, never a failure', async () => {
    const { deployments, own } = withRunDeployment();
    const logger = new MemoryLogger();
    const record = await DeployRecord.find(deployments, 'production', run(), logger);
    deployments.failures.setStatus = new Error('HTTP 403');
    await expect(record.start('d', {})).resolves.toBeUndefined();
    await expect(record.status('success', 'd')).resolves.toBeUndefined();
    const warnings = logger.messages('warning');
    expect(warnings).toHaveLength(2);
    for (const w of warnings) expect(w).toMatch(new RegExp(`deployment ${own}.*deployments: write.*HTTP 403`));
  });
});
