import { existsSync } from 'node:fs';
import path from 'node:path';
import { CLASH_FILE, cleanup, workspace } from './helpers.js';
import { fileHistory, fileState, HOSTILE_REASON, personaTimed, START } from './switch-fixtures.js';

afterAll(cleanup);

const STORE = ['--state', 'file:state.json'];

describe('persona switch --state (applied directly)', () => {
  it('applies a switch: prints the correlation id and the new revision, and records who, when and why', async () => {
    const dir = await workspace();
    const r = await personaTimed(['switch', '--persona', 'security-first', ...STORE, '--reason', 'incident 42', '--correlation-id', 'inc-42'], dir);
    expect(r).toEqual({
      code: 0,
      stdout: `Correlation id: inc-42\nApplied to file ${path.join(dir, 'state.json')}: revision 1, active security-first\n`,
      stderr: '',
    });
    const state = await fileState(dir);
    expect(state).toMatchObject({ revision: 1, active: { persona: 'security-first', by: 'alice', reason: 'incident 42', correlation_id: 'inc-42' } });
    expect(state!.active!.since).toBe(new Date(START).toISOString());
    expect(state!.acks).toEqual([{ correlation_id: 'inc-42', result: 'applied', reason: '', revision: 1, at: new Date(START).toISOString() }]);
    expect(await fileHistory(dir)).toEqual([
      expect.objectContaining({ action: 'switch', persona: 'security-first', result: 'applied', correlation_id: 'inc-42' }),
    ]);
  });

  it('stores the canonical blend id and generates a correlation id (a UUID) when none is given', async () => {
    const dir = await workspace();
    const r = await personaTimed(['switch', '-p', 'balanced:0.4,stability:0.6', ...STORE], dir);
    expect(r.code).toBe(0);
    const id = /^Correlation id: (\S+)$/m.exec(r.stdout)?.[1];
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const state = await fileState(dir);
    expect(state!.active).toMatchObject({ persona: 'stability:0.6,balanced:0.4', correlation_id: id });
  });

  it('the same correlation id twice: applied once, acknowledged twice, exit 0 both times', async () => {
    const dir = await workspace();
    const argv = ['switch', '--persona', 'performance', ...STORE, '--correlation-id', 'retry-1'];
    expect((await personaTimed(argv, dir)).code).toBe(0);
    const again = await personaTimed(argv, dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Duplicate: this correlation id was already applied at revision 1; not applied again\n');
    const state = await fileState(dir);
    expect(state!.revision).toBe(1);
    expect(state!.acks.map((a) => a.result)).toEqual(['applied', 'duplicate']);
  });

  it('stores a rollout and a ttl in the environment scope', async () => {
    const dir = await workspace();
    await personaTimed(['switch', '-p', 'stability', ...STORE, '-e', 'production'], dir);
    const args = ['--rollout', '10,50,100', '--interval', '1h', '--bucket-by', 'ref', '--ttl', '4h', '--correlation-id', 'ro-1'];
    const r = await personaTimed(['switch', '-p', 'performance', ...STORE, '--environment', 'production', ...args], dir);
    expect(r.code).toBe(0);
    const scope = (await fileState(dir))!.environments!.production!;
    expect(scope.rollout).toMatchObject({ id: 'ro-1', from: 'stability', to: 'performance', steps: [10, 50, 100], interval: '1h', bucket_by: 'ref' });
    expect(scope.ttl!.expires_at).toBe(new Date(START + 4 * 3600_000).toISOString());
    expect((await fileState(dir))!.active).toBeUndefined();
  });

  it('keeps a reason with $(…), backticks and ${…} as data: stored verbatim, printed as written', async () => {
    const dir = await workspace();
    const r = await personaTimed(['switch', '-p', 'freeze', ...STORE, '--reason', HOSTILE_REASON, '--correlation-id', 'evil'], dir);
    expect(r.code).toBe(0);
    expect((await fileState(dir))!.active!.reason).toBe(HOSTILE_REASON);
    const status = await personaTimed(['status', ...STORE], dir);
    expect(status.stdout).toContain(`  reason: ${HOSTILE_REASON}\n`);
  });

  it.each([
    ['an unknown persona', ['-p', 'nope'], '--persona: unknown persona "nope"'],
    ['steps that do not increase', ['-p', 'performance', '--rollout', '10,5,100'], '--rollout'],
    ['steps that are not numbers', ['-p', 'performance', '--rollout', '10;rm -rf /'], '--rollout must be whole numbers separated by commas'],
    ['an interval without --rollout', ['-p', 'performance', '--interval', '30m'], '--interval needs --rollout'],
    ['a negative ttl', ['-p', 'performance', '--ttl=-4h'], '--ttl'],
    ['a correlation id outside its grammar', ['-p', 'performance', '--correlation-id', '../../etc'], '--correlation-id'],
    ['a control character in the reason', ['-p', 'performance', '--reason', 'a\u001b[2Jb'], '--reason'],
    ['an unsatisfiable blend', ['-p', 'cheap+fast', '--library', 'clash.yml'], 'replicas'],
  ])('refuses %s before anything is written (exit 1, no state file)', async (_, args, message) => {
    const dir = await workspace({ 'clash.yml': CLASH_FILE });
    const r = await personaTimed(['switch', ...STORE, ...args], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stdout).toBe('');
    expect(existsSync(path.join(dir, 'state.json'))).toBe(false);
  });

  it('applies an unsatisfiable blend under --on-conflict weighted', async () => {
    const dir = await workspace({ 'clash.yml': CLASH_FILE });
    const r = await personaTimed(['switch', '-p', 'cheap+fast', '--library', 'clash.yml', '--on-conflict', 'weighted', ...STORE], dir);
    expect(r.code).toBe(0);
    expect((await fileState(dir))!.active!.persona).toBe('cheap:0.5,fast:0.5');
  });

  it.each([
    ['no target', ['-p', 'performance'], 'missing option --repo OWNER/REPO or --state SPEC'],
    ['no persona', [...STORE], 'missing option --persona EXPR'],
    ['--via without --repo', ['-p', 'performance', ...STORE, '--via', 'workflow_dispatch'], '--via needs --repo'],
    ['a bad --repo', ['-p', 'performance', '--repo', 'a/b/c'], '--repo must be OWNER/REPO, got "a/b/c"'],
    ['--policy with --repo', ['-p', 'performance', '--repo', 'o/r', '--policy', 'p.yml'], '--policy goes with --state alone'],
    ['--state none', ['-p', 'performance', '--state', 'none'], '--state none names no store'],
    ['a --wait that is no duration', ['-p', 'performance', ...STORE, '--wait', '5'], '--wait "5" is not a duration'],
    ['a --wait over 6 hours', ['-p', 'performance', ...STORE, '--wait', '7h'], '--wait "7h" is longer than 6h'],
    ['a bad --on-conflict', ['-p', 'performance', ...STORE, '--on-conflict', 'loose'], '--on-conflict must be strict or weighted'],
    ['a bad --api-url', ['-p', 'performance', ...STORE, '--api-url', 'file:///etc'], '--api-url must be an http(s) URL'],
  ])('bad usage (%s) exits 2 with the usage', async (_, args, message) => {
    const dir = await workspace();
    const r = await personaTimed(['switch', ...args], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`persona: ${message}`);
    expect(r.stderr).toContain('Usage: persona switch --persona EXPR');
    expect(existsSync(path.join(dir, 'state.json'))).toBe(false);
  });

  it('--help lists the command and its options', async () => {
    const r = await personaTimed(['switch', '--help'], await workspace());
    expect(r.code).toBe(0);
    for (const flag of ['--rollout', '--interval', '--bucket-by', '--ttl', '--repo', '--state', '--via', '--wait', '--correlation-id'])
      expect(r.stdout).toContain(flag);
    const top = await personaTimed(['--help'], await workspace());
    for (const name of ['switch', 'status', 'rollout', 'revert']) expect(top.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });
});
