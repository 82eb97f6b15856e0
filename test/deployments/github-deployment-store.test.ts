import { testClient } from '../github/github-test-client.js';
import { useGitHubApiServer } from '../support/github-api-server.js';

/* The Deployments API of the GitHub stand-in behaves as GitHub documents it. */

const SHA = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';
const repo = { owner: 'acme', repo: 'app' };
const standIn = useGitHubApiServer({});
const seed = (environment: string, minute: number, extra: { sha?: string; transient?: boolean; state?: string } = {}) =>
  standIn().seedDeployment('acme', 'app', {
    environment,
    sha: extra.sha ?? SHA,
    ref: 'main',
    createdAt: `2024-05-01T10:${String(minute).padStart(2, '0')}:00Z`,
    ...(extra.transient ? { transient: true } : {}),
    statuses: extra.state ? [{ state: extra.state, createdAt: `2024-05-01T10:${String(minute).padStart(2, '0')}:30Z` }] : [],
  });

describe('the Deployments API stand-in', () => {
  it('lists newest first, filtered, in pages linked as GitHub links them', async () => {
    const ids = [0, 1, 2, 3, 4].map((minute) => seed('production', minute));
    seed('staging', 5);
    seed('production', 6, { sha: 'f'.repeat(40) });
    const { client } = testClient(standIn());
    const first = await client.request<Array<{ id: number }>>('GET /repos/{owner}/{repo}/deployments', {
      ...repo,
      environment: 'production',
      sha: SHA,
      per_page: 2,
    });
    expect(first.data.map((d) => d.id)).toEqual([ids[4], ids[3]]);
    expect(first.headers.link).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/app\/deployments\?environment=production&sha=a1b2\w+&per_page=2&page=2>; rel="next", <[^>]+page=3>; rel="last"$/,
    );
    const last = await client.request<Array<{ id: number }>>('GET /repos/{owner}/{repo}/deployments', {
      ...repo,
      environment: 'production',
      sha: SHA,
      per_page: 2,
      page: 3,
    });
    expect(last.data.map((d) => d.id)).toEqual([ids[0]]);
    expect(last.headers.link).not.toMatch(/rel="next"/);
    expect(last.headers.link).toMatch(/rel="prev"/);
  });

  it('marks older successful non-transient deployments of the environment inactive on a success', async () => {
    const older = seed('production', 0, { state: 'success' });
    const transient = seed('production', 1, { state: 'success', transient: true });
    const failed = seed('production', 2, { state: 'failure' });
    const elsewhere = seed('staging', 3, { state: 'success' });
    const newest = seed('production', 4);
    const { client } = testClient(standIn());
    await client.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...repo, deployment_id: newest, state: 'success' });
    const states = (id: number) =>
      standIn()
        .deploymentsOf('acme', 'app')
        .find((d) => d.id === id)!
        .statuses.map((s) => s.state);
    expect([older, transient, failed, elsewhere, newest].map(states)).toEqual([['success', 'inactive'], ['success'], ['failure'], ['success'], ['success']]);
    await client.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      ...repo,
      deployment_id: elsewhere,
      state: 'success',
      auto_inactive: false,
    });
    expect(states(elsewhere)).toEqual(['success', 'success']);
  });

  it('resolves a branch ref to its head, sets target_url from log_url, and forgets everything on reset', async () => {
    const head = standIn()
      .git('acme', 'app')
      .commitFiles('main', { 'a.txt': Buffer.from('a') }, 'one').sha;
    const { client } = testClient(standIn());
    const created = await client.request<{ id: number; sha: string; ref: string }>('POST /repos/{owner}/{repo}/deployments', {
      ...repo,
      ref: 'main',
      environment: 'qa',
    });
    expect(created.data).toMatchObject({ sha: head, ref: 'main' });
    const url = 'https://github.com/acme/app/actions/runs/3';
    const status = await client.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      ...repo,
      deployment_id: created.data.id,
      state: 'queued',
      log_url: url,
    });
    expect(status.data).toMatchObject({ log_url: url, target_url: url, environment: 'qa', performed_via_github_app: { slug: 'github-actions' } });
    standIn().reset();
    expect(standIn().deploymentsOf('acme', 'app')).toEqual([]);
  });
});
