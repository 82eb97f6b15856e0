/**
 * Faults in the middle of a pipeline, through the committed dist/ bundles against the REST stand-in on 127.0.0.1:
 * the `branch` state store failing at a stage (5xx, a Retry-After beyond the read budget, garbage, a refused token)
 * falls back to the hand-over (the `persona` input, or `$RUNNER_TEMP/persona/persona.json` of an earlier step) or
 * to the Actions-cache copy with a warning, or fails closed as README's "When the store cannot be read" says; the
 * Deployments API failing under adapt-deploy; a metric source failing mid-watch under each `on-no-data`.
 *
 * Retries are kept fast by the stand-in's answers, not by waiting: a 5xx carries `Retry-After: 0` (retried at once,
 * three attempts), and a "timeout" is a Retry-After beyond the 30 s budget, which ends the retries at once. A store
 * that truly hangs costs the bundle 10 s per attempt (no input shortens it), so that case is left to the in-process
 * tests with an injected clock (test/state/, test/hostile/remote.test.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serializeState } from '../../src/switching/parse-state.js';
import { stateAt } from '../state/branch-state-store.fixtures.js';
import { ActionsResultsServer } from '../support/actions-results-server.js';
import { type CannedReply, useGitHubApiServer } from '../support/github-api-server.js';
import { startPrometheusStandIn, type PromAnswer, type PrometheusStandIn } from '../support/prometheus-stand-in.js';
import { runDist, type DistRun, type RunDistOptions } from '../support/run-dist.js';
import { STACK_LINE } from '../support/runner-files-check.js';

const api = useGitHubApiServer({});
let ws: string;
let handover: string;
beforeAll(async () => {
  handover = (await runDist('resolve-persona', { inputs: { persona: 'balanced', artifact: 'false' } })).outputs.persona!;
});
beforeEach(() => {
  api().setRepoInfo('octo-org', 'app');
  api()
    .git('octo-org', 'app')
    .commitFiles('persona-state', { 'state.json': serializeState(stateAt(3, 'corr-3', 'stability')) }, 'seed');
  ws = mkdtempSync(path.join(os.tmpdir(), 'hostile-faults-'));
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

const env = (extra: Record<string, string> = {}) => ({ GITHUB_API_URL: api().baseUrl, GITHUB_RUN_ID: '42', ...extra });
const stage = (action: string, inputs: Record<string, string>, options: RunDistOptions = {}) =>
  runDist(action, { workspace: ws, ...options, inputs: { state: 'branch', token: 't', cache: 'false', ...inputs }, env: env(options.env) });
const of = (r: DistRun, level: string) => r.annotations.filter((a) => a.level === level).map((a) => a.message);
/** Fails unless the step failed closed: exit 1, exactly one error matching `message`, no stack trace, no output. */
function failedClosed(r: DistRun, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(of(r, 'error')).toEqual([expect.stringMatching(message)]);
  expect(`${r.stdout}\n${r.stderr}`).not.toMatch(STACK_LINE);
  expect(r.outputFile).toBe('');
}
const UNREACHABLE = /^the state store branch "persona-state" of octo-org\/app is unreachable/;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const outage = (reply: CannedReply, times = 3) => api().queue(reply, times);

describe('the state store failing at a stage with a hand-over', () => {
  it.each<[string, CannedReply, string]>([
    ['500 three times', { status: 500, headers: { 'retry-after': '0' } }, 'HTTP 500 after 3 attempts'],
    ['502 three times', { status: 502, headers: { 'retry-after': '0' } }, 'HTTP 502 after 3 attempts'],
    ['503 asking to wait a day (beyond the read budget: no waiting)', { status: 503, headers: { 'retry-after': '86400' } }, 'HTTP 503'],
  ])('%s: the stage uses the hand-over, with one warning', async (_what, reply, reason) => {
    outage(reply);
    const started = Date.now();
    const r = await stage('adapt-test', { persona: handover });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ 'persona-id': 'balanced', revision: '' });
    expect(of(r, 'warning')).toEqual([
      expect.stringMatching(new RegExp(`${UNREACHABLE.source} \\(${reason}\\); the stage uses the persona handed over \\(balanced\\)$`)),
    ]);
    expect(of(r, 'error')).toEqual([]);
  });

  it("the hand-over is resolve-persona's persona.json of an earlier step of the job: the run keeps revision 3", async () => {
    const runnerTemp = path.join(ws, 'runner-temp');
    const resolved = await runDist('resolve-persona', {
      workspace: ws,
      runnerTemp,
      inputs: { state: 'branch', token: 't', cache: 'false', artifact: 'false' },
      env: env(),
    });
    expect(resolved.outputs).toMatchObject({ id: 'stability', revision: '3' });
    outage({ status: 502, headers: { 'retry-after': '0' } });
    const r = await stage('adapt-test', {}, { runnerTemp });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ 'persona-id': 'stability', revision: '3' });
    expect(of(r, 'warning')).toEqual([expect.stringMatching(/; the stage uses the persona handed over \(stability\)$/)]);
  });

  it.each<[string, () => void, RegExp]>([
    [
      'a state.json that is not JSON (a proxy page)',
      () => api().queue({ status: 200, raw: Buffer.from('<html>502 Bad Gateway</html>') }),
      /^state\.json on branch "persona-state" of octo-org\/app:1:1/,
    ],
    ['a 401 (the token is refused)', () => api().queue({ status: 401 }), /\(HTTP 401\): the token is missing, expired or invalid$/],
    [
      'a private repository the token cannot see (404)',
      () => api().setRepoInfo('octo-org', 'app', { private: true, tokens: ['other'] }),
      /contents: read.*\(failing closed\)$/,
    ],
  ])('%s fails closed even with a hand-over: a freeze is never skipped', async (_what, fault, message) => {
    fault();
    const r = await stage('adapt-test', { persona: handover });
    failedClosed(r, message);
  });
});

describe('the state store failing with nothing to fall back on', () => {
  it('state-required: true (the default) fails closed with one clear error', async () => {
    outage({ status: 502, headers: { 'retry-after': '0' } });
    failedClosed(await stage('adapt-test', { default: 'balanced' }), new RegExp(`${UNREACHABLE.source} \\(HTTP 502 after 3 attempts\\)$`));
  });

  it('state-required: false warns and resolves default afresh', async () => {
    outage({ status: 502, headers: { 'retry-after': '0' } });
    const r = await stage('adapt-test', { default: 'security-first', 'state-required': 'false' });
    expect(r.code).toBe(0);
    expect(r.outputs['persona-id']).toBe('security-first');
    expect(of(r, 'warning')).toEqual([expect.stringMatching(UNREACHABLE)]);
  });

  it('the Actions-cache copy stands in (newest state kept), with its revision and age in the warning', async () => {
    const results = await ActionsResultsServer.start();
    try {
      const cacheEnv = { ACTIONS_RESULTS_URL: results.resultsUrl, ACTIONS_RUNTIME_TOKEN: results.runtimeToken, ACTIONS_CACHE_SERVICE_V2: 'True' };
      const runnerTemp = path.join(ws, '_temp');
      mkdirSync(runnerTemp);
      expect((await stage('adapt-test', { cache: 'true' }, { runnerTemp, env: cacheEnv })).outputs.revision).toBe('3');
      rmSync(runnerTemp, { recursive: true });
      mkdirSync(runnerTemp); // a later job
      outage({ status: 502, headers: { 'retry-after': '0' } });
      const r = await stage('adapt-test', { cache: 'true' }, { runnerTemp, env: cacheEnv });
      expect(r.code).toBe(0);
      expect(r.outputs).toMatchObject({ 'persona-id': 'stability', revision: '3' });
      expect(of(r, 'warning')).toEqual([
        expect.stringMatching(/using the last state this repository kept in the Actions cache \(revision 3, saved \d+s ago\)$/),
      ]);
    } finally {
      await results.close();
    }
  });
});

describe('the Deployments API failing under adapt-deploy', () => {
  const deployEnv = { GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', GITHUB_REF_NAME: 'main' };
  const limited = (risk: string) => {
    mkdirSync(path.join(ws, 'personas'), { recursive: true });
    writeFileSync(
      path.join(ws, 'personas/limited.yml'),
      `id: limited\nname: Limited\nrisk_tolerance: ${risk}\nconstraints:\n  - { parameter: deployment_frequency, operator: "<=", value: 2 }\n`,
    );
  };
  const deploy = (inputs: Record<string, string>) =>
    stage('adapt-deploy', { state: 'none', environment: 'production', run: 'touch ran', 'retry-delay': '10ms', ...inputs }, { env: deployEnv });
  const refuseReads = () =>
    api().queue(
      { status: 403, body: { message: 'Resource not accessible by integration' }, match: (q) => q.method === 'GET' && q.path.endsWith('/deployments') },
      5,
    );

  it('a write refused with a 500 is a warning; the deploy runs and succeeds', async () => {
    api().queue({ status: 500, match: (q) => q.method === 'POST' }, 5);
    const r = await deploy({ default: 'balanced' });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ outcome: 'succeeded', 'deployment-id': '' });
    expect(of(r, 'warning')).toEqual([expect.stringMatching(/^cannot create a deployment of "production" \(the job needs `deployments: write`\)/)]);
  });

  const COUNT_FAILED =
    'cannot count the deployments of environment "production": listing the deployments of the environment "production" in octo-org/app was refused (HTTP 403)';

  it('a count that fails under low risk blocks the deploy before anything runs: the block, then where the persona came from', async () => {
    limited('low');
    refuseReads();
    const r = await deploy({ default: 'limited', library: 'personas' });
    expect(r.code).toBe(1);
    expect(of(r, 'error')).toEqual([
      expect.stringMatching(new RegExp(`^deploy blocked \\(frequency\\): ${escape(COUNT_FAILED)}.*, so 2 a day cannot be shown to hold$`)),
      expect.stringMatching(/^The persona came from .* set the override-reason input/),
    ]);
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(STACK_LINE);
    expect(r.outputFile).toBe('');
    expect(existsSync(path.join(ws, 'ran'))).toBe(false);
  });

  it('a count that fails under high risk is a warning; the deploy runs', async () => {
    limited('high');
    refuseReads();
    const r = await deploy({ default: 'limited', library: 'personas' });
    expect(r.code).toBe(0);
    expect(r.outputs.outcome).toBe('succeeded');
    expect(of(r, 'warning')).toContainEqual(expect.stringMatching(new RegExp(`^deploy gate \\(frequency\\): ${escape(COUNT_FAILED)}.*the deploy goes on$`)));
    expect(existsSync(path.join(ws, 'ran'))).toBe(true);
  });
});

describe('a metric source failing mid-watch', () => {
  let prom: PrometheusStandIn;
  let answers: PromAnswer[];
  beforeAll(async () => {
    prom = await startPrometheusStandIn(() => answers.shift() ?? { status: 500, body: 'down' });
  });
  afterAll(() => prom.close());
  beforeEach(() => {
    answers = [{ vector: [{ value: '0.001' }] }];
    mkdirSync(path.join(ws, '.github/personas'), { recursive: true });
    const threshold = '  - { metric: error_rate, operator: ">", value: 0.01, severity: critical, action: fail }';
    writeFileSync(path.join(ws, '.github/personas/w.yml'), `id: w\nname: W\nrisk_tolerance: low\nmonitoring_thresholds:\n${threshold}\n`);
  });
  const watch = (onNoData: string) =>
    stage('watch-monitor', {
      state: 'none',
      default: 'w',
      metrics: `prometheus:${prom.baseUrl}`,
      queries: 'error_rate: sum(rate(errors[1m]))',
      interval: '1s',
      duration: '2s',
      'on-no-data': onNoData,
    });

  it.each<[string, number, string, string]>([
    ['fail', 1, 'fail', '[2/2] fail'],
    ['inconclusive', 0, 'inconclusive', '[2/2] inconclusive'],
    ['ignore', 0, 'pass', '[2/2] pass'],
  ])('on-no-data: %s — the first check reads, the second gets a 500 (threshold action fail)', async (onNoData, code, verdict, progress) => {
    const asked = prom.queries.length;
    const r = await watch(onNoData);
    expect(prom.queries.length - asked).toBe(2);
    expect(r.code).toBe(code);
    expect(of(r, 'error')).toEqual(code ? [expect.stringMatching(/^watch-monitor: error_rate > 0\.01 .*no data/)] : []);
    expect(r.outputs).toMatchObject({ verdict, checks: '2' });
    expect(r.stdout).toContain('[1/2] pass');
    expect(r.stdout).toContain(progress);
    expect(of(r, 'warning')).toContainEqual(
      expect.stringMatching(/^metrics: prometheus:http:\/\/127\.0\.0\.1:\d+\/: error_rate: Prometheus answered HTTP 500/),
    );
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(STACK_LINE);
  });

  it('the state store failing mid-watch: the watch keeps its persona with one warning and goes on', async () => {
    answers = [{ vector: [{ value: '0.001' }] }, { vector: [{ value: '0.001' }] }];
    api()
      .git('octo-org', 'app')
      .commitFiles('persona-state', { 'state.json': serializeState(stateAt(4, 'corr-4', 'w')) }, 'switch to w');
    const isRead = (q: { method: string; path: string }) => q.method === 'GET' && q.path.endsWith('/contents/state.json');
    // Every read after the stage's first (the request is recorded before the canned replies are matched).
    const later = (q: { method: string; path: string }) => isRead(q) && api().requests.filter(isRead).length > 1;
    api().queue({ status: 502, headers: { 'retry-after': '0' }, match: later }, 9);
    const r = await stage('watch-monitor', {
      default: '',
      metrics: `prometheus:${prom.baseUrl}`,
      queries: 'error_rate: sum(rate(errors[1m]))',
      interval: '1s',
      duration: '2s',
    });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ 'persona-id': 'w', revision: '4', verdict: 'pass', checks: '2', switches: '[]' });
    expect(api().requests.filter(isRead).length).toBeGreaterThan(3); // the store was re-read and failed at a check
    expect(of(r, 'warning')).toEqual([
      'the state store could not be re-read (the state store branch "persona-state" of octo-org/app is unreachable (HTTP 502 after 3 attempts)); the watch keeps persona w',
    ]);
    expect(of(r, 'error')).toEqual([]);
  });
});
