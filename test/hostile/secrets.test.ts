/**
 * Secrets through the committed dist/ bundles, with step debug logging on (RUNNER_DEBUG=1): the `token` (state
 * store, Deployments API), watch-monitor's webhook URL and secret, a Prometheus bearer token, basic-auth and header
 * credentials named by `token-env=` / `basic-auth-env=` / `header=`. Each is used (the stand-ins on 127.0.0.1 record
 * it) and never shows in stdout, stderr, GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, the summary or RUNNER_TEMP, also
 * when the endpoint refuses or fails; the webhook and metric credentials are masked (`::add-mask::`).
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serializeState } from '../../src/switching/parse-state.js';
import { stateAt } from '../state/branch-state-store.fixtures.js';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { startPrometheusStandIn, type PromAnswer, type PrometheusStandIn } from '../support/prometheus-stand-in.js';
import { runDist, type DistRun } from '../support/run-dist.js';
import { maskedIn, secretLeaks, STACK_LINE } from '../support/runner-files-check.js';
import { StandInHttpServer } from '../support/stand-in-http-server.js';

const TOKEN = 'ghs_SECRETtoken0123456789abcdefABCDEF';
const ENV_TOKEN = 'ghp_SECRETenvtoken9876543210zyxwvu';
const HOOK_SECRET = 'whsec-SECRET-4f1d2c';
const PROM_TOKEN = 'prom-SECRET-bearer-77';
const BASIC = 'grafana:SECRET-pass-word';
const TENANT = 'tenant-SECRET-42';
const DEBUG = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' };

const api = useGitHubApiServer({});
let ws: string;
beforeEach(() => {
  api().setRepoInfo('octo-org', 'app');
  ws = mkdtempSync(path.join(os.tmpdir(), 'hostile-secrets-'));
  mkdirSync(path.join(ws, '.github/personas'), { recursive: true });
  const alert = '  - { metric: error_rate, operator: ">", value: 0.01, severity: warning, action: alert }';
  writeFileSync(path.join(ws, '.github/personas/w.yml'), ['id: w', 'name: W', 'risk_tolerance: low', 'monitoring_thresholds:', alert, ''].join('\n'));
  writeFileSync(path.join(ws, 'r.jsonl'), '{"ts":0,"metric":"error_rate","value":0.5}\n');
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

/** Fails unless no secret (nor its base64 or URL-encoded form) shows anywhere the run left, and no stack trace either. */
function expectNoLeak(r: DistRun, secrets: string[]): void {
  const forms = secrets.flatMap((s) => [s, Buffer.from(s).toString('base64'), encodeURIComponent(s)]);
  expect(secretLeaks(r, [...new Set(forms)])).toEqual([]);
  expect(`${r.stdout}\n${r.stderr}`).not.toMatch(STACK_LINE);
}
const warnings = (r: DistRun) => r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
const errors = (r: DistRun) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);

describe('the token', () => {
  const seed = () =>
    api()
      .git('octo-org', 'app')
      .commitFiles('persona-state', { 'state.json': serializeState(stateAt(3, 'corr-3', 'stability')) }, 'seed');
  const resolve = () =>
    runDist('resolve-persona', {
      workspace: ws,
      inputs: { state: 'branch', token: TOKEN, cache: 'false', artifact: 'false' },
      env: { GITHUB_API_URL: api().baseUrl, GITHUB_TOKEN: ENV_TOKEN, ...DEBUG },
    });

  it('reads the branch store with the token, which shows nowhere, with debug logging on', async () => {
    seed();
    const r = await resolve();
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ id: 'stability', revision: '3' });
    expect(api().requests.map((q) => q.headers.authorization)).toContain(`Bearer ${TOKEN}`);
    expectNoLeak(r, [TOKEN, ENV_TOKEN]);
  });

  it.each<[string, () => void, RegExp]>([
    ['401', () => api().queue({ status: 401, body: { message: `Bad credentials for ${TOKEN}` } }), /\(HTTP 401\): the token is missing, expired or invalid$/],
    ['502 three times', () => api().queue({ status: 502, headers: { 'retry-after': '0' } }, 3), /unreachable \(HTTP 502 after 3 attempts\)$/],
    ['a 500 whose message echoes the token', () => api().queue({ status: 500, headers: { 'retry-after': '0' }, body: { message: TOKEN } }, 3), /unreachable/],
  ])('a store answering %s fails with one error that holds no token', async (_what, fault, message) => {
    seed();
    fault();
    const r = await resolve();
    expect(r.code).toBe(1);
    expect(errors(r)).toEqual([expect.stringMatching(message)]);
    expectNoLeak(r, [TOKEN, ENV_TOKEN]);
  });

  // An answer echoing the token would print it in the warning: every action masks its `token` input first (runAction).
  it('adapt-deploy: a Deployments API refusing the write (403) is a warning that holds no token', async () => {
    api().queue({ status: 403, body: { message: `Resource not accessible by integration (${TOKEN})` }, match: (q) => q.method === 'POST' }, 5);
    const r = await runDist('adapt-deploy', {
      workspace: ws,
      inputs: { token: TOKEN, environment: 'production', run: 'true', 'retry-delay': '10ms' },
      env: { GITHUB_API_URL: api().baseUrl, GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', GITHUB_RUN_ID: '1', ...DEBUG },
    });
    expect(r.code).toBe(0);
    expect(warnings(r)).toEqual([expect.stringMatching(/^cannot create a deployment of "production" \(the job needs `deployments: write`\)/)]);
    expectNoLeak(r, [TOKEN]);
  });
});

describe("watch-monitor's webhook", () => {
  let hook: StandInHttpServer;
  let received: Array<{ url: string; headers: Record<string, unknown>; body: string }>;
  let answer: number;
  beforeAll(async () => {
    hook = await StandInHttpServer.start((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answer).end(answer >= 400 ? `denied ${req.url ?? ''}` : 'ok');
      });
    });
  });
  afterAll(() => hook.close());
  beforeEach(() => {
    received = [];
    answer = 200;
  });
  const url = () => hook.url('/hooks/T0/B1/SECRETpath?key=SECRETquery');
  const watch = () =>
    runDist('watch-monitor', {
      workspace: ws,
      inputs: { default: 'w', metrics: 'file:r.jsonl', interval: '1s', duration: '1s', cache: 'false', webhook: url(), 'webhook-secret': HOOK_SECRET },
      env: DEBUG,
    });

  it('posts the signed alert; the URL and the secret are masked and show nowhere else', async () => {
    const r = await watch();
    expect(r.code).toBe(0);
    expect(received).toHaveLength(1);
    const [post] = received;
    expect(post!.url).toBe('/hooks/T0/B1/SECRETpath?key=SECRETquery');
    expect(post!.headers['x-persona-signature-256']).toBe(`sha256=${createHmac('sha256', HOOK_SECRET).update(post!.body).digest('hex')}`);
    expect(post!.body).not.toContain(HOOK_SECRET);
    expect(maskedIn(r)).toEqual(expect.arrayContaining([url(), HOOK_SECRET]));
    expectNoLeak(r, [url(), HOOK_SECRET, 'SECRETpath', 'SECRETquery']);
  });

  // A 5xx is retried after 1 s and 2 s of the step's real clock (3 s): too slow here; the in-process tests inject the sleep.
  it.each([[401], [403], [404]])('a webhook answering %i: one warning naming neither the URL nor the secret', async (status) => {
    answer = status;
    const r = await watch();
    expect(r.code).toBe(0);
    expect(warnings(r)).toContain(`the webhook did not take the alert of error_rate (HTTP ${status}, 1 attempts)`);
    expectNoLeak(r, [url(), HOOK_SECRET, 'SECRETpath', 'SECRETquery']);
  });
});

describe('metric source credentials', () => {
  let prom: PrometheusStandIn;
  let reply: PromAnswer;
  beforeAll(async () => {
    prom = await startPrometheusStandIn(() => reply);
  });
  afterAll(() => prom.close());
  beforeEach(() => {
    reply = { vector: [{ value: '0.001' }] };
  });
  const watch = (options: string) =>
    runDist('watch-monitor', {
      workspace: ws,
      inputs: { default: 'w', metrics: `prometheus:${prom.baseUrl} ${options}`, queries: 'error_rate: sum(rate(errors[1m]))', interval: '1s', duration: '1s' },
      env: { PROM_TOKEN, MIMIR_AUTH: BASIC, MIMIR_TENANT: TENANT, ...DEBUG },
    });
  const ALL_CREDENTIALS = [PROM_TOKEN, BASIC, 'SECRET-pass-word', TENANT];

  it.each<[string, string, Record<string, string>, string]>([
    ['a bearer token (token-env=)', 'token-env=PROM_TOKEN', { authorization: `Bearer ${PROM_TOKEN}` }, PROM_TOKEN],
    ['basic auth (basic-auth-env=)', 'basic-auth-env=MIMIR_AUTH', { authorization: `Basic ${Buffer.from(BASIC).toString('base64')}` }, BASIC],
    ['a tenant header (header=)', 'header=X-Scope-OrgID:MIMIR_TENANT', { 'x-scope-orgid': TENANT }, TENANT],
  ])('%s is sent, masked, and shows nowhere', async (_what, options, sent, masked) => {
    const r = await watch(options);
    expect(r.code).toBe(0);
    expect(r.outputs.verdict).toBe('pass');
    expect(prom.server.requests.at(-1)!.headers).toMatchObject(sent);
    expect(maskedIn(r)).toContain(masked);
    expectNoLeak(r, ALL_CREDENTIALS);
  });

  it.each<[string, PromAnswer]>([
    ['401', { status: 401, body: `unauthorized: Bearer ${PROM_TOKEN}` }],
    ['500', { status: 500, body: `upstream failed for ${PROM_TOKEN}` }],
    ['a PromQL error echoing the credentials', { error: `bad_data: ${PROM_TOKEN} ${TENANT}` }],
  ])('a Prometheus answering %s: a warning, no data, no credential in it', async (_what, failure) => {
    reply = failure;
    const r = await watch('token-env=PROM_TOKEN header=X-Scope-OrgID:MIMIR_TENANT');
    expect(r.code).toBe(0);
    expect(r.outputs.verdict).toBe('inconclusive');
    expect(warnings(r).some((w) => w.startsWith('metrics: '))).toBe(true);
    expect(maskedIn(r)).toEqual(expect.arrayContaining([PROM_TOKEN, TENANT]));
    expectNoLeak(r, ALL_CREDENTIALS);
  });
});
