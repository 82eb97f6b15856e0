// The committed dist/ bundle of resolve-persona, run as the runner runs it, against the local REST stand-in
// (GITHUB_API_URL on 127.0.0.1) and the OIDC stand-in: switches through both channels, the branch store
// (orphan branch, compare-and-swap, audit commits), resolution from it, policy and protected personas,
// concurrency, faults and a commit status.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseState } from '../../src/switching/parse-state.js';
import { parseHistoryCommitMessage } from '../../src/switching/history-entry.js';
import type { PersonaState } from '../../src/switching/persona-state.js';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { useOidcStandIn } from '../support/oidc-stand-in.js';
import { runDist, type RunDistOptions } from '../support/run-dist.js';

const TOKEN = 'switch-token';
const server = useGitHubApiServer({});
const oidc = useOidcStandIn();
beforeEach(() => server().setRepoInfo('octo-org', 'app', { defaultBranch: 'main' }));

/** The state on branch persona-state of octo-org/app, or undefined. */
function branchState(branch = 'persona-state'): PersonaState | undefined {
  const bytes = server().git('octo-org', 'app').files(branch)?.get('state.json');
  return bytes ? parseState(Buffer.from(bytes).toString('utf8'), 'state.json') : undefined;
}

/** A run of the bundle against the stand-in; `event` is the triggering event. */
function run(inputs: Record<string, string>, options: Omit<RunDistOptions, 'inputs'> = {}) {
  return runDist('resolve-persona', {
    ...options,
    inputs: { state: 'branch', token: TOKEN, artifact: 'false', ...inputs },
    env: { GITHUB_API_URL: server().baseUrl, GITHUB_ACTOR: 'alice', GITHUB_RUN_ID: '7001', GITHUB_REF: 'refs/heads/main', ...options.env },
  });
}

const dispatch = (type: string, clientPayload: unknown) => ({ name: 'repository_dispatch', payload: { action: type, client_payload: clientPayload } });
const manual = (inputs: Record<string, string>) => ({ name: 'workflow_dispatch', payload: { ref: 'refs/heads/main', inputs } });
const switchRun = (event: { name: string; payload: unknown }, inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  run({ mode: 'switch', ...inputs }, { event, env });

describe('mode switch against the branch store', () => {
  it('creates the orphan branch on the first switch, one audit commit per change, and reports the switch', async () => {
    const first = await switchRun(dispatch('persona-switch', { persona: 'stability', reason: 'incident 7', correlation_id: 'dash-1' }));
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ result: 'applied', revision: '1', 'correlation-id': 'dash-1', previous: '', id: 'stability' });
    expect(first.summary).toContain('## Persona switch: applied');
    const second = await switchRun(manual({ persona: 'performance', reason: 'load test', 'correlation-id': 'manual-2' }));
    expect(second.outputs).toMatchObject({ result: 'applied', revision: '2', previous: 'stability', id: 'performance' });

    const log = server().git('octo-org', 'app').log('persona-state');
    expect(log.map((c) => parseHistoryCommitMessage(c.message))).toEqual([
      expect.objectContaining({ correlation_id: 'manual-2', by: 'alice', result: 'applied', revision: 2, persona: 'performance' }),
      expect.objectContaining({ correlation_id: 'dash-1', result: 'applied', revision: 1, reason: 'incident 7' }),
    ]);
    expect(log.at(-1)!.parents).toEqual([]); // an orphan branch
    expect(branchState()).toMatchObject({ revision: 2, active: { persona: 'performance' }, previous: [{ persona: 'stability' }] });
  });

  it('applies a retried dispatch once and acknowledges it twice', async () => {
    const event = dispatch('persona-switch', { persona: 'stability', correlation_id: 'retried' });
    await switchRun(event);
    const again = await switchRun(event);
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ result: 'duplicate', revision: '1' });
    expect(branchState()!.acks.map((a) => a.result)).toEqual(['applied', 'duplicate']);
  });

  it.each([
    ['an unknown persona', { persona: 'securty-first' }, /securty-first/],
    ['11 top-level keys', { persona: 'balanced', ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])) }, /at most 10/],
    ['a step list that repeats a step', { persona: 'stability', rollout: { steps: [10, 50, 50, 100] } }, /strictly increasing/],
    ['a negative ttl', { persona: 'balanced', ttl: '-4h' }, /ttl/],
    ['a control character in the reason', { persona: 'balanced', reason: 'a\u001b]0;x\u0007b' }, /reason/],
  ])('rejects %s: one error annotation, exit 1, only the rejection recorded', async (_what, payload, message) => {
    await switchRun(dispatch('persona-switch', { persona: 'balanced', correlation_id: 'base' }));
    const before = branchState()!;
    const bad = await switchRun(dispatch('persona-switch', { ...payload, correlation_id: 'bad-1' }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('');
    const errors = bad.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(message);
    expect(bad.stdout).not.toMatch(/at .*\.js:\d+/); // no stack trace
    const after = branchState()!;
    expect(after.revision).toBe(before.revision);
    expect(after.active).toEqual(before.active);
    expect(after.acks.at(-1)).toMatchObject({ correlation_id: 'bad-1', result: 'rejected', revision: before.revision });
  });

  it('lands 20 simultaneous switch runs: 20 changes, consecutive revisions, nothing lost', async () => {
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => switchRun(dispatch('persona-switch', { persona: i % 2 ? 'stability' : 'performance', correlation_id: `c-${i}` }))),
    );
    expect(runs.map((r) => r.code)).toEqual(Array(20).fill(0));
    expect(runs.map((r) => Number(r.outputs.revision)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const state = branchState()!;
    expect(state.revision).toBe(20);
    expect(new Set(state.acks.map((a) => a.correlation_id)).size).toBe(20);
    const revisions = server()
      .git('octo-org', 'app')
      .log('persona-state')
      .map((c) => parseHistoryCommitMessage(c.message)!.revision);
    expect(revisions).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
  }, 60_000);

  it('lands 20 simultaneous switch runs on a file: store too', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'file-store-')), 'state.json');
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        switchRun(dispatch('persona-switch', { persona: 'stability', correlation_id: `f-${i}` }), { state: `file:${file}` }),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual(Array(20).fill(0));
    const state = parseState(readFileSync(file, 'utf8'), file);
    expect(state.revision).toBe(20);
    const history = readFileSync(`${file}.history.jsonl`, 'utf8').trim().split('\n');
    expect(history.map((line) => (JSON.parse(line) as { revision: number }).revision)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  }, 60_000);

  it('sets a commit status on the triggering commit when asked: success when applied, failure when rejected', async () => {
    const sha = 'a'.repeat(40);
    const env = { GITHUB_SHA: sha, GITHUB_REPOSITORY: 'octo-org/app' };
    await switchRun(dispatch('persona-switch', { persona: 'stability', correlation_id: 'cs-1' }), { 'commit-status': 'true' }, env);
    const rejected = await switchRun(dispatch('persona-switch', { persona: 'nope', correlation_id: 'cs-2' }), { 'commit-status': 'true' }, env);
    expect(rejected.code).toBe(1);
    expect(server().statuses).toEqual([
      expect.objectContaining({ sha, state: 'success', context: 'persona-switch', description: expect.stringContaining('cs-1') }),
      expect.objectContaining({ sha, state: 'failure', context: 'persona-switch', description: expect.stringContaining('cs-2') }),
    ]);
  });
});

describe('authorisation', () => {
  const policy = (text: string) => server().git('octo-org', 'app').commitFiles('main', { '.github/persona-policy.yml': text }, 'policy');

  it('reads the policy from the default branch and rejects an actor it does not allow, recording the rule', async () => {
    policy('allow:\n  - actors: [bob]\n');
    const refused = await switchRun(dispatch('persona-switch', { persona: 'stability', correlation_id: 'p-1' }));
    expect(refused.code).toBe(1);
    expect(refused.annotations.filter((a) => a.level === 'error')[0]!.message).toMatch(/allow\[0\]/);
    expect(branchState()).toMatchObject({ revision: 0, acks: [{ correlation_id: 'p-1', result: 'rejected' }] });
    const allowed = await switchRun(dispatch('persona-switch', { persona: 'stability', correlation_id: 'p-2' }), {}, { GITHUB_ACTOR: 'bob' });
    expect(allowed.outputs.result).toBe('applied');
  });

  it('requires both the actor and the triggering actor (a re-run by someone else)', async () => {
    policy('allow:\n  - actors: [alice]\n');
    const rerun = await switchRun(dispatch('persona-switch', { persona: 'stability', correlation_id: 'r-1' }), {}, { GITHUB_TRIGGERING_ACTOR: 'mallory' });
    expect(rerun.code).toBe(1);
    expect(rerun.annotations[0]!.message).toMatch(/mallory/);
  });

  it('accepts a protected persona only with a verified OIDC proof of the environment', async () => {
    policy('protected:\n  - persona: freeze\n    environments: [production]\n');
    const event = (id: string) => dispatch('persona-switch', { persona: 'freeze:0.1,high-velocity:0.9', correlation_id: id });
    const noProof = await switchRun(event('o-1'));
    expect(noProof.code).toBe(1);
    expect(noProof.annotations[0]!.message).toMatch(/protected .*id-token: write/s);

    const env = oidc().env() as Record<string, string>;
    const proven = await switchRun(event('o-2'), {}, env);
    expect(proven.code).toBe(0);
    // The freeze rule: a freeze blend is never refused as a conflict, even under strict.
    expect(proven.outputs.id).toBe('high-velocity:0.9,freeze:0.1');

    oidc().claims = { environment: 'staging' };
    const wrongEnvironment = await switchRun(event('o-3'), {}, env);
    expect(wrongEnvironment.code).toBe(1);
    expect(wrongEnvironment.annotations[0]!.message).toMatch(/staging/);
  });
});

describe('mode resolve reads the branch store', () => {
  const seedState = async () => {
    await switchRun(dispatch('persona-switch', { persona: 'stability', correlation_id: 'seeded' }));
    server().requests.length = 0;
  };

  it('with one request, and one 304 for a second resolve in the same job', async () => {
    await seedState();
    const first = await run({});
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ id: 'stability', source: 'state', revision: '1', 'correlation-id': 'seeded', cohort: 'none' });
    expect(server().requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200']);
    // The next stage of the same job: the same RUNNER_TEMP.
    server().requests.length = 0;
    const second = await runDist('resolve-persona', {
      inputs: { state: 'branch', token: TOKEN, artifact: 'false' },
      env: { GITHUB_API_URL: server().baseUrl, RUNNER_TEMP: first.runnerTemp },
    });
    expect(second.outputs).toMatchObject({ id: 'stability', source: 'state' });
    expect(server().requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 304']);
  });

  it('means "no switch yet" for a missing branch of a readable repository, and fails closed for a private one', async () => {
    const none = await run({});
    expect(none.outputs).toMatchObject({ id: 'balanced', source: 'default', revision: '' });
    server().setRepoInfo('octo-org', 'app', { private: true, tokens: ['someone-else'] });
    const closed = await run({});
    expect(closed.code).toBe(1);
    expect(closed.annotations[0]!.message).toMatch(/contents: read/);
    expect(closed.outputFile).toBe('');
  });

  it('fails on an unreachable store after bounded retries, or falls back to the default with state-required: false', async () => {
    await seedState();
    server().queue({ status: 502 }, 6);
    const failed = await run({});
    expect(failed.code).toBe(1);
    expect(failed.annotations[0]!.message).toMatch(/unreachable .*502.*3 attempts/);
    expect(server().requests.filter((r) => r.status === 502)).toHaveLength(3);
    const fallback = await run({ 'state-required': 'false' });
    expect(fallback.code).toBe(0);
    expect(fallback.outputs).toMatchObject({ id: 'balanced', source: 'default' });
    expect(fallback.annotations).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringMatching(/state-required is false/) }));
  }, 30_000);

  it('the persona input reads no state at all', async () => {
    const r = await run({ persona: 'performance' });
    expect(r.outputs).toMatchObject({ id: 'performance', source: 'input' });
    expect(server().requests).toEqual([]);
  });
});
