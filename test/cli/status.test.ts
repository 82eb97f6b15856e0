import path from 'node:path';
import type { StatusReport } from '../../src/cli/switch-status.js';
import { cleanup, workspace } from './helpers.js';
import { FakeClock, personaTimed, START } from './switch-fixtures.js';

afterAll(cleanup);

const STORE = ['--state', 'file:state.json'];
const HOUR = 3600_000;

/** A store with a global switch, then a rollout with a ttl in production, at START. */
async function seeded(): Promise<string> {
  const dir = await workspace();
  await personaTimed(['switch', '-p', 'stability', ...STORE, '--correlation-id', 'base', '--reason', 'baseline'], dir);
  await personaTimed(['switch', '-p', 'balanced', ...STORE, '-e', 'production', '--correlation-id', 'prod-base'], dir);
  const rollout = ['--rollout', '10,50,100', '--interval', '1h', '--ttl', '8h', '--correlation-id', 'ro-7'];
  await personaTimed(['switch', '-p', 'performance', ...STORE, '-e', 'production', ...rollout], dir);
  return dir;
}

/** `persona status --json` at `time`. */
async function statusAt(dir: string, time: number, extra: string[] = []): Promise<StatusReport> {
  const clock = new FakeClock();
  clock.time = time;
  const r = await personaTimed(['status', ...STORE, '--json', ...extra], dir, {}, clock);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as StatusReport;
}

describe('persona status', () => {
  it('--json: revision, the global and environment scopes, rollout progress from the clock, ttl and history', async () => {
    const dir = await seeded();
    const report = await statusAt(dir, START + 90 * 60_000);
    expect(Object.keys(report)).toEqual(['store', 'revision', 'global', 'environments', 'history']);
    expect(report.store).toBe(`file ${path.join(dir, 'state.json')}`);
    expect(report.revision).toBe(3);
    expect(report.global).toEqual({
      active: { persona: 'stability', since: new Date(START).toISOString(), by: 'alice', reason: 'baseline', correlation_id: 'base' },
      resolves_to: 'stability',
      rollout: null,
      ttl: null,
    });
    const production = report.environments.production!;
    expect(production.resolves_to).toBeNull();
    expect(production.rollout).toEqual({
      id: 'ro-7',
      from: 'balanced',
      to: 'performance',
      steps: [10, 50, 100],
      step: 1,
      percent: 50,
      status: 'progressing',
      interval: '1h',
      bucket_by: 'run',
      started_at: new Date(START).toISOString(),
      next_step_at: new Date(START + 2 * HOUR).toISOString(),
    });
    expect(production.ttl).toEqual({ expires_at: new Date(START + 8 * HOUR).toISOString(), expired: false, revert_to: 'balanced' });
    expect(report.history.map((h) => [h.revision, h.correlation_id, h.environment])).toEqual([
      [3, 'ro-7', 'production'],
      [2, 'prod-base', 'production'],
      [1, 'base', null],
    ]);
    expect(Object.keys(report.history[0]!)).toEqual(['at', 'revision', 'result', 'action', 'persona', 'environment', 'by', 'correlation_id', 'reason']);
  });

  it('computes completion and ttl expiry at read time', async () => {
    const dir = await seeded();
    const later = await statusAt(dir, START + 3 * HOUR);
    expect(later.environments.production!.rollout).toMatchObject({ step: 2, percent: 100, status: 'complete', next_step_at: null });
    expect(later.environments.production!.resolves_to).toBe('performance');
    const expired = await statusAt(dir, START + 9 * HOUR);
    expect(expired.environments.production!.ttl).toMatchObject({ expired: true, revert_to: 'balanced' });
    expect(expired.environments.production!.resolves_to).toBe('balanced');
  });

  it('text: scopes, rollout step and next step, ttl and the history table', async () => {
    const dir = await seeded();
    const clock = new FakeClock();
    clock.time = START + 30 * 60_000;
    const r = await personaTimed(['status', ...STORE], dir, {}, clock);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`State: file ${path.join(dir, 'state.json')}, revision 3\n`);
    expect(r.stdout).toContain(
      'Global: stability\n  since 2026-03-01T12:00:00.000Z by alice (correlation id base)\n  reason: baseline\n  resolves to: stability\n',
    );
    expect(r.stdout).toContain('Environment "production": performance\n');
    expect(r.stdout).toContain('  rollout ro-7: balanced -> performance\n    step 1 of 3 (10% of runs), progressing; next step at 2026-03-01T13:00:00.000Z\n');
    expect(r.stdout).toContain('  ttl: expires at 2026-03-01T20:00:00.000Z, back to balanced\n');
    expect(r.stdout).toMatch(/^ {2}AT +REV +RESULT +ACTION +PERSONA +ENVIRONMENT +BY +CORRELATION ID +REASON$/m);
    expect(r.stdout).toMatch(/^ {2}2026-03-01T12:00:00\.000Z +3 +applied +switch +performance +production +alice +ro-7$/m);
  });

  it('--environment shows only that environment, and says when it has no switch of its own', async () => {
    const dir = await seeded();
    expect(Object.keys((await statusAt(dir, START, ['-e', 'production'])).environments)).toEqual(['production']);
    expect((await statusAt(dir, START, ['-e', 'staging'])).environments).toEqual({});
    const r = await personaTimed(['status', ...STORE, '-e', 'staging'], dir);
    expect(r.stdout).toContain('Environment "staging": no switch of its own; it resolves as the global scope\n');
  });

  it('--correlation-id: the original result and every acknowledgement; exit 1 when unknown', async () => {
    const dir = await seeded();
    await personaTimed(['switch', '-p', 'stability', ...STORE, '--correlation-id', 'base'], dir);
    const report = await statusAt(dir, START, ['--correlation-id', 'base']);
    expect(report.request).toEqual({
      correlation_id: 'base',
      result: 'applied',
      reason: '',
      revision: 1,
      acks: [expect.objectContaining({ result: 'applied', revision: 1 }), expect.objectContaining({ result: 'duplicate', revision: 3 })],
    });
    const text = await personaTimed(['status', ...STORE, '--correlation-id', 'base'], dir);
    expect(text.stdout).toContain('Request base: applied at revision 1\n');
    const unknown = await personaTimed(['status', ...STORE, '--correlation-id', 'never-sent'], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`file ${path.join(dir, 'state.json')} holds no acknowledgement of correlation id never-sent`);
  });

  it('an empty store: revision 0, no persona, exit 0', async () => {
    const dir = await workspace();
    const report = await statusAt(dir, START);
    expect(report).toMatchObject({ revision: 0, global: null, environments: {}, history: [] });
    const r = await personaTimed(['status', ...STORE], dir);
    expect(r.stdout).toContain('Global: no persona switched yet\n');
  });

  it('refuses a bidi override in a reason, and prints an escape sequence from the command line as \\uXXXX', async () => {
    const dir = await workspace();
    const bidi = await personaTimed(['switch', '-p', 'performance', ...STORE, '--reason', 'safe\u202eevil'], dir);
    expect(bidi.code).toBe(1);
    const r = await personaTimed(['status', ...STORE, '-e', '\u001b[31mred'], dir);
    expect(r.stdout).toContain('Environment "\\u001b[31mred": no switch of its own');
    expect(r.stdout + r.stderr).not.toContain('\u001b');
  });

  it('bad usage exits 2', async () => {
    const dir = await workspace();
    expect((await personaTimed(['status'], dir)).stderr).toContain('persona: missing option --repo OWNER/REPO or --state SPEC');
    const bad = await personaTimed(['status', ...STORE, '--correlation-id', '$(id)'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--correlation-id must be');
  });
});
