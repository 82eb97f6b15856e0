/**
 * Hostile inputs of adapt-deploy, through the committed bundle and the runner
 * protocol against the local REST stand-in: each is one clear error (exit 1,
 * an annotation naming the input, no stack trace, no outputs written) or,
 * where the value is legitimate data, accepted, shown escaped and never
 * executed; hostile Deployments API answers are warnings, never a crash.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { githubDeployments } from '../../src/deployments/github-deployments.js';
import { createGitHubClient } from '../../src/github/github-client.js';
import { runDeploy, SHA, useDeployWorkspace, writePersona } from '../e2e/adapt-deploy-fixtures.js';
import { runDist, type DistRun } from '../support/run-dist.js';

const ws = useDeployWorkspace('deploy-hostile-');
const { server, dir } = ws;

const deploy = (inputs: Record<string, string>) => runDeploy(ws, inputs);
function persona(id: string, risk: string, constraints: string[]): void {
  writePersona(dir(), id, risk, constraints);
}
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const closed = () => `{ parameter: deploy_window, operator: in, value: ["${WEEKDAYS[(new Date().getUTCDay() + 3) % 7]} 09:00-10:00"] }`;
const errors = (r: DistRun) => r.annotations.filter((a) => a.level === 'error');
const warnings = (r: DistRun) => r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
const pwned = () => ['pwned', 'pwned2'].filter((f) => existsSync(path.join(dir(), f)));
/** One clear error: exit 1, exactly one error annotation matching `message`, no stack trace, nothing written to the outputs, nothing ran. */
function refused(r: DistRun, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(errors(r).map((a) => a.message)).toEqual([expect.stringMatching(message)]);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.outputFile).toBe('');
  expect(existsSync(path.join(dir(), 'ran'))).toBe(false);
}
/** The hand-over of `balanced` from resolve-persona, with `constraints` added. */
async function handover(constraints: unknown[]): Promise<string> {
  const r = await runDist('resolve-persona', { inputs: { persona: 'balanced', artifact: 'false' } });
  const doc = JSON.parse(r.outputs.persona!) as { constraints: unknown[] };
  return JSON.stringify({ ...doc, constraints: [...doc.constraints, ...constraints] });
}

describe('hostile adapt-deploy inputs', () => {
  it('an override-reason with a line break and a workflow command is refused: no output, nothing forged', async () => {
    const r = await deploy({ default: 'balanced', run: 'touch ran', 'override-reason': 'ok\n::set-output name=gate::open\n::error::forged' });
    refused(r, /input "override-reason".*one line/);
    expect(r.stdout).not.toMatch(/^::set-output/m);
    expect(r.stdout).not.toMatch(/^::error::forged/m);
  });

  it('an override-reason over 500 characters is refused by name', async () => {
    refused(await deploy({ default: 'balanced', run: 'touch ran', 'override-reason': 'x'.repeat(501) }), /input "override-reason".*501.*500/);
  });

  it('an override-reason with $( ) and backticks is data: recorded, shown escaped, never executed', async () => {
    persona('windowed', 'low', [closed()]);
    const reason = 'hotfix $(touch pwned) `touch pwned2` | <b>x</b>';
    const r = await deploy({ default: 'windowed', library: 'personas', environment: 'production', run: 'touch ran', 'override-reason': reason });
    expect(r.code).toBe(0);
    expect(r.outputs.gate).toBe('overridden');
    expect(pwned()).toEqual([]);
    expect(r.summary).toContain('\\`touch pwned2\\` \\| &lt;b&gt;x&lt;/b&gt;');
    expect(r.summary).not.toContain('<b>x</b>');
    expect(server().deploymentsOf('octo-org', 'app')[0]!.description).toContain('$(touch pwned) `touch pwned2`');
  });

  it('a region with shell syntax reaches the command as data, never run', async () => {
    const region = '$(touch pwned)`touch pwned2`';
    const r = await deploy({ default: 'balanced', region, run: 'printf %s "$PERSONA_REGION" > region.txt' });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir(), 'region.txt'), 'utf8')).toBe(region);
    expect(r.outputs.region).toBe(region);
    expect(pwned()).toEqual([]);
  });

  it('a region the persona does not allow is a violation: under low risk the step fails before anything runs', async () => {
    persona('eu', 'low', ['{ parameter: region, operator: in, value: [eu-west-1, eu-central-1] }']);
    refused(await deploy({ default: 'eu', library: 'personas', region: 'us-east-1', run: 'touch ran' }), /region/);
    const ok = await deploy({ default: 'eu', library: 'personas', run: 'true' });
    expect(ok.outputs.region).toBe('eu-west-1');
  });

  it.each(['10y', '-5m', '8d', 'soon', '5m; rm -rf /'])('rollback-cooldown %j is refused by name', async (value) => {
    refused(await deploy({ default: 'balanced', run: 'touch ran', 'rollback-cooldown': value }), /input "rollback-cooldown"/);
  });

  it.each(['javascript:alert(1)', 'https://ok.example/ x', 'file:///etc/passwd'])('environment-url %j is refused by name', async (value) => {
    refused(await deploy({ default: 'balanced', run: 'touch ran', 'environment-url': value }), /input "environment-url".*not an http\(s\) URL/);
  });

  it('record-deployment: maybe is refused by name', async () => {
    refused(await deploy({ default: 'balanced', run: 'touch ran', 'record-deployment': 'maybe' }), /input "record-deployment"/);
  });

  it('a hand-over whose deploy_window is not a window is one clear error before anything runs', async () => {
    const doc = await handover([{ parameter: 'deploy_window', operator: 'in', value: ['whenever you like'], from: ['balanced'] }]);
    const r = await deploy({ persona: doc, run: 'touch ran' });
    expect(r.code).toBe(1);
    expect(
      errors(r)
        .map((a) => a.message)
        .join('\n'),
    ).toMatch(/deploy_window|window/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.outputFile).toBe('');
    expect(existsSync(path.join(dir(), 'ran'))).toBe(false);
  });

  it('a hand-over with a 100 000-character deploy window is refused quickly', async () => {
    const doc = await handover([{ parameter: 'deploy_window', operator: 'in', value: [`Mon ${'9'.repeat(100_000)}`], from: ['balanced'] }]);
    const start = Date.now();
    const r = await deploy({ persona: doc, run: 'touch ran' });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(Date.now() - start).toBeLessThan(2000);
    expect(existsSync(path.join(dir(), 'ran'))).toBe(false);
  });
});

describe('hostile Deployments API answers', () => {
  const list = (q: { method: string; path: string }) => q.method === 'GET' && q.path === '/repos/octo-org/app/deployments';

  it('a deployment without an id is skipped with a warning; the deploy goes on', async () => {
    server().queue({ status: 200, body: [{ sha: SHA, ref: 'main', environment: 'production', created_at: new Date().toISOString() }], match: list }, 5);
    const r = await deploy({ default: 'balanced', environment: 'production', run: 'touch ran' });
    expect(r.code).toBe(0);
    expect(warnings(r).join('\n')).toMatch(/1 deployment of an unexpected shape ignored/);
    expect(existsSync(path.join(dir(), 'ran'))).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("statuses that are an object: looking for the job's deployment warns, the deploy goes on", async () => {
    server().seedDeployment('octo-org', 'app', { environment: 'production', sha: SHA, ref: 'main', createdAt: new Date().toISOString(), statuses: [] });
    server().queue({ status: 200, body: { statuses: [] }, match: (q) => q.method === 'GET' && q.path.endsWith('/statuses') }, 5);
    const r = await deploy({ default: 'balanced', environment: 'production', run: 'touch ran' });
    expect(r.code).toBe(0);
    expect(warnings(r).join('\n')).toMatch(/answered with object where GitHub sends a list/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a deployments list that is not a list, with a frequency limit under low risk: blocked with a clear message', async () => {
    persona('limited', 'low', ['{ parameter: deployment_frequency, operator: "<=", value: 3 }']);
    server().queue({ status: 200, body: { total_count: 0 }, match: list }, 5);
    const r = await deploy({ default: 'limited', library: 'personas', environment: 'production', run: 'touch ran' });
    expect(r.code).toBe(1);
    expect(
      errors(r)
        .map((a) => a.message)
        .join('\n'),
    ).toMatch(/cannot count the deployments.*not a list|where GitHub sends a list/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dir(), 'ran'))).toBe(false);
  });

  it('a created deployment answered with garbage is a warning naming deployments: write; the deploy still runs', async () => {
    server().queue({ status: 201, body: { id: 'one', sha: 7 }, match: (q) => q.method === 'POST' && q.path === '/repos/octo-org/app/deployments' });
    const r = await deploy({ default: 'balanced', environment: 'production', run: 'touch ran' });
    expect(r.code).toBe(0);
    expect(warnings(r).join('\n')).toMatch(/cannot create a deployment.*deployments: write.*did not answer with a deployment/);
    expect(r.outputs['deployment-id']).toBe('');
    expect(existsSync(path.join(dir(), 'ran'))).toBe(true);
  });

  it('a stand-in that hangs: the Deployments client gives up after its per-attempt timeout (a short one injected in-process)', async () => {
    server().queue({ status: 200, hang: true, match: list });
    const client = createGitHubClient({ apiUrl: server().baseUrl, token: 't', timeoutMs: 200, retries: 0 });
    const start = Date.now();
    await expect(githubDeployments(client, { owner: 'octo-org', repo: 'app' }).countSince('production', new Date(0))).rejects.toThrow(/timed out/);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
