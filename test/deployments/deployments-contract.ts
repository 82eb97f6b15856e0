import type { Deployments } from '../../src/deployments/deployments.js';
import type { DeploymentSeed } from '../../src/deployments/in-memory-deployments.js';
import { isRollbackMarker } from '../../src/deployments/rollback-marker.js';

/** What a {@link describeDeploymentsContract} run needs of one implementation. */
export interface DeploymentsHarness {
  deployments: Deployments;
  /** Adds a deployment with its statuses (oldest first); returns its id. */
  seed(seed: DeploymentSeed): number;
  /** The statuses on deployment `id`, oldest first, as stored. */
  statuses(id: number): Array<{ state: string; description: string; logUrl?: string }>;
}

/** Makes a fresh harness whose clock reads {@link NOW}. */
export type MakeHarness = (options?: { maxDeployments?: number }) => DeploymentsHarness;

/** The moment every harness clock reads (the GitHub test client's too). */
export const NOW = new Date('2024-05-01T10:00:00.000Z');
const SHA = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';
const OTHER_SHA = 'ffffffffffffffffffffffffffffffffffffffff';
const RUNS = 'https://github.com/acme/app/actions/runs';
const hoursAgo = (hours: number): string => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

/** A deployment of `production`, `SHA`, `main` created `hours` ago, with `statuses` (oldest first; times default to the creation time). */
function at(hours: number, statuses: Array<Partial<NonNullable<DeploymentSeed['statuses']>[number]>> = [], over: Partial<DeploymentSeed> = {}): DeploymentSeed {
  const createdAt = hoursAgo(hours);
  return { environment: 'production', sha: SHA, ref: 'main', createdAt, ...over, statuses: statuses.map((s) => ({ state: 'success', createdAt, ...s })) };
}

/**
 * The behaviour every {@link Deployments} implementation shares, run against
 * the in-memory one and against GitHub's over the REST stand-in.
 */
export function describeDeploymentsContract(name: string, make: MakeHarness): void {
  describe(`${name}: the Deployments contract`, () => {
    it("finds the run's deployment by its status URL, and only that one", async () => {
      const h = make();
      h.seed(at(1, [{ state: 'in_progress', logUrl: `${RUNS}/5` }], { sha: OTHER_SHA }));
      h.seed(at(1, [{ state: 'in_progress', logUrl: `${RUNS}/5` }], { environment: 'staging' }));
      const ours = h.seed(at(0.5, [{ state: 'queued' }, { state: 'in_progress', logUrl: `${RUNS}/12/job/7` }], { ref: 'release' }));
      h.seed(at(0.2, [{ state: 'in_progress', logUrl: `${RUNS}/120` }]));
      const found = await h.deployments.findRunDeployment({ environment: 'production', sha: SHA, runId: '12' });
      expect(found).toEqual({ id: ours, ref: 'release', sha: SHA, environment: 'production', createdAt: expect.any(String) });
      expect(Date.parse(found!.createdAt)).toBe(Date.parse(hoursAgo(0.5)));
      await expect(h.deployments.findRunDeployment({ environment: 'production', sha: SHA, runId: '1' })).resolves.toBeUndefined();
      await expect(h.deployments.findRunDeployment({ environment: 'production', sha: SHA, runId: '5' })).resolves.toBeUndefined();
      await expect(h.deployments.findRunDeployment({ environment: 'production', sha: SHA, runId: '12/../5' })).rejects.toThrow(/not a GitHub run id/);
    });

    it('creates a deployment and records its statuses in order, descriptions cut to 140', async () => {
      const h = make();
      const created = await h.deployments.create({
        ref: 'main',
        sha: SHA,
        environment: 'staging',
        description: 'deploy by persona',
        payload: { strategy: 'canary' },
      });
      expect(created).toMatchObject({ ref: 'main', sha: SHA, environment: 'staging' });
      expect(Date.parse(created.createdAt)).toBe(NOW.getTime());
      await h.deployments.setStatus(created.id, { state: 'in_progress', description: 'deploying', logUrl: `${RUNS}/77` });
      await h.deployments.setStatus(created.id, { state: 'success', description: 'x'.repeat(200), logUrl: `${RUNS}/77` });
      const statuses = h.statuses(created.id);
      expect(statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
      expect(statuses[0]).toMatchObject({ description: 'deploying', logUrl: `${RUNS}/77` });
      expect(statuses[1]!.description).toBe(`${'x'.repeat(139)}…`);
      await expect(h.deployments.findRunDeployment({ environment: 'staging', sha: SHA, runId: '77' })).resolves.toMatchObject({ id: created.id });
    });

    it('counts the deployments of the last 24 hours, except the one excluded', async () => {
      const h = make();
      h.seed(at(25));
      const inside = h.seed(at(23));
      h.seed(at(2, [], { environment: 'staging' }));
      const own = h.seed(at(0.1));
      const since = new Date(NOW.getTime() - 24 * 3_600_000);
      await expect(h.deployments.countSince('production', since)).resolves.toEqual({ count: 2, capped: false });
      await expect(h.deployments.countSince('production', since, own)).resolves.toEqual({ count: 1, capped: false });
      await expect(h.deployments.countSince('production', new Date(Date.parse(hoursAgo(23))), own)).resolves.toEqual({ count: 1, capped: false });
      await expect(h.deployments.countSince('production', new Date(Date.parse(hoursAgo(23)) + 1), inside)).resolves.toEqual({ count: 1, capped: false });
      await expect(h.deployments.countSince('preview', since)).resolves.toEqual({ count: 0, capped: false });
    });

    it('counts past one page, and stops at maxDeployments with capped', async () => {
      const seedMany = (h: DeploymentsHarness): void => {
        h.seed(at(30));
        for (let i = 230; i > 0; i--) h.seed(at(i / 60));
      };
      const all = make();
      seedMany(all);
      const since = new Date(NOW.getTime() - 24 * 3_600_000);
      await expect(all.deployments.countSince('production', since)).resolves.toEqual({ count: 230, capped: false });
      const few = make({ maxDeployments: 150 });
      seedMany(few);
      await expect(few.deployments.countSince('production', since)).resolves.toEqual({ count: 150, capped: true });
    });

    it('finds the last successful deployment: inactive after success counts, failures, rollbacks and the excluded one do not', async () => {
      const h = make();
      await expect(h.deployments.lastSuccessful('production')).resolves.toBeUndefined();
      const good = h.seed(at(5, [{ state: 'in_progress' }, { state: 'success' }, { state: 'inactive' }], { ref: 'v1', sha: OTHER_SHA }));
      h.seed(at(4, [{ state: 'in_progress' }, { state: 'failure' }]));
      h.seed(at(3, [{ state: 'success' }, { state: 'failure', description: 'Rolled back to ffffffffffff (v1) by pipeline-personas' }]));
      h.seed(at(2.5, [{ state: 'success' }], { environment: 'staging' }));
      h.seed(at(2, [{ state: 'queued' }]));
      const excluded = h.seed(at(1, [{ state: 'success' }]));
      await expect(h.deployments.lastSuccessful('production', excluded)).resolves.toMatchObject({
        id: good,
        ref: 'v1',
        sha: OTHER_SHA,
        environment: 'production',
      });
      await expect(h.deployments.lastSuccessful('production')).resolves.toMatchObject({ id: excluded, ref: 'main', sha: SHA });
      await expect(h.deployments.lastSuccessful('preview')).resolves.toBeUndefined();
    });

    it('marks the older successful deployment inactive on a new success, and still counts it as known-good', async () => {
      const h = make();
      const older = await h.deployments.create({ ref: 'v1', sha: OTHER_SHA, environment: 'production', description: 'one', payload: {} });
      await h.deployments.setStatus(older.id, { state: 'success', description: 'done' });
      const newer = await h.deployments.create({ ref: 'v2', sha: SHA, environment: 'production', description: 'two', payload: {} });
      await h.deployments.setStatus(newer.id, { state: 'success', description: 'done' });
      expect(h.statuses(older.id).map((s) => s.state)).toEqual(['success', 'inactive']);
      await expect(h.deployments.lastSuccessful('production', newer.id)).resolves.toMatchObject({ id: older.id, ref: 'v1', sha: OTHER_SHA });
    });

    it('reads the rollback history: the newest marker, and the markers of this run only', async () => {
      const h = make();
      await expect(h.deployments.rollbackHistory('production', { runId: '12' })).resolves.toEqual({ thisRun: 0 });
      const marker = (hours: number, run: number) => ({
        state: 'failure' as const,
        createdAt: hoursAgo(hours),
        description: 'Rolled back by pipeline-personas',
        logUrl: `${RUNS}/${run}`,
      });
      h.seed(at(3, [{ state: 'success' }, marker(2, 12)]));
      h.seed(at(2, [{ state: 'failure', logUrl: `${RUNS}/12` }, marker(0.5, 7)]));
      h.seed(at(1, [marker(0.2, 120)], { environment: 'staging' }));
      const history = await h.deployments.rollbackHistory('production', { runId: '12' });
      expect(history).toEqual({ lastRollbackAt: new Date(hoursAgo(0.5)), thisRun: 1 });
      await expect(h.deployments.rollbackHistory('production', { runId: '8' })).resolves.toEqual({ lastRollbackAt: new Date(hoursAgo(0.5)), thisRun: 0 });
    });

    it('records a rollback as a recognisable marker status', async () => {
      const h = make();
      const deployment = await h.deployments.create({ ref: 'main', sha: SHA, environment: 'production', description: 'd', payload: {} });
      await h.deployments.recordRollback(deployment.id, { target: { ref: 'v1', sha: OTHER_SHA }, logUrl: `${RUNS}/33` });
      await h.deployments.recordRollback(deployment.id, { state: 'error' });
      const [withTarget, bare] = h.statuses(deployment.id);
      expect(withTarget).toMatchObject({ state: 'failure', description: 'Rolled back to ffffffffffff (v1) by pipeline-personas', logUrl: `${RUNS}/33` });
      expect(bare).toMatchObject({ state: 'error', description: 'Rolled back by pipeline-personas' });
      expect(isRollbackMarker(withTarget!.description) && isRollbackMarker(bare!.description)).toBe(true);
      await expect(h.deployments.rollbackHistory('production', { runId: '33' })).resolves.toEqual({ lastRollbackAt: NOW, thisRun: 1 });
    });
  });
}
