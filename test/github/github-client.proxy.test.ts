import { useGitHubApiServer } from '../support/github-api-server.js';
import { ConnectProxy } from './connect-proxy.js';

/*
 * The runner's proxy: `@actions/github` decides once, when it is imported,
 * whether `GITHUB_API_URL` goes through HTTP(S)_PROXY. Each proxy setting
 * therefore has its own test file (jest gives each file fresh modules and a
 * fresh process.env), and the environment is set before the first request.
 */

const API = 'http://api.github.test';
const standIn = useGitHubApiServer({ 'acme/personas': { 'team.yml': 'name: Team\n' } });
let proxy: ConnectProxy;

beforeAll(async () => {
  proxy = await ConnectProxy.start(Number(new URL(standIn().baseUrl).port));
  process.env.GITHUB_API_URL = API;
  process.env.HTTP_PROXY = proxy.url;
  delete process.env.http_proxy;
  delete process.env.NO_PROXY;
  delete process.env.no_proxy;
});
afterAll(() => proxy.close());

it('sends requests to GITHUB_API_URL through HTTP_PROXY', async () => {
  const { createGitHubClient } = await import('../../src/github/github-client.js');
  const client = createGitHubClient({ token: 't0k3n', apiUrl: API, retries: 0, timeoutMs: 5000 });
  const response = await client.request<{ name: string }>('GET /repos/{owner}/{repo}/contents/{path}', { owner: 'acme', repo: 'personas', path: 'team.yml' });
  expect(response.data.name).toBe('team.yml');
  expect(proxy.connects).toEqual(['api.github.test:80']);
  expect(standIn().requests[0]).toMatchObject({ path: '/repos/acme/personas/contents/team.yml', headers: { host: 'api.github.test' } });
});
