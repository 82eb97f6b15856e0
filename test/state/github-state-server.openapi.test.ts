import { createGitHubClient } from '../../src/github/github-client.js';
import { type RecordedRequest, useGitHubApiServer } from '../support/github-api-server.js';
import { check } from '../support/openapi-check.js';
import { bump, OWNER, REPO, seed, stateAt, testStore, TOKEN } from './branch-state-store.fixtures.js';

/*
 * Every request the branch store (and the dispatch client) sends to the
 * stand-in, and every answer the stand-in gives, checked against GitHub's
 * own OpenAPI description (@octokit/openapi), by test/support/openapi-check.ts.
 */

const standIn = useGitHubApiServer({});
beforeEach(() => standIn().setRepoInfo(OWNER, REPO));

describe('the GitHub stand-in speaks the documented API', () => {
  it('for everything the branch store sends and receives: create, update, read, 304, history, races', async () => {
    const { store } = testStore(standIn());
    await expect(store.read()).resolves.toBeUndefined();
    await store.update(bump('a'));
    await store.update(bump('b'));
    const stale = (current: Parameters<ReturnType<typeof bump>>[0]) => {
      if (current?.revision === 2) seed(standIn(), stateAt(3));
      return bump('c')(current);
    };
    await store.update(stale);
    await store.history(10);
    const client = createGitHubClient({ apiUrl: standIn().baseUrl, token: TOKEN });
    await client.request('GET /repos/{owner}/{repo}', { owner: OWNER, repo: REPO });
    await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner: OWNER, repo: REPO, ref: 'heads/persona-state' });
    await client
      .request('POST /repos/{owner}/{repo}/git/refs', { owner: OWNER, repo: REPO, ref: 'refs/heads/persona-state', sha: 'a'.repeat(40) })
      .catch(() => {});
    const put = { owner: OWNER, repo: REPO, path: 'state.json', branch: 'persona-state', message: 'x', content: 'e30K' };
    await client.request('PUT /repos/{owner}/{repo}/contents/{path}', put).catch(() => {});
    const statuses = standIn().requests.map((r) => `${r.method} ${r.status}`);
    expect(statuses).toEqual(expect.arrayContaining(['GET 404', 'POST 201', 'PUT 200', 'PUT 409', 'PUT 422', 'POST 422', 'GET 200']));
    expect(standIn().requests.flatMap(check)).toEqual([]);
  });

  it('for conditional and raw reads, and a private repository', async () => {
    seed(standIn(), stateAt(1));
    const client = createGitHubClient({ apiUrl: standIn().baseUrl, token: TOKEN });
    const params = { owner: OWNER, repo: REPO, path: 'state.json', ref: 'persona-state' };
    const first = await client.request('GET /repos/{owner}/{repo}/contents/{path}', params);
    await client.request('GET /repos/{owner}/{repo}/contents/{path}', { ...params, headers: { 'if-none-match': first.headers.etag } });
    standIn().setRepoInfo(OWNER, REPO, { private: true });
    await client.request('GET /repos/{owner}/{repo}', { owner: OWNER, repo: REPO }).catch(() => {});
    expect(standIn().requests.map((r) => r.status)).toEqual([200, 304, 404]);
    expect(standIn().requests.flatMap(check)).toEqual([]);
  });

  it('for repository_dispatch and workflow_dispatch, which it records', async () => {
    const client = createGitHubClient({ apiUrl: standIn().baseUrl, token: TOKEN });
    const payload = { persona: 'security-first', reason: 'incident', correlation_id: 'c-1' };
    await client.request('POST /repos/{owner}/{repo}/dispatches', { owner: OWNER, repo: REPO, event_type: 'persona-switch', client_payload: payload });
    await client.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
      owner: OWNER,
      repo: REPO,
      workflow_id: 'persona-switch.yml',
      ref: 'main',
      inputs: { persona: 'security-first' },
    });
    expect(standIn().dispatches).toEqual([
      { repo: `${OWNER}/${REPO}`, kind: 'repository_dispatch', name: 'persona-switch', payload },
      { repo: `${OWNER}/${REPO}`, kind: 'workflow_dispatch', name: 'persona-switch.yml', payload: { ref: 'main', inputs: { persona: 'security-first' } } },
    ]);
    expect(standIn().requests.map((r) => r.status)).toEqual([204, 204]);
    expect(standIn().requests.flatMap(check)).toEqual([]);
  });

  it('for a commit status, which it records', async () => {
    const client = createGitHubClient({ apiUrl: standIn().baseUrl, token: TOKEN });
    const sha = 'f'.repeat(40);
    await client.request('POST /repos/{owner}/{repo}/statuses/{sha}', {
      owner: OWNER,
      repo: REPO,
      sha,
      state: 'success',
      context: 'persona-switch',
      description: 'applied (revision 1) c-1',
    });
    expect(standIn().statuses).toEqual([
      { repo: `${OWNER}/${REPO}`, sha, state: 'success', context: 'persona-switch', description: 'applied (revision 1) c-1' },
    ]);
    expect(standIn().requests.map((r) => r.status)).toEqual([201]);
    expect(standIn().requests.flatMap(check)).toEqual([]);
  });

  it('with a checker that notices a missing field, an unknown request field and an undocumented status', () => {
    const request = (over: Partial<RecordedRequest>): RecordedRequest => ({
      method: 'POST',
      path: '/repos/o/r/git/refs',
      query: {},
      headers: {},
      body: '',
      ...over,
    });
    expect(check(request({ body: JSON.stringify({ ref: 'refs/heads/x' }), status: 201, reply: { ref: 'refs/heads/x', url: 'u', object: {} } }))).toEqual([
      'POST /repos/o/r/git/refs → 201: request.sha is missing',
      'POST /repos/o/r/git/refs → 201: response.node_id is missing',
      'POST /repos/o/r/git/refs → 201: response.object.type is missing',
      'POST /repos/o/r/git/refs → 201: response.object.sha is missing',
      'POST /repos/o/r/git/refs → 201: response.object.url is missing',
    ]);
    expect(check(request({ path: '/repos/o/r/dispatches', body: JSON.stringify({ event_type: 'x', extra: 1 }), status: 204 }))).toEqual([
      'POST /repos/o/r/dispatches → 204: request.extra is not allowed',
    ]);
    expect(check(request({ path: '/repos/o/r/dispatches', body: '', status: 409 }))).toEqual([
      'POST /repos/o/r/dispatches → 409: status 409 is not documented',
    ]);
  });
});
