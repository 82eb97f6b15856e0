import { githubDeployments } from '../../src/deployments/github-deployments.js';
import { testClient } from '../github/github-test-client.js';
import { type RecordedRequest, useGitHubApiServer } from '../support/github-api-server.js';
import { check } from '../support/openapi-check.js';

/*
 * Every request githubDeployments sends to the stand-in, and every answer the
 * stand-in gives (deployments, statuses, pages, errors), checked against
 * GitHub's own OpenAPI description by test/support/openapi-check.ts.
 */

const OWNER = 'acme';
const REPO = 'app';
const SHA = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';
const NOW = new Date('2024-05-01T10:00:00.000Z');
const standIn = useGitHubApiServer({});
beforeEach(() => standIn().setRepoInfo(OWNER, REPO));

function seed(minutesAgo: number, statuses: Array<{ state: string; description?: string; logUrl?: string }>, creator?: string): number {
  const createdAt = new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
  return standIn().seedDeployment(OWNER, REPO, {
    environment: 'production',
    sha: SHA,
    ref: 'main',
    createdAt,
    ...(creator ? { creator } : {}),
    statuses: statuses.map((s) => ({ ...s, createdAt })),
  });
}

describe('the Deployments API of the stand-in speaks the documented API', () => {
  it('for everything githubDeployments sends and receives', async () => {
    const { client } = testClient(standIn());
    const deployments = githubDeployments(client, { owner: OWNER, repo: REPO });
    seed(300, [{ state: 'success' }, { state: 'inactive' }], 'octocat');
    for (let i = 120; i > 0; i--) seed(i, [{ state: 'failure', logUrl: `https://github.com/acme/app/actions/runs/${i}` }]);
    const created = await deployments.create({ ref: 'main', sha: SHA, environment: 'production', description: 'by persona', payload: { strategy: 'canary' } });
    await deployments.setStatus(created.id, {
      state: 'in_progress',
      description: 'deploying',
      logUrl: 'https://github.com/acme/app/actions/runs/9',
      environmentUrl: 'https://app.example.com',
    });
    await deployments.setStatus(created.id, { state: 'success', description: 'y'.repeat(300) });
    await deployments.findRunDeployment({ environment: 'production', sha: SHA, runId: '9' });
    await deployments.countSince('production', new Date(0), created.id);
    await deployments.lastSuccessful('production', created.id);
    await deployments.recordRollback(created.id, { target: { ref: 'main', sha: SHA }, logUrl: 'https://github.com/acme/app/actions/runs/9' });
    await deployments.rollbackHistory('production', { runId: '9' });
    const kinds = new Set(standIn().requests.map((r) => `${r.method} ${r.path.replace(/\d+/g, 'N')} ${r.status}`));
    expect([...kinds].sort()).toEqual([
      'GET /repos/acme/app/deployments 200',
      'GET /repos/acme/app/deployments/N/statuses 200',
      'POST /repos/acme/app/deployments 201',
      'POST /repos/acme/app/deployments/N/statuses 201',
    ]);
    expect(standIn().requests.some((r) => r.query.page === '2')).toBe(true);
    expect(standIn().requests.flatMap(check)).toEqual([]);
  });

  it('for a single deployment, a missing one, and the refusals GitHub documents', async () => {
    const { client } = testClient(standIn(), { retries: 0 });
    const id = seed(1, [{ state: 'success' }]);
    const repo = { owner: OWNER, repo: REPO };
    await client.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}', { ...repo, deployment_id: id });
    await client.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}', { ...repo, deployment_id: id + 99 }).catch(() => {});
    await client.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...repo, deployment_id: id + 99 }).catch(() => {});
    const tooLong = { ...repo, deployment_id: id, state: 'success', description: 'z'.repeat(141) };
    await client.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', tooLong).catch(() => {});
    await client.request('POST /repos/{owner}/{repo}/deployments', { ...repo, ref: 'no-such-branch' }).catch(() => {});
    expect(standIn().requests.map((r) => r.status)).toEqual([200, 404, 404, 422, 422]);
    expect(standIn().requests[3]!.reply).toMatchObject({ message: expect.stringMatching(/description is too long \(maximum is 140 characters\)/) });
    expect(standIn().requests.flatMap(check)).toEqual([]);
  });

  it('with a checker that notices a deployment missing fields, an unknown query parameter and a wrong state', () => {
    const request = (over: Partial<RecordedRequest>): RecordedRequest => ({
      method: 'GET',
      path: '/repos/o/r/deployments',
      query: {},
      headers: {},
      body: '',
      ...over,
    });
    expect(check(request({ query: { environment: 'p', state: 'x' }, status: 200, reply: [{ id: 1, sha: 's', ref: 'r' }] }))).toEqual([
      'GET /repos/o/r/deployments → 200: query state is not a documented parameter',
      ...'node_id task environment creator payload description statuses_url repository_url url created_at updated_at'
        .split(' ')
        .map((field) => `GET /repos/o/r/deployments → 200: response[0].${field} is missing`),
    ]);
    const reply = { message: 'Validation Failed', documentation_url: 'https://docs.github.com/rest' };
    const status = request({ method: 'POST', path: '/repos/o/r/deployments/1/statuses', body: JSON.stringify({ state: 'done' }), status: 422, reply });
    expect(check(status)).toEqual([
      'POST /repos/o/r/deployments/1/statuses → 422: request.state is not one of error, failure, inactive, in_progress, queued, pending, success',
    ]);
    const long = {
      id: 1,
      node_id: 'n',
      state: 'success',
      creator: null,
      description: 'd'.repeat(141),
      deployment_url: 'u',
      target_url: '',
      repository_url: 'u',
      url: 'u',
    };
    const answered = request({ method: 'GET', path: '/repos/o/r/deployments/1/statuses', status: 200, reply: [{ ...long, created_at: 't', updated_at: 't' }] });
    expect(check(answered)).toEqual(['GET /repos/o/r/deployments/1/statuses → 200: response[0].description is longer than 140']);
  });
});
