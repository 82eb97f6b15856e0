import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { GitHubApiError } from '../../src/github/github-api-error.js';
import { createGitHubClient } from '../../src/github/github-client.js';
import { GitHubApiServer, useGitHubApiServer } from '../support/github-api-server.js';
import { rejection, ROUTES, testClient } from './github-test-client.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const CONTENTS = ROUTES.contents.route;
const TEAM = { owner: 'acme', repo: 'personas', path: 'team.yml' };
const REF = { owner: 'acme', repo: 'personas', ref: 'refs/heads/persona-state', sha: '1a2b' };
const DISPATCH = { owner: 'acme', repo: 'personas', event_type: 'switch' };

const standIn = useGitHubApiServer({ 'acme/personas': { 'team.yml': 'name: Team\n' } });

describe('GitHub client: requests', () => {
  it('sends the token and a pipeline-personas/<version> user agent to the API root it was given', async () => {
    const { client } = testClient(standIn());
    const response = await client.request<{ type: string; name: string }>(CONTENTS, TEAM);
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({ type: 'file', name: 'team.yml' });
    expect(response.headers.etag).toMatch(/^W\/"/);
    const [sent] = standIn().requests;
    expect(sent).toMatchObject({ method: 'GET', path: '/repos/acme/personas/contents/team.yml' });
    expect(sent!.headers.authorization).toBe('token t0k3n');
    expect(sent!.headers['user-agent']).toMatch(new RegExp(`^pipeline-personas/${VERSION.replace(/\./g, '\\.')} `));
    expect(client).toMatchObject({ apiUrl: standIn().baseUrl, authenticated: true });
  });

  it('keeps the path of a GitHub Enterprise API root, with or without a trailing slash', async () => {
    standIn().queue({ status: 200, body: { ok: true } });
    const { client } = testClient(standIn(), { apiUrl: `${standIn().baseUrl}/api/v3/` });
    expect((await client.request(ROUTES.dispatch.route, DISPATCH)).data).toEqual({
      ok: true,
    });
    expect(client.apiUrl).toBe(`${standIn().baseUrl}/api/v3`);
    expect(standIn().requests[0]).toMatchObject({ method: 'POST', path: '/api/v3/repos/acme/personas/dispatches' });
    expect(JSON.parse(standIn().requests[0]!.body)).toEqual({ event_type: 'switch' });
  });

  it('answers a 304 to a conditional request as a response, not an error', async () => {
    const { client } = testClient(standIn());
    const { headers } = await client.request(CONTENTS, TEAM);
    const again = await client.request(CONTENTS, { ...TEAM, headers: { 'if-none-match': headers.etag } });
    expect(again.status).toBe(304);
  });

  it('sends no authorization without a token', async () => {
    const { client } = testClient(standIn(), { token: undefined });
    await client.request(CONTENTS, TEAM);
    expect(client.authenticated).toBe(false);
    expect(standIn().requests[0]!.headers.authorization).toBeUndefined();
  });

  it('defaults to https://api.github.com', () => {
    const client = createGitHubClient();
    expect(client.apiUrl).toBe('https://api.github.com');
  });
});

describe('GitHub client: errors carry a code', () => {
  const put = { ...TEAM, message: 'update', content: 'bmFtZTogVGVhbQo=', sha: '1a2b' };
  it.each([
    [
      CONTENTS,
      TEAM,
      401,
      {},
      'unauthorized',
      'GitHub API GET /repos/acme/personas/contents/team.yml was refused (HTTP 401): the token is missing, expired or invalid',
    ],
    [
      CONTENTS,
      TEAM,
      403,
      { message: 'Resource not accessible by integration' },
      'forbidden',
      'GitHub API GET /repos/acme/personas/contents/team.yml was refused (HTTP 403): the token needs the "contents: read" permission (GitHub says: Resource not accessible by integration)',
    ],
    [
      CONTENTS,
      TEAM,
      404,
      {},
      'not-found',
      'GitHub API GET /repos/acme/personas/contents/team.yml was not found (HTTP 404): check the names, and that the token can see them ("contents: read")',
    ],
    [
      ROUTES.putContents.route,
      put,
      409,
      { message: 'is at 3c4d but expected 1a2b' },
      'conflict',
      'conflicts with the current state (HTTP 409): is at 3c4d but expected 1a2b',
    ],
    [
      ROUTES.createRef.route,
      REF,
      422,
      { message: 'Reference already exists' },
      'conflict',
      'conflicts with the current state (HTTP 422): Reference already exists',
    ],
    [ROUTES.putContents.route, put, 422, { message: 'Validation Failed' }, 'rejected', 'was rejected (HTTP 422): Validation Failed'],
    [ROUTES.dispatch.route, DISPATCH, 422, { message: 'Invalid request' }, 'rejected', 'was rejected (HTTP 422): Invalid request'],
  ])('%s %j, HTTP %i %j: %s, not retried', async (route, params, status, body, code, message) => {
    standIn().queue({ status, body });
    const { client, waits } = testClient(standIn());
    const error = await rejection(client.request(route, params, { permission: 'contents: read' }));
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ code, status, attempts: 1, transient: false });
    expect((error as Error).message).toContain(message);
    expect(standIn().requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('is a ConfigurationError (an annotation without a stack), named by the caller, carrying the permission', async () => {
    standIn().queue({ status: 403, body: { message: 'Resource not accessible by integration' } });
    const { client } = testClient(standIn());
    const error = await rejection(client.request(CONTENTS, TEAM, { what: 'the persona state', permission: 'contents: write' }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ permission: 'contents: write', diagnostics: [{ message: expect.stringMatching(/^the persona state was refused/) }] });
    expect((error as Error).message).toContain('the token needs the "contents: write" permission');
  });

  it('counts a closed port as unreachable, naming the network error', async () => {
    const dead = await GitHubApiServer.start();
    await dead.close();
    const { client, waits } = testClient(dead);
    const error = await rejection(client.request(CONTENTS, TEAM));
    expect(error).toMatchObject({ code: 'unreachable', attempts: 4, transient: true });
    expect((error as GitHubApiError).status).toBeUndefined();
    expect((error as GitHubApiError).reason).toMatch(/ECONNREFUSED.* after 4 attempts$/);
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('gives every attempt a timeout: a server that never answers is unreachable', async () => {
    standIn().queue({ status: 200, hang: true }, 2);
    const { client, waits } = testClient(standIn(), { timeoutMs: 50, retries: 1 });
    const started = Date.now();
    const error = await rejection(client.request(CONTENTS, TEAM));
    expect(error).toMatchObject({ code: 'unreachable', reason: 'timed out after 50 ms after 2 attempts', attempts: 2 });
    expect(standIn().requests).toHaveLength(2);
    expect(waits).toEqual([1000]);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
