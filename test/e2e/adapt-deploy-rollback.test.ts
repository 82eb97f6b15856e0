// adapt-deploy's committed dist/ bundle: the rollback guardrails after a failed deploy of a low-risk persona, against
// the local REST stand-in. The rollback command gets the environment's last successful deployment as
// PERSONA_ROLLBACK_REF/SHA and the deployment gets the rollback marker; no known-good target, the cooldown (30 min by
// default) and once per run (a marker of this run, or this job's ledger in RUNNER_TEMP) refuse it and the step says why.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DistRun } from '../support/run-dist.js';
import { RUN_ID, RUN_URL, SERVER_URL, SHA, runDeploy, useDeployWorkspace } from './adapt-deploy-fixtures.js';

const GOOD_SHA = 'fedcba9876543210fedcba9876543210fedcba98';
const ws = useDeployWorkspace('adapt-deploy-rb-');
const { server, dir } = ws;
beforeEach(() => {
  mkdirSync(path.join(dir(), 'personas'));
  writeFileSync(
    path.join(dir(), 'personas', 'careful.yml'),
    'id: careful\nname: Careful\nrisk_tolerance: low\nconstraints:\n  - { parameter: strategy, operator: "=", value: rolling }\n',
  );
});

const ROLLBACK = 'printf "%s\\n" "$PERSONA_ROLLBACK_REF" "$PERSONA_ROLLBACK_SHA" > rollback.txt';
const deploy = (inputs: Record<string, string> = {}, runnerTemp?: string) =>
  runDeploy(ws, { default: 'careful', library: 'personas', run: 'exit 3', 'no-retry-exit-codes': '3', rollback: ROLLBACK, ...inputs }, { runnerTemp });
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MARKER = `Rolled back to ${GOOD_SHA.slice(0, 12)} (v1.1.0) by pipeline-personas`;
/** An earlier successful deployment of production (the known-good target), deployed `minutes` ago. */
const seedGood = (minutes = 120) =>
  server().seedDeployment('octo-org', 'app', {
    environment: 'production',
    sha: GOOD_SHA,
    ref: 'v1.2.0',
    createdAt: ago(minutes),
    statuses: [{ state: 'success', createdAt: ago(minutes - 1), logUrl: `${SERVER_URL}/octo-org/app/actions/runs/8000` }],
  });
/** A deployment of production rolled back `minutes` ago, by run `runId`. */
const seedMarker = (minutes: number, runId = '8500') =>
  server().seedDeployment('octo-org', 'app', {
    environment: 'production',
    sha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    ref: 'main',
    createdAt: ago(minutes + 5),
    statuses: [
      { state: 'in_progress', createdAt: ago(minutes + 5), logUrl: `${SERVER_URL}/octo-org/app/actions/runs/${runId}` },
      { state: 'failure', createdAt: ago(minutes), description: MARKER, logUrl: `${SERVER_URL}/octo-org/app/actions/runs/${runId}` },
    ],
  });
const rollback = () =>
  existsSync(path.join(dir(), 'rollback.txt')) ? readFileSync(path.join(dir(), 'rollback.txt'), 'utf8').split('\n').slice(0, 2) : undefined;
const errors = (r: DistRun) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
/** The deployment this step created (the newest). */
const created = () =>
  server()
    .deploymentsOf('octo-org', 'app')
    .find((d) => d.sha === SHA)!;
/** A refused rollback: the step fails with one message saying why, no stack trace, the rollback never ran. */
function refused(r: DistRun, why: RegExp): void {
  expect(r.code).toBe(1);
  expect(errors(r)).toEqual([expect.stringMatching(why)]);
  expect(errors(r)[0]).toMatch(/no rollback/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(rollback()).toBeUndefined();
  expect(r.outputs.outcome).toBe('failed');
}

describe('adapt-deploy (dist): rollback guardrails', () => {
  it('rolls back to the last successful deployment: its ref and sha in the environment, the marker on the deployment', async () => {
    seedGood();
    const r = await deploy({ environment: 'production' });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ outcome: 'rolled-back', 'auto-rollback': 'true' });
    expect(rollback()).toEqual(['v1.2.0', GOOD_SHA]);
    const mine = created();
    expect(r.outputs['deployment-id']).toBe(String(mine.id));
    const last = mine.statuses.at(-1)!;
    expect(last.description).toMatch(/^Rolled back to fedcba987654 \(v1\.2\.0\) by pipeline-personas$/);
    expect(last.logUrl).toBe(RUN_URL);
    expect(r.summary).toContain(GOOD_SHA);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('without a successful deployment there is no known-good target: no rollback, the step says so', async () => {
    const r = await deploy({ environment: 'production' });
    refused(r, /no successful deployment to roll back to/);
    expect(created().statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
  });

  it('a rollback 10 min ago is within the 30 min cooldown: refused; rollback-cooldown: 5m lets it run', async () => {
    seedGood(240);
    seedMarker(10);
    refused(await deploy({ environment: 'production' }), /rolled back 1[01] min ago; the cooldown is 30 min, so no rollback loop/);
    const r = await deploy({ environment: 'production', 'rollback-cooldown': '5m' });
    expect(r.outputs.outcome).toBe('rolled-back');
    expect(rollback()).toEqual(['v1.2.0', GOOD_SHA]);
  });

  it('a rollback marker of this same run refuses a second rollback (once per run), whatever the cooldown', async () => {
    seedGood(240);
    seedMarker(120, RUN_ID);
    refused(await deploy({ environment: 'production', 'rollback-cooldown': '0' }), /a rollback already ran in this run/);
  });

  it('without environment the rollback runs with empty PERSONA_ROLLBACK_REF/SHA, once per run (the ledger in RUNNER_TEMP)', async () => {
    const runnerTemp = path.join(dir(), 'runner-temp');
    const first = await deploy({}, runnerTemp);
    expect(first.outputs.outcome).toBe('rolled-back');
    expect(rollback()).toEqual(['', '']);
    expect(server().requests).toEqual([]);
    rmSync(path.join(dir(), 'rollback.txt'));
    refused(await deploy({}, runnerTemp), /a rollback already ran in this run/);
  });

  it('record-deployment: false still guards by the environment: no known-good target, no rollback', async () => {
    const r = await deploy({ environment: 'production', 'record-deployment': 'false' });
    refused(r, /no successful deployment to roll back to/);
    expect(server().deploymentsOf('octo-org', 'app')).toEqual([]);
  });

  it('a failing deployments read refuses the rollback instead of guessing', async () => {
    seedGood();
    server().queue({ status: 403, match: (q) => q.method === 'GET' && q.path.endsWith('/statuses') }, 50);
    const r = await deploy({ environment: 'production', 'rollback-cooldown': '0' });
    refused(r, /cannot read the deployments of environment "production"/);
  });
});
