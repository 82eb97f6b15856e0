import { DeploymentsStandIn, type DeploymentListener } from '../../src/simulate/deployments-stand-in.js';
import type { RecordedRequest } from '../support/github-api-server.js';
import { check } from '../support/openapi-check.js';

const REPO = 'acme/app';
const SHA = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';

let standIn: DeploymentsStandIn;
let changes: Array<Parameters<DeploymentListener>[0]>;
let exchanges: RecordedRequest[];

beforeEach(async () => {
  changes = [];
  exchanges = [];
  standIn = new DeploymentsStandIn(REPO, SHA, (change) => changes.push(change));
  standIn.seed({
    sha: SHA,
    ref: 'main',
    environment: 'production',
    task: 'deploy',
    payload: { persona: 'balanced' },
    description: 'before the run',
    created_at: '2024-05-01T10:00:00.000Z',
    states: [{ state: 'success', at: '2024-05-01T10:01:00.000Z' }],
  });
  await standIn.start();
});
afterEach(() => standIn.stop());

/** Calls the stand-in and records the exchange for the OpenAPI check. */
async function call(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${standIn.url}${pathAndQuery}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const json = (await response.json()) as unknown;
  const url = new URL(pathAndQuery, 'http://x');
  exchanges.push({
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: {},
    body: body === undefined ? '' : JSON.stringify(body),
    status: response.status,
    reply: json,
  });
  return { status: response.status, json };
}

const base = `/repos/${REPO}/deployments`;

describe('DeploymentsStandIn', () => {
  it('listens on 127.0.0.1 and holds the seeded deployment', async () => {
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, json } = await call('GET', base);
    expect(status).toBe(200);
    expect(json).toEqual([expect.objectContaining({ id: 1, environment: 'production', payload: { persona: 'balanced' }, sha: SHA })]);
    const statuses = await call('GET', `${base}/1/statuses`);
    expect(statuses.json).toEqual([expect.objectContaining({ state: 'success', environment: 'production' })]);
  });

  it('creates a deployment and its statuses, and tells the listener', async () => {
    const created = await call('POST', base, { ref: 'main', environment: 'staging', payload: { correlation_id: 'c-1' }, description: 'by persona' });
    expect(created.status).toBe(201);
    const id = (created.json as { id: number }).id;
    expect(created.json).toMatchObject({ id: 2, ref: 'main', sha: SHA, environment: 'staging', payload: { correlation_id: 'c-1' }, description: 'by persona' });
    const byRef = await call('POST', base, { ref: SHA, environment: 'staging' });
    expect(byRef.json).toMatchObject({ sha: SHA, ref: SHA });

    expect((await call('POST', `${base}/${id}/statuses`, { state: 'in_progress', description: 'deploying' })).status).toBe(201);
    const done = await call('POST', `${base}/${id}/statuses`, { state: 'success', environment_url: 'https://staging.example' });
    expect(done.json).toMatchObject({ state: 'success', environment: 'staging', target_url: 'https://staging.example' });
    const listed = await call('GET', `${base}/${id}/statuses`);
    expect((listed.json as Array<{ state: string }>).map((s) => s.state)).toEqual(['success', 'in_progress']);
    expect(changes.map((c) => [c.kind, c.deployment.id, c.state])).toEqual([
      ['deployment', 2, undefined],
      ['deployment', 3, undefined],
      ['status', 2, 'in_progress'],
      ['status', 2, 'success'],
    ]);
  });

  it('lists deployments filtered by environment, newest first, paged', async () => {
    await call('POST', base, { ref: 'main', environment: 'staging' });
    await call('POST', base, { ref: 'main', environment: 'production' });
    await call('POST', base, { ref: 'main', environment: 'production' });
    const production = await call('GET', `${base}?environment=production`);
    expect((production.json as Array<{ id: number }>).map((d) => d.id)).toEqual([4, 3, 1]);
    const staging = await call('GET', `${base}?environment=staging`);
    expect((staging.json as Array<{ id: number }>).map((d) => d.id)).toEqual([2]);
    const page2 = await call('GET', `${base}?environment=production&per_page=2&page=2`);
    expect((page2.json as Array<{ id: number }>).map((d) => d.id)).toEqual([1]);
  });

  it('answers 404 for other paths and unknown deployments, and 400 for a bad body', async () => {
    expect((await call('GET', `/repos/${REPO}/contents/.github/persona-policy.yml`)).status).toBe(404);
    expect((await call('GET', `${base}/99`)).status).toBe(404);
    expect((await call('GET', `/repos/other/repo/deployments`)).status).toBe(404);
    const bad = await fetch(`${standIn.url}${base}`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    expect(standIn.deployments).toHaveLength(1);
    const repo = await call('GET', `/repos/${REPO}`);
    expect(repo.json).toMatchObject({ full_name: REPO, default_branch: 'main' });
  });

  it('speaks the documented API for deployments and statuses', async () => {
    const created = await call('POST', base, { ref: 'main', environment: 'production', payload: { strategy: 'canary' }, description: 'by persona' });
    const id = (created.json as { id: number }).id;
    await call('POST', `${base}/${id}/statuses`, {
      state: 'success',
      description: 'done',
      environment_url: 'https://example.com',
      log_url: 'https://example.com/log',
    });
    await call('GET', `${base}?environment=production`);
    await call('GET', `${base}/${id}`);
    await call('GET', `${base}/${id}/statuses`);
    expect(exchanges).toHaveLength(5);
    expect(exchanges.flatMap(check)).toEqual([]);
  });
});
