// adapt-deploy's committed dist/ bundle against the local REST stand-in's Deployments API: a deploy recorded as a
// deployment of the run's sha with statuses in_progress then success, the job's own deployment (made by GitHub for
// `environment:`) reused, and the deployment_frequency gate counted over the last 24 hours.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runDist, type DistRun } from '../support/run-dist.js';
import { RUN_URL, SHA, runDeploy, useDeployWorkspace, writePersona, errorsOf, expectBlocked, warningsOf } from './adapt-deploy-fixtures.js';

const OLD_SHA = 'fedcba9876543210fedcba9876543210fedcba98';
const ws = useDeployWorkspace('adapt-deploy-dep-');
const { server, dir } = ws;

const deploy = (inputs: Record<string, string>) => runDeploy(ws, { environment: 'production', ...inputs });
function persona(id: string, risk: string, constraints: string[]): void {
  writePersona(dir(), id, risk, constraints);
}
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Seeds `n` successful deployments of production in the last hours, and one 30 h ago (outside the 24 h counted). */
function seedRecent(n: number): void {
  server().seedDeployment('octo-org', 'app', {
    environment: 'production',
    sha: OLD_SHA,
    ref: 'main',
    createdAt: ago(30 * 60),
    statuses: [{ state: 'success', createdAt: ago(30 * 60 - 1) }],
  });
  for (let i = 0; i < n; i++)
    server().seedDeployment('octo-org', 'app', {
      environment: 'production',
      sha: OLD_SHA,
      ref: 'main',
      createdAt: ago(60 * (i + 1)),
      statuses: [{ state: 'success', createdAt: ago(60 * (i + 1) - 1) }],
    });
}
const errors = errorsOf;
const warnings = warningsOf;
const ran = () => existsSync(path.join(dir(), 'ran'));
const blocked = (r: DistRun, ...messages: RegExp[]): void => expectBlocked(r, dir(), 'ran', ...messages);
const limited = (risk: string) => persona('limited', risk, ['{ parameter: deployment_frequency, operator: "<=", value: 2 }']);

describe('adapt-deploy (dist): deployments', () => {
  it('records the deploy: a deployment of the sha, statuses in_progress then success, its id an output', async () => {
    const r = await deploy({ default: 'balanced', run: 'touch ran', 'environment-url': 'https://app.example' });
    expect(r.code).toBe(0);
    expect(ran()).toBe(true);
    const deployments = server().deploymentsOf('octo-org', 'app');
    expect(deployments).toHaveLength(1);
    const [d] = deployments;
    expect(d).toMatchObject({ sha: SHA, environment: 'production' });
    expect(d!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(d!.statuses.every((s) => s.logUrl === RUN_URL)).toBe(true);
    expect(d!.statuses.at(-1)!.environmentUrl).toBe('https://app.example');
    expect(r.outputs['deployment-id']).toBe(String(d!.id));
    const posts = server().requests.filter((q) => q.method === 'POST');
    expect(posts.map((q) => q.headers.authorization)).toEqual(posts.map(() => 'token deploy-token'));
  });

  it("reuses the job's own deployment (same run, environment and sha): statuses go to it, none is created", async () => {
    const own = server().seedDeployment('octo-org', 'app', {
      environment: 'production',
      sha: SHA,
      ref: 'main',
      createdAt: ago(1),
      statuses: [{ state: 'queued', createdAt: ago(1), logUrl: RUN_URL }],
    });
    const r = await deploy({ default: 'balanced', run: 'touch ran' });
    expect(r.code).toBe(0);
    const deployments = server().deploymentsOf('octo-org', 'app');
    expect(deployments.map((d) => d.id)).toEqual([own]);
    expect(deployments[0]!.statuses.map((s) => s.state)).toEqual(['queued', 'in_progress', 'success']);
    expect(r.outputs['deployment-id']).toBe(String(own));
    expect(server().requests.some((q) => q.method === 'POST' && q.path === '/repos/octo-org/app/deployments')).toBe(false);
  });

  /** A hand-over of balanced as a state switch set it: revision 4, correlation id dash-42. */
  async function switchedHandover(): Promise<string> {
    const handed = await runDist('resolve-persona', { inputs: { persona: 'balanced', artifact: 'false' } });
    expect(handed.code).toBe(0);
    return JSON.stringify({ ...(JSON.parse(handed.outputs.persona!) as Record<string, unknown>), source: 'state', revision: 4, correlation_id: 'dash-42' });
  }

  it('puts the persona, its state revision and the correlation id of the switch in the deployment payload', async () => {
    const r = await deploy({ persona: await switchedHandover(), run: 'touch ran' });
    expect(r.code).toBe(0);
    const [d] = server().deploymentsOf('octo-org', 'app');
    expect(d!.payload).toMatchObject({ persona: 'balanced', revision: 4, correlation_id: 'dash-42' });
  });

  it('shows the persona, its state revision and the switch under the summary heading', async () => {
    const r = await deploy({ persona: await switchedHandover(), run: 'touch ran' });
    expect(r.code).toBe(0);
    expect(r.summary).toMatch(/^## adapt-deploy: `balanced`\n\nPersona `balanced` · state revision 4 · switch `dash-42`\n/);
  });

  it('record-deployment: false counts but records nothing', async () => {
    const r = await deploy({ default: 'balanced', run: 'touch ran', 'record-deployment': 'false' });
    expect(r.code).toBe(0);
    expect(ran()).toBe(true);
    expect(server().deploymentsOf('octo-org', 'app')).toEqual([]);
    expect(r.outputs['deployment-id']).toBe('');
  });

  it('a failed deploy sets the failure status', async () => {
    persona('bold', 'high', ['{ parameter: strategy, operator: "=", value: rolling }']);
    const r = await deploy({ default: 'bold', library: 'personas', run: 'exit 4', 'no-retry-exit-codes': '4' });
    expect(r.code).toBe(1);
    expect(
      server()
        .deploymentsOf('octo-org', 'app')[0]!
        .statuses.map((s) => s.state),
    ).toEqual(['in_progress', 'failure']);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('adapt-deploy (dist): deployment frequency', () => {
  it('deployment_frequency <= 2 with 2 deployments in the last 24 h blocks under low risk, saying the count', async () => {
    limited('low');
    seedRecent(2);
    const r = await deploy({ default: 'limited', library: 'personas', run: 'touch ran' });
    blocked(r, /deploy blocked \(frequency\): 2 deployments in the last 24 h.*at most 2 a day/, /override-reason/);
    expect(server().deploymentsOf('octo-org', 'app')).toHaveLength(3);
  });

  it('with 1 deployment in the last 24 h (and one 30 h ago) it passes', async () => {
    limited('low');
    seedRecent(1);
    const r = await deploy({ default: 'limited', library: 'personas', run: 'touch ran' });
    expect(r.code).toBe(0);
    expect(ran()).toBe(true);
    expect(r.outputs.gate).toBe('open');
    expect(server().deploymentsOf('octo-org', 'app')).toHaveLength(3);
  });

  it('under high risk the exceeded limit warns and the deploy goes on', async () => {
    limited('high');
    seedRecent(2);
    const r = await deploy({ default: 'limited', library: 'personas', run: 'touch ran' });
    expect(r.code).toBe(0);
    expect(warnings(r).join('\n')).toMatch(/deploy gate \(frequency\): 2 deployments in the last 24 h/);
    expect(ran()).toBe(true);
  });

  it("high-velocity's >= 10 is a target: reported with no deployments, never a block", async () => {
    const r = await deploy({ default: 'high-velocity', run: 'touch ran' });
    expect(r.code).toBe(0);
    expect(ran()).toBe(true);
    expect(r.stdout).toMatch(/deploy gate \(frequency\): 0 deployments in the last 24 h.*not met yet/);
    expect(errors(r)).toEqual([]);
    expect(warnings(r).join('\n')).not.toMatch(/frequency/);
  });

  it('a 403 on listing deployments with an upper bound under low risk blocks, naming deployments: read', async () => {
    limited('low');
    server().queue({ status: 403, match: (q) => q.method === 'GET' && q.path === '/repos/octo-org/app/deployments' }, 10);
    const r = await deploy({ default: 'limited', library: 'personas', run: 'touch ran' });
    blocked(r, /deploy blocked \(frequency\): cannot count the deployments of environment "production"/, /deployments: read/);
  });

  it('without environment the limit cannot be counted: a warning, and the deploy goes on', async () => {
    limited('low');
    const r = await runDist('adapt-deploy', { inputs: { default: 'limited', library: 'personas', run: 'touch ran' }, workspace: dir() });
    expect(r.code).toBe(0);
    expect(warnings(r).join('\n')).toMatch(/deployment_frequency is not checked: set the `environment` input/);
    expect(ran()).toBe(true);
  });
});
