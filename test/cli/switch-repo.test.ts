// persona switch / rollout / revert --repo against the local REST stand-in: the exact request GitHub
// receives, and --wait while the switch workflow (resolve-persona in mode switch, run in-process)
// applies the request to the repository's persona-state branch between polls.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { resolvePersona } from '../../src/actions/resolve-persona/main.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { parseState } from '../../src/switching/parse-state.js';
import type { RecordedDispatch } from '../support/github-api-server.js';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { cleanup, workspace } from './helpers.js';
import { FakeClock, HOSTILE_REASON, personaTimed } from './switch-fixtures.js';

const standIn = useGitHubApiServer({});
afterAll(cleanup);

const TOKEN = 'cli-t0ken';
const REPO = ['--repo', 'octo-org/app'];
beforeEach(() => standIn().setRepoInfo('octo-org', 'app', { defaultBranch: 'trunk' }));

/** The CLI against the stand-in, with a token. */
async function cli(argv: string[], clock?: FakeClock, env: Record<string, string> = {}) {
  return personaTimed(argv, await workspace(), { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: standIn().baseUrl, ...env }, clock);
}

/** The POSTs the stand-in received, as `METHOD path` and parsed body. */
function posts(): Array<{ path: string; body: unknown; authorization: string | undefined }> {
  return standIn()
    .requests.filter((r) => r.method === 'POST')
    .map((r) => ({ path: r.path, body: JSON.parse(r.body) as unknown, authorization: r.headers.authorization }));
}

/** What the switch workflow does with one received dispatch: resolve-persona in mode switch, writing the persona-state branch. */
async function switchWorkflow(dispatch: RecordedDispatch): Promise<void> {
  const dir = await workspace();
  const event = path.join(dir, 'event.json');
  const payload = dispatch.kind === 'repository_dispatch' ? { action: dispatch.name, client_payload: dispatch.payload } : dispatch.payload;
  await writeFile(event, JSON.stringify(payload));
  const env = { GITHUB_WORKSPACE: dir, GITHUB_ACTOR: 'dispatcher', GITHUB_REPOSITORY: 'octo-org/app', GITHUB_API_URL: standIn().baseUrl };
  const runner = new MemoryRunner(
    { mode: 'switch', state: 'branch', token: TOKEN, artifact: 'false' },
    { ...env, GITHUB_EVENT_NAME: dispatch.kind, GITHUB_EVENT_PATH: event },
  );
  await resolvePersona(runner).catch(() => undefined); // a rejection is recorded; the CLI reads it from the branch
}

/** The state on the persona-state branch. */
function branchState() {
  const bytes = standIn().git('octo-org', 'app').files('persona-state')?.get('state.json');
  return bytes ? parseState(Buffer.from(bytes).toString('utf8'), 'state.json') : undefined;
}

describe('sending with --repo', () => {
  it('repository_dispatch: the exact body GitHub receives, with the token; a hostile reason travels as data', async () => {
    const argv = ['switch', '-p', 'security-first', ...REPO, '-e', 'production', '--rollout', '10,50,100', '--interval', '1h', '--ttl', '4h'];
    const r = await cli([...argv, '--reason', HOSTILE_REASON, '--correlation-id', 'dash-7']);
    expect(r).toEqual({ code: 0, stdout: 'Correlation id: dash-7\nSent repository_dispatch "persona-switch" to octo-org/app\n', stderr: '' });
    expect(posts()).toEqual([
      {
        path: '/repos/octo-org/app/dispatches',
        authorization: `token ${TOKEN}`,
        body: {
          event_type: 'persona-switch',
          client_payload: {
            persona: 'security-first',
            environment: 'production',
            reason: HOSTILE_REASON,
            correlation_id: 'dash-7',
            rollout: { steps: [10, 50, 100], interval: '1h', bucket_by: 'run' },
            ttl: '4h',
          },
        },
      },
    ]);
  });

  it.each([
    [['rollout', 'pause', '--correlation-id', 'p-1'], { event_type: 'persona-rollout', client_payload: { action: 'pause', correlation_id: 'p-1' } }],
    [
      ['revert', '--reason', 'bad deploy', '--correlation-id', 'r-1'],
      { event_type: 'persona-revert', client_payload: { reason: 'bad deploy', correlation_id: 'r-1' } },
    ],
    [
      ['switch', '-p', 'freeze', '--event-type', 'ops-switch', '--correlation-id', 's-1'],
      { event_type: 'ops-switch', client_payload: { persona: 'freeze', correlation_id: 's-1' } },
    ],
  ])('%j sends %j', async (argv, body) => {
    expect((await cli([...argv, ...REPO])).code).toBe(0);
    expect(posts().map((p) => p.body)).toEqual([body]);
  });

  it('workflow_dispatch: the inputs of the switch workflow, on the default branch unless --ref names one', async () => {
    const r = await cli(['switch', '-p', 'performance', ...REPO, '--via', 'workflow_dispatch', '--rollout', '25,100', '--correlation-id', 'wd-1']);
    expect(r.stdout).toContain('Sent workflow_dispatch of persona-switch.yml on trunk in octo-org/app\n');
    await cli(['rollout', 'abort', ...REPO, '--via', 'workflow_dispatch', '--workflow', 'ops.yml', '--ref', 'release/1', '--correlation-id', 'wd-2']);
    expect(posts()).toEqual([
      {
        path: '/repos/octo-org/app/actions/workflows/persona-switch.yml/dispatches',
        authorization: `token ${TOKEN}`,
        body: {
          ref: 'trunk',
          inputs: { persona: 'performance', 'rollout-steps': '25,100', 'rollout-interval': '30m', 'rollout-bucket-by': 'run', 'correlation-id': 'wd-1' },
        },
      },
      {
        path: '/repos/octo-org/app/actions/workflows/ops.yml/dispatches',
        authorization: `token ${TOKEN}`,
        body: { ref: 'release/1', inputs: { action: 'abort', 'correlation-id': 'wd-2' } },
      },
    ]);
  });

  it('sends nothing for a bad request, without a token, or when GitHub refuses', async () => {
    const bad = await cli(['switch', '-p', 'nope', ...REPO]);
    expect(bad.code).toBe(1);
    const noToken = await personaTimed(['switch', '-p', 'balanced', ...REPO], await workspace(), { GITHUB_API_URL: standIn().baseUrl });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('needs a token: set GITHUB_TOKEN or GH_TOKEN');
    expect(standIn().requests).toEqual([]);
    standIn().queue({ status: 403, body: { message: 'Resource not accessible by integration' } });
    const refused = await cli(['switch', '-p', 'balanced', ...REPO]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('contents: write');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });

  it('GH_TOKEN stands in for GITHUB_TOKEN', async () => {
    const r = await personaTimed(['revert', ...REPO], await workspace(), { GH_TOKEN: 'gh-token', GITHUB_API_URL: standIn().baseUrl });
    expect(r.code).toBe(0);
    expect(posts()[0]!.authorization).toBe('token gh-token');
  });
});

describe('--wait', () => {
  it('polls the branch store with backoff until the workflow applied the request: exit 0', async () => {
    const clock = new FakeClock();
    clock.onSleep = async (n) => {
      if (n === 2) await switchWorkflow(standIn().dispatches[0]!);
    };
    const r = await cli(['switch', '-p', 'security-first', ...REPO, '--reason', HOSTILE_REASON, '--correlation-id', 'w-1', '--wait'], clock);
    expect(r.stderr).toBe('Waiting up to 5m for the acknowledgement in branch "persona-state" of octo-org/app...\n');
    expect(r.stdout).toBe('Correlation id: w-1\nSent repository_dispatch "persona-switch" to octo-org/app\nApplied: revision 1\n');
    expect(r.code).toBe(0);
    expect(clock.sleeps).toEqual([2000, 3000]);
    expect(branchState()!.active).toMatchObject({ persona: 'security-first', reason: HOSTILE_REASON, by: 'dispatcher', correlation_id: 'w-1' });
  });

  it('exits 1 with the recorded reason when the workflow rejects the request', async () => {
    const clock = new FakeClock();
    clock.onSleep = async (n) => {
      if (n === 1) await switchWorkflow(standIn().dispatches[0]!);
    };
    const r = await cli(['revert', ...REPO, '--correlation-id', 'w-2', '--wait', '30s'], clock);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('request w-2 was rejected: there is nothing to revert to');
    expect(branchState()!.acks).toEqual([expect.objectContaining({ correlation_id: 'w-2', result: 'rejected' })]);
  });

  it('a request sent twice: the second wait finds the first one applied (duplicate of applied: exit 0)', async () => {
    const clock = new FakeClock();
    clock.onSleep = async (n) => {
      if (n === 1) for (const d of standIn().dispatches.splice(0)) await switchWorkflow(d);
    };
    const argv = ['switch', '-p', 'stability', ...REPO, '--correlation-id', 'twice', '--wait', '1m'];
    expect((await cli(argv, clock)).code).toBe(0);
    const clock2 = new FakeClock();
    clock2.onSleep = clock.onSleep;
    expect((await cli(argv, clock2)).code).toBe(0);
    expect(branchState()).toMatchObject({ revision: 1 });
    expect(branchState()!.acks.map((a) => a.result)).toEqual(['applied', 'duplicate']);
  });

  it('times out with a clear error when nothing arrives; the waits back off to 15 s and stop at the deadline', async () => {
    const clock = new FakeClock();
    const r = await cli(['rollout', 'advance', ...REPO, '--correlation-id', 'lost', '--wait', '1m'], clock);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'timed out after 1m: branch "persona-state" of octo-org/app holds no acknowledgement of correlation id lost yet; ' +
        'the switch workflow may still handle it (check with: persona status --repo octo-org/app --correlation-id lost)',
    );
    expect(clock.sleeps).toEqual([2000, 3000, 4500, 6750, 10125, 15000, 15000, 3625]);
  });

  it('--state names another store to poll (a github: store shared by many repositories)', async () => {
    standIn().setRepoInfo('octo-org', 'ops', {});
    const clock = new FakeClock();
    clock.onSleep = () => {
      const state = {
        schema_version: '1.0',
        revision: 4,
        previous: [],
        acks: [{ correlation_id: 'shared-1', result: 'applied', reason: '', revision: 4, at: '2026-03-01T12:00:01.000Z' }],
      };
      standIn()
        .git('octo-org', 'ops')
        .commitFiles('persona-state', { 'state.json': JSON.stringify(state) }, 'workflow');
    };
    const r = await cli(['switch', '-p', 'freeze', ...REPO, '--state', 'github:octo-org/ops', '--correlation-id', 'shared-1', '--wait'], clock);
    expect(r.stdout).toContain('Applied: revision 4\n');
    expect(r.code).toBe(0);
  });
});

describe('status --repo and the policy of --state', () => {
  it('status --repo reads the persona-state branch of that repository', async () => {
    await switchWorkflow({ repo: 'octo-org/app', kind: 'repository_dispatch', name: 'persona-switch', payload: { persona: 'freeze', correlation_id: 'frz' } });
    const r = await cli(['status', ...REPO, '--json', '--correlation-id', 'frz']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ store: 'branch "persona-state" of octo-org/app', revision: 1, global: { active: { persona: 'freeze' } } });
  });

  it('--state applies under the policy of the repository: a request outside it is rejected, recorded, exit 1', async () => {
    standIn().setRepo('octo-org', 'app', { '.github/persona-policy.yml': 'allow:\n  - actors: [bob]\n    personas: ["*"]\n' });
    const dir = await workspace();
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: standIn().baseUrl, GITHUB_REPOSITORY: 'octo-org/app' };
    const r = await personaTimed(['switch', '-p', 'performance', '--state', 'file:state.json', '--correlation-id', 'pol-1'], dir, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^request pol-1 was rejected: .*alice/m);
    const ok = await personaTimed(['switch', '-p', 'performance', '--state', 'file:state.json'], dir, { ...env, GITHUB_ACTOR: 'bob' });
    expect(ok.code).toBe(0);
  });

  it('--state cannot switch to a protected persona: the CLI has no job OIDC token to prove an environment', async () => {
    standIn().setRepo('octo-org', 'app', { '.github/persona-policy.yml': 'protected:\n  - persona: freeze\n    environments: [production]\n' });
    const dir = await workspace();
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: standIn().baseUrl, GITHUB_REPOSITORY: 'octo-org/app' };
    const r = await personaTimed(['switch', '-p', 'freeze', '--state', 'file:state.json', '--correlation-id', 'prot-1'], dir, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^request prot-1 was rejected: .*protected.*id-token: write/m);
    const status = await personaTimed(['status', '--state', 'file:state.json', '--correlation-id', 'prot-1', '--json'], dir, env);
    expect(JSON.parse(status.stdout)).toMatchObject({ revision: 0 });
  });
});
