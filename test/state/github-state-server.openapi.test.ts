import { readFileSync } from 'node:fs';
import { createGitHubClient } from '../../src/github/github-client.js';
import { type RecordedRequest, useGitHubApiServer } from '../support/github-api-server.js';
import { bump, OWNER, REPO, seed, stateAt, testStore, TOKEN } from './branch-state-store.fixtures.js';

/*
 * Every request the branch store (and the dispatch client) sends to the
 * stand-in, and every answer the stand-in gives, checked against GitHub's
 * own OpenAPI description (@octokit/openapi): the route and method exist,
 * the status is documented for them, the request body fits the documented
 * request schema (no unknown fields), and the JSON answer fits the
 * documented response schema.
 */

interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}
type Content = Record<string, { schema: Schema }>;
interface Operation {
  requestBody?: { content: Content };
  responses: Record<string, { $ref?: string; content?: Content }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, { content?: Content }> };
}

const api = JSON.parse(readFileSync(new URL('../../node_modules/@octokit/openapi/generated/api.github.com.json', import.meta.url), 'utf8')) as OpenApi;

/**
 * Where `value` breaks `schema`: missing required properties, unexpected
 * nulls, wrong types; with `strict` (request bodies) also properties the
 * schema does not name (GitHub would ignore them silently: a typo).
 */
function problems(schema: Schema, value: unknown, at = '$', strict = false): string[] {
  while (schema.$ref) schema = api.components.schemas[schema.$ref.replace('#/components/schemas/', '')]!;
  if (value === null) return schema.nullable ? [] : [`${at} is null`];
  if (schema.allOf) return schema.allOf.flatMap((part) => problems(part, value, at, strict));
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.some((alt) => problems(alt, value, at, strict).length === 0) ? [] : [`${at} matches no alternative`];
  if (schema.type === 'array')
    return Array.isArray(value) ? value.flatMap((item, i) => problems(schema.items ?? {}, item, `${at}[${i}]`, strict)) : [`${at} is not an array`];
  if (schema.type === 'object' || schema.properties) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${at} is not an object`];
    const record = value as Record<string, unknown>;
    const named = schema.properties ?? {};
    const closed = schema.additionalProperties === false || (strict && schema.additionalProperties === undefined && Object.keys(named).length > 0);
    const missing = (schema.required ?? []).filter((key) => !(key in record)).map((key) => `${at}.${key} is missing`);
    const unknown = closed
      ? Object.keys(record)
          .filter((key) => !(key in named))
          .map((key) => `${at}.${key} is not allowed`)
      : [];
    const nested = Object.entries(named)
      .filter(([key]) => key in record)
      .flatMap(([key, sub]) => problems(sub, record[key], `${at}.${key}`, strict));
    return [...missing, ...unknown, ...nested];
  }
  if (schema.type === 'string' && typeof value !== 'string') return [`${at} is not a string`];
  if (schema.type === 'integer' && !Number.isInteger(value)) return [`${at} is not an integer`];
  if (schema.type === 'boolean' && typeof value !== 'boolean') return [`${at} is not a boolean`];
  return [];
}

/** The documented routes the stand-in serves; `{path}` and `{ref}` may hold slashes. */
const TEMPLATES = [
  '/repos/{owner}/{repo}',
  '/repos/{owner}/{repo}/contents/{path}',
  '/repos/{owner}/{repo}/git/blobs',
  '/repos/{owner}/{repo}/git/trees',
  '/repos/{owner}/{repo}/git/commits',
  '/repos/{owner}/{repo}/git/refs',
  '/repos/{owner}/{repo}/git/ref/{ref}',
  '/repos/{owner}/{repo}/commits',
  '/repos/{owner}/{repo}/dispatches',
  '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
  '/repos/{owner}/{repo}/statuses/{sha}',
];

function templateOf(path: string): string | undefined {
  return TEMPLATES.find((template) => new RegExp(`^${template.replace(/\{(path|ref)\}/g, '.+').replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
}

/** Every way `request` and its answer differ from GitHub's description. */
function check(request: RecordedRequest): string[] {
  const line = `${request.method} ${request.path} → ${request.status}`;
  const template = templateOf(request.path);
  const operation = template ? api.paths[template]?.[request.method.toLowerCase()] : undefined;
  if (!operation) return [`${line}: not a documented route`];
  const out: string[] = [];
  const requestSchema = operation.requestBody?.content['application/json']?.schema;
  if (request.body)
    out.push(...(requestSchema ? problems(requestSchema, JSON.parse(request.body), 'request', true) : ['request has a body GitHub does not take']));
  let response = operation.responses[String(request.status)];
  if (!response) return [...out, `status ${request.status} is not documented`].map((p) => `${line}: ${p}`);
  if (response.$ref) response = api.components.responses[response.$ref.replace('#/components/responses/', '')]!;
  const responseSchema = response.content?.['application/json']?.schema;
  if (request.reply !== undefined) out.push(...(responseSchema ? problems(responseSchema, request.reply, 'response') : ['a body where GitHub sends none']));
  else if (responseSchema && request.status !== 200) out.push('no body where GitHub sends one');
  return out.map((p) => `${line}: ${p}`);
}

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
