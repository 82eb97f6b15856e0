import { InMemoryDeployments } from '../../src/deployments/in-memory-deployments.js';
import { describeDeploymentsContract, NOW } from './deployments-contract.js';

describeDeploymentsContract('InMemoryDeployments', (options = {}) => {
  const deployments = new InMemoryDeployments({ now: () => NOW, ...options });
  return {
    deployments,
    seed: (seed) => deployments.seed(seed),
    statuses: (id) =>
      (deployments.all().find((d) => d.id === id)?.statuses ?? []).map((s) => ({
        state: s.state,
        description: s.description,
        ...(s.urls[0] ? { logUrl: s.urls[0] } : {}),
      })),
  };
});

describe('InMemoryDeployments as a test fake', () => {
  it('rejects a method set in failures, and only that one', async () => {
    const deployments = new InMemoryDeployments({ now: () => NOW });
    deployments.failures.countSince = new Error('listing refused');
    await expect(deployments.countSince('production', NOW)).rejects.toThrow('listing refused');
    await expect(deployments.lastSuccessful('production')).resolves.toBeUndefined();
  });

  it('keeps what create was given, the ref in the payload, and refuses a status on a deployment it does not hold', async () => {
    const deployments = new InMemoryDeployments({ now: () => NOW });
    const { id } = await deployments.create({
      ref: 'main',
      sha: 'abc',
      environment: 'production',
      description: 'd'.repeat(150),
      payload: { strategy: 'canary' },
    });
    expect(deployments.all()).toEqual([expect.objectContaining({ id, payload: { strategy: 'canary', ref: 'main' }, description: `${'d'.repeat(139)}…` })]);
    await expect(deployments.setStatus(id + 100, { state: 'success', description: '' })).rejects.toThrow(`deployment ${id + 100} does not exist`);
    await expect(deployments.setStatus(0, { state: 'success', description: '' })).rejects.toThrow(RangeError);
  });
});
