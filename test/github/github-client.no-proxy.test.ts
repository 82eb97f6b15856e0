import { useGitHubApiServer } from '../support/github-api-server.js';
import { ConnectProxy } from './connect-proxy.js';

/* NO_PROXY (see github-client.proxy.test.ts for why this is a file of its own). */

const standIn = useGitHubApiServer({ 'acme/personas': { 'team.yml': 'name: Team\n' } });
let proxy: ConnectProxy;

beforeAll(async () => {
  proxy = await ConnectProxy.start(Number(new URL(standIn().baseUrl).port));
  process.env.GITHUB_API_URL = standIn().baseUrl;
  process.env.HTTP_PROXY = proxy.url;
  process.env.NO_PROXY = '127.0.0.1';
  delete process.env.http_proxy;
  delete process.env.no_proxy;
});
afterAll(() => proxy.close());

it('reaches a GITHUB_API_URL named in NO_PROXY directly, with HTTP_PROXY set', async () => {
  const { createGitHubClient } = await import('../../src/github/github-client.js');
  const client = createGitHubClient({ token: 't0k3n', apiUrl: standIn().baseUrl, retries: 0, timeoutMs: 5000 });
  expect((await client.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: 'acme', repo: 'personas', path: 'team.yml' })).status).toBe(200);
  expect(standIn().requests).toHaveLength(1);
  expect(proxy.connects).toEqual([]);
});
