// resolve-persona against a `file:` state store, in-process: mode resolve (state, event, environment,
// rollout cohorts) and mode switch (apply, duplicate, rejection recorded, commands). The committed
// bundles run against the REST stand-in in test/e2e/resolve-persona-state.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePersona as run } from '../../src/actions/resolve-persona/main.js';
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import { readHandover } from '../../src/handover/read-handover.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { createFileStateStore } from '../../src/state/file-state-store.js';
import { bucketOf } from '../../src/switching/rollout.js';
import type { PersonaState } from '../../src/switching/persona-state.js';

let dir: string;
let statePath: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'resolve-switch-'));
  statePath = path.join(dir, 'store', 'state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const store = () => createFileStateStore({ path: statePath });
const readState = (): PersonaState => JSON.parse(readFileSync(statePath, 'utf8')) as PersonaState;

/** A runner in `dir` with a file store; `event` becomes GITHUB_EVENT_NAME/GITHUB_EVENT_PATH. */
function runner(inputs: Record<string, string>, event?: { name: string; payload: unknown }, env: Record<string, string> = {}) {
  const extra: Record<string, string> = { GITHUB_WORKSPACE: dir, GITHUB_ACTOR: 'alice', GITHUB_RUN_ID: '4242', GITHUB_REF: 'refs/heads/main', ...env };
  if (event) {
    const file = path.join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(event.payload));
    Object.assign(extra, { GITHUB_EVENT_NAME: event.name, GITHUB_EVENT_PATH: file });
  }
  return new MemoryRunner({ state: `file:${statePath}`, artifact: 'false', ...inputs }, extra);
}

const dispatch = (type: string, clientPayload: unknown) => ({ name: 'repository_dispatch', payload: { action: type, client_payload: clientPayload } });
const manual = (inputs: Record<string, string>) => ({ name: 'workflow_dispatch', payload: { inputs, ref: 'refs/heads/main' } });

/** Runs a switch; returns the runner (outputs, summary) and the error, if any. */
async function switchWith(event: { name: string; payload: unknown }, inputs: Record<string, string> = {}) {
  const r = runner({ mode: 'switch', ...inputs }, event);
  let error: unknown;
  try {
    await run(r);
  } catch (e) {
    error = e;
  }
  return { r, error };
}

describe('mode switch', () => {
  it('applies a repository_dispatch switch: state written, outputs, summary', async () => {
    const { r, error } = await switchWith(dispatch('persona-switch', { persona: 'security-first', reason: 'audit', correlation_id: 'dash-1' }));
    expect(error).toBeUndefined();
    expect(r.outputs).toMatchObject({ result: 'applied', revision: '1', 'correlation-id': 'dash-1', previous: '', id: 'security-first' });
    const state = readState();
    expect(state.revision).toBe(1);
    expect(state.active).toMatchObject({ persona: 'security-first', by: 'alice', reason: 'audit', correlation_id: 'dash-1' });
    expect(state.acks).toEqual([expect.objectContaining({ correlation_id: 'dash-1', result: 'applied', revision: 1 })]);
    expect(r.summary).toContain('## Persona switch: applied');
    expect(r.summary).toContain('no policy');
    expect((await store().history(5))[0]).toMatchObject({ correlation_id: 'dash-1', result: 'applied', revision: 1 });
  });

  it('canonicalises the blend and reports the persona it replaced', async () => {
    await switchWith(dispatch('persona-switch', { persona: 'balanced', correlation_id: 'one' }));
    const { r } = await switchWith(manual({ persona: 'balanced:2, stability:3', 'correlation-id': 'two' }));
    expect(r.outputs).toMatchObject({ result: 'applied', revision: '2', previous: 'balanced', id: 'stability:0.6,balanced:0.4' });
    expect(readState().previous[0]).toMatchObject({ persona: 'balanced', correlation_id: 'one' });
  });

  it('acknowledges a repeated correlation id as a duplicate and applies it once', async () => {
    await switchWith(dispatch('persona-switch', { persona: 'stability', correlation_id: 'retry-me' }));
    const { r, error } = await switchWith(dispatch('persona-switch', { persona: 'stability', correlation_id: 'retry-me' }));
    expect(error).toBeUndefined();
    expect(r.outputs).toMatchObject({ result: 'duplicate', revision: '1' });
    const state = readState();
    expect(state.revision).toBe(1);
    expect(state.acks.map((a) => a.result)).toEqual(['applied', 'duplicate']);
  });

  it('rejects an unknown persona: one error, exit path, state unchanged but the rejection recorded', async () => {
    await switchWith(dispatch('persona-switch', { persona: 'balanced', correlation_id: 'first' }));
    const before = readState();
    const { r, error } = await switchWith(dispatch('persona-switch', { persona: 'securty-first', correlation_id: 'typo' }));
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/typo was rejected: .*securty-first/);
    const after = readState();
    expect(after.revision).toBe(before.revision);
    expect(after.active).toEqual(before.active);
    expect(after.acks.at(-1)).toMatchObject({ correlation_id: 'typo', result: 'rejected', revision: 1 });
    expect(r.outputs.result).toBe('rejected');
  });

  it('fails a retried request that was rejected: a duplicate, recorded, never green', async () => {
    await switchWith(dispatch('persona-switch', { persona: 'balanced', correlation_id: 'base' }));
    await switchWith(dispatch('persona-switch', { persona: 'securty-first', correlation_id: 'typo' }));
    const { r, error } = await switchWith(dispatch('persona-switch', { persona: 'securty-first', correlation_id: 'typo' }));
    expect((error as Error).message).toMatch(/typo was already rejected \(revision 1\): .*securty-first/);
    expect(r.outputs.result).toBe('duplicate');
    expect(readState().acks.map((a) => a.result)).toEqual(['applied', 'rejected', 'duplicate']);
    expect(readState().revision).toBe(1);
  });

  it('records the rejection of a malformed payload under its correlation id', async () => {
    const { error } = await switchWith(dispatch('persona-switch', { persona: 'balanced', ttl: '-4h', correlation_id: 'bad-ttl' }));
    expect(isConfigurationError(error)).toBe(true);
    expect(readState().acks).toEqual([expect.objectContaining({ correlation_id: 'bad-ttl', result: 'rejected', revision: 0 })]);
    expect(readState().active).toBeUndefined();
  });

  it('stores a hostile reason as data and shows it escaped', async () => {
    const reason = 'rollback `whoami` $(rm -rf /) <script>x</script> | done';
    const { r } = await switchWith(dispatch('persona-switch', { persona: 'balanced', reason, correlation_id: 'hostile' }));
    expect(readState().active?.reason).toBe(reason);
    expect(r.summary).not.toContain('<script>');
    expect(r.summary).toContain('&lt;script&gt;');
    expect(r.summary).toContain('\\`whoami\\`');
  });

  it('runs rollout commands and revert from workflow_dispatch', async () => {
    await switchWith(manual({ persona: 'balanced', 'correlation-id': 'base' }));
    await switchWith(manual({ persona: 'stability', 'rollout-steps': '10,50,100', 'rollout-interval': '1h', 'correlation-id': 'roll' }));
    expect(readState().rollout).toMatchObject({ from: 'balanced', to: 'stability', step: 0, status: 'progressing' });
    await switchWith(manual({ action: 'pause', 'correlation-id': 'p' }));
    expect(readState().rollout?.status).toBe('paused');
    await switchWith(manual({ action: 'resume', 'correlation-id': 'r' }));
    await switchWith(manual({ action: 'advance', 'correlation-id': 'a' }));
    expect(readState().rollout).toMatchObject({ step: 1, status: 'progressing' });
    await switchWith(manual({ action: 'abort', 'correlation-id': 'x' }));
    expect(readState().rollout?.status).toBe('aborted');
    expect(readState().active?.persona).toBe('balanced');
    const { r } = await switchWith(dispatch('persona-revert', { correlation_id: 'rv' }));
    expect(r.outputs.result).toBe('applied');
    expect(readState().revision).toBe(7);
  });

  it('rejects a command the state refuses (advance without a rollout) and records it', async () => {
    await switchWith(manual({ persona: 'balanced', 'correlation-id': 'base' }));
    const { error } = await switchWith(dispatch('persona-rollout', { action: 'advance', correlation_id: 'adv' }));
    expect((error as Error).message).toMatch(/adv was rejected/);
    expect(readState().acks.at(-1)).toMatchObject({ correlation_id: 'adv', result: 'rejected' });
  });

  it('refuses state: none and an event that carries no request', async () => {
    await expect(run(runner({ mode: 'switch', state: 'none' }, dispatch('persona-switch', { persona: 'balanced' })))).rejects.toThrow(/state cannot be none/);
    await expect(run(runner({ mode: 'switch' }, { name: 'push', payload: {} }))).rejects.toThrow(/repository_dispatch and workflow_dispatch/);
    expect(existsSync(statePath)).toBe(false);
  });
});

describe('mode resolve with a state store', () => {
  it('selects the state: source, revision, correlation id and the hand-over fields', async () => {
    await switchWith(dispatch('persona-switch', { persona: 'stability', correlation_id: 'corr-9' }));
    const r = runner({});
    await run(r);
    expect(r.outputs).toMatchObject({ id: 'stability', source: 'state', revision: '1', 'correlation-id': 'corr-9', cohort: 'none' });
    const handover = await readHandover(r.outputs.persona!, 'persona');
    expect(handover).toMatchObject({ schema_version: '1.2', source: 'state', revision: 1, correlation_id: 'corr-9', cohort: 'none' });
  });

  it('the persona input beats the state and reads no state at all (a corrupt store does not matter)', async () => {
    writeFileSync(path.join(dir, 'corrupt.json'), '{"schema_version": "1.0", "revision": -3}');
    const r = runner({ persona: 'performance', state: `file:${path.join(dir, 'corrupt.json')}` });
    await run(r);
    expect(r.outputs).toMatchObject({ id: 'performance', source: 'input', revision: '', cohort: 'none' });
    await expect(run(runner({ state: `file:${path.join(dir, 'corrupt.json')}` }))).rejects.toThrow(/corrupt\.json/);
  });

  it('the triggering switch request beats the state', async () => {
    await switchWith(dispatch('persona-switch', { persona: 'stability', correlation_id: 'stored' }));
    const r = runner({}, dispatch('persona-switch', { persona: 'performance', correlation_id: 'incoming' }));
    await run(r);
    expect(r.outputs).toMatchObject({ id: 'performance', source: 'event', 'correlation-id': 'incoming' });
    expect(readState().active?.persona).toBe('stability'); // mode resolve never writes
  });

  it("reads the environment's entry first, then the global one", async () => {
    await switchWith(dispatch('persona-switch', { persona: 'stability', correlation_id: 'global' }));
    await switchWith(dispatch('persona-switch', { persona: 'performance', environment: 'production', correlation_id: 'prod' }));
    const prod = runner({ environment: 'production' });
    await run(prod);
    expect(prod.outputs).toMatchObject({ id: 'performance', 'correlation-id': 'prod', revision: '2' });
    const staging = runner({ environment: 'staging' });
    await run(staging);
    expect(staging.outputs).toMatchObject({ id: 'stability', 'correlation-id': 'global' });
  });

  it('falls back to the default, with the revision seen, when the state has no persona for the scope', async () => {
    await switchWith(dispatch('persona-switch', { persona: 'nope', correlation_id: 'rejected-only' })).catch(() => undefined);
    const r = runner({ default: 'performance' });
    await run(r);
    expect(r.outputs).toMatchObject({ id: 'performance', source: 'default', revision: '0' });
  });

  it('puts a run in the target cohort exactly when its bucket is below the step', async () => {
    await switchWith(dispatch('persona-switch', { persona: 'balanced', correlation_id: 'base' }));
    await switchWith(dispatch('persona-switch', { persona: 'stability', rollout: { steps: [50, 100], interval: '7d' }, correlation_id: 'roll-1' }));
    for (const runId of ['1', '2', '3', '4', '5', '6']) {
      const r = runner({}, undefined, { GITHUB_RUN_ID: runId });
      await run(r);
      const target = bucketOf('roll-1', runId) < 50;
      expect(r.outputs).toMatchObject({ id: target ? 'stability' : 'balanced', cohort: target ? 'target' : 'baseline', 'correlation-id': 'roll-1' });
    }
  });

  it('without a store (state: none) the default answers and no revision is reported', async () => {
    const r = runner({ state: 'none' });
    await run(r);
    expect(r.outputs).toMatchObject({ id: 'balanced', source: 'default', revision: '', 'correlation-id': '' });
  });
});
