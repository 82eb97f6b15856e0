import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { githubDeployments } from '../../src/deployments/github-deployments.js';
import { GitHubApiError } from '../../src/github/github-api-error.js';
import { rejection, testClient } from '../github/github-test-client.js';
import { type GitHubApiServer, useGitHubApiServer } from '../support/github-api-server.js';
import { describeDeploymentsContract, NOW } from './deployments-contract.js';

const OWNER = 'acme';
const REPO = 'app';
const SHA = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';
const standIn = useGitHubApiServer({});

function setUp(server: GitHubApiServer, options: { maxDeployments?: number; concurrency?: number } = {}) {
  server.setRepoInfo(OWNER, REPO);
  server.deployments.now = () => NOW;
  const test = testClient(server);
  return { ...test, deployments: githubDeployments(test.client, { owner: OWNER, repo: REPO }, { logger: test.logger, ...options }) };
}

describeDeploymentsContract('githubDeployments over the stand-in', (options = {}) => {
  const server = standIn();
  const { deployments } = setUp(server, options);
  return {
    deployments,
    seed: (seed) => server.seedDeployment(OWNER, REPO, seed),
    statuses: (id) =>
      (server.deploymentsOf(OWNER, REPO).find((d) => d.id === id)?.statuses ?? []).map((s) => ({
        state: s.state,
        description: s.description,
        ...(s.logUrl ? { logUrl: s.logUrl } : {}),
      })),
  };
});

const seedAt = (server: GitHubApiServer, minutesAgo: number, state = 'failure') =>
  server.seedDeployment(OWNER, REPO, {
    environment: 'production',
    sha: SHA,
    ref: 'main',
    createdAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
    statuses: [{ state, createdAt: NOW.toISOString() }],
  });
const listing = (r: { method: string; path: string }) => r.method === 'GET' && r.path.endsWith('/deployments');
const statusReads = (r: { method: string; path: string }) => r.method === 'GET' && r.path.endsWith('/statuses');

describe('githubDeployments against GitHub', () => {
  it('names deployments: read when listing is refused', async () => {
    const { deployments } = setUp(standIn());
    standIn().queue({ status: 403, body: { message: 'Resource not accessible by integration' } });
    const error = await rejection(deployments.countSince('production', NOW));
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ code: 'forbidden', permission: 'deployments: read' });
    expect((error as Error).message).toMatch(/listing the deployments of the environment "production" in acme\/app was refused .*"deployments: read"/);
  });

  it('creates from the sha with the ref in the payload, and never repeats a POST that may have landed', async () => {
    const { deployments } = setUp(standIn());
    const created = await deployments.create({
      ref: 'main',
      sha: SHA,
      environment: 'production',
      description: 'go',
      payload: { strategy: 'rolling' },
      productionEnvironment: true,
    });
    expect(JSON.parse(standIn().requests[0]!.body)).toEqual({
      ref: SHA,
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      payload: { strategy: 'rolling', ref: 'main' },
      environment: 'production',
      description: 'go',
      production_environment: true,
    });
    expect(created).toMatchObject({ ref: 'main', sha: SHA });
    standIn().queue({ status: 502 });
    const error = await rejection(deployments.create({ ref: 'main', sha: SHA, environment: 'production', description: 'go', payload: {} }));
    expect(error).toMatchObject({ code: 'unreachable' });
    standIn().queue({ status: 502 });
    await expect(deployments.setStatus(created.id, { state: 'success', description: 'ok' })).rejects.toMatchObject({ code: 'unreachable' });
    expect(standIn().requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('refuses a 202 (a merge instead of a deployment) and an answer that is not a deployment', async () => {
    const { deployments } = setUp(standIn());
    const input = { ref: 'main', sha: SHA, environment: 'production', description: 'go', payload: {} };
    standIn().queue({ status: 202, body: { message: 'Auto-merged master into topic-branch on deployment.' } });
    await expect(deployments.create(input)).rejects.toThrow(/GitHub merged a branch instead of creating a deployment/);
    standIn().queue({ status: 201, body: { id: 'seven', message: 'x'.repeat(500) } });
    const error = await rejection(deployments.create(input));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/did not answer with a deployment: GitHub says "x{59}…"$/);
  });

  it('skips deployments of the wrong shape with a warning, never trusting them', async () => {
    const { deployments, logger } = setUp(standIn());
    const good = { id: 3, sha: SHA, ref: 'main', environment: 'production', created_at: NOW.toISOString(), payload: {} };
    const hostile = [{ ...good, id: undefined }, { ...good, id: '4' }, { ...good, sha: 42 }, { ...good, created_at: 'yesterday' }, 'junk', null, good];
    standIn().queue({ status: 200, body: hostile, match: listing });
    await expect(deployments.countSince('production', new Date(0))).resolves.toEqual({ count: 1, capped: false });
    expect(logger.messages('warning')).toEqual([
      'listing the deployments of the environment "production" in acme/app: 6 deployments of an unexpected shape ignored',
    ]);
  });

  it('refuses a list answer or a statuses answer that is not a list, with a clear message', async () => {
    const { deployments } = setUp(standIn());
    standIn().queue({ status: 200, body: { deployments: [] }, match: listing });
    await expect(deployments.lastSuccessful('production')).rejects.toThrow(
      'listing the deployments of the environment "production" in acme/app answered with object where GitHub sends a list: the answer was not used',
    );
    const id = seedAt(standIn(), 5, 'success');
    standIn().queue({ status: 200, body: { statuses: 'none' }, match: statusReads });
    const error = await rejection(deployments.rollbackHistory('production', { runId: '9' }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `reading the statuses of deployment ${id} in acme/app answered with object where GitHub sends a list: the answer was not used`,
    );
  });

  it('skips statuses of the wrong shape, so a hostile status cannot make a deployment known-good', async () => {
    const { deployments, logger } = setUp(standIn());
    seedAt(standIn(), 5, 'success');
    const status = { id: 1, state: 'success', description: '', created_at: NOW.toISOString() };
    standIn().queue({
      status: 200,
      body: [
        { ...status, id: -1 },
        { ...status, state: ['success'] },
        { ...status, description: 7 },
      ],
      match: statusReads,
    });
    await expect(deployments.lastSuccessful('production')).resolves.toBeUndefined();
    expect(logger.messages('warning')).toEqual([
      expect.stringMatching(/^reading the statuses of deployment \d+ in acme\/app: 3 statuses of an unexpected shape ignored$/),
    ]);
  });

  it('looks statuses up at most 4 at a time, first page of 100 only', async () => {
    const { deployments } = setUp(standIn());
    for (let i = 20; i > 0; i--) seedAt(standIn(), i, 'success');
    standIn().queue({ status: 200, body: [], delayMs: 20, match: statusReads }, 20);
    await expect(deployments.lastSuccessful('production')).resolves.toBeUndefined();
    const reads = standIn().requests.filter(statusReads);
    expect(reads).toHaveLength(20);
    expect(reads.every((r) => r.query.per_page === '100' && r.query.page === undefined)).toBe(true);
    expect(standIn().maxInFlight).toBe(4);
  });

  it('stops looking statuses up at the first known-good deployment', async () => {
    const { deployments } = setUp(standIn());
    for (let i = 20; i > 0; i--) seedAt(standIn(), i);
    const good = seedAt(standIn(), 0, 'success');
    await expect(deployments.lastSuccessful('production')).resolves.toMatchObject({ id: good });
    expect(standIn().requests.filter(statusReads)).toHaveLength(4);
  });

  it('follows pages only while GitHub links a next one, and reads at most maxDeployments', async () => {
    const { deployments } = setUp(standIn(), { maxDeployments: 250 });
    for (let i = 400; i > 0; i--) seedAt(standIn(), i);
    await expect(deployments.countSince('production', new Date(0))).resolves.toEqual({ count: 250, capped: true });
    expect(
      standIn()
        .requests.filter(listing)
        .map((r) => r.query.page),
    ).toEqual(['1', '2', '3']);
    standIn().requests.length = 0;
    standIn().queue({ status: 200, body: [], headers: { link: '<http://127.0.0.1/x?page=2>; rel="next"' }, match: listing });
    await expect(deployments.countSince('production', new Date(0))).resolves.toEqual({ count: 0, capped: false });
    expect(standIn().requests.filter(listing)).toHaveLength(1);
  });

  it('stops paging at the first deployment older than since', async () => {
    const { deployments } = setUp(standIn());
    for (let i = 300; i > 0; i--) seedAt(standIn(), 60 + i);
    for (let i = 5; i > 0; i--) seedAt(standIn(), i);
    await expect(deployments.countSince('production', new Date(NOW.getTime() - 3_600_000))).resolves.toEqual({ count: 5, capped: false });
    expect(
      standIn()
        .requests.filter(listing)
        .map((r) => r.query.page),
    ).toEqual(['1']);
  });

  it('refuses bad options and ids before any request', () => {
    const { client } = testClient(standIn());
    expect(() => githubDeployments(client, { owner: OWNER, repo: REPO }, { concurrency: 0 })).toThrow(RangeError);
    expect(() => githubDeployments(client, { owner: OWNER, repo: REPO }, { maxDeployments: 1.5 })).toThrow(RangeError);
    const deployments = githubDeployments(client, { owner: OWNER, repo: REPO });
    return expect(deployments.setStatus(Number.NaN, { state: 'success', description: '' })).rejects.toThrow(RangeError);
  });
});
