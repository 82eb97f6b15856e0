import { cleanup, workspace } from './helpers.js';
import { FakeClock, fileHistory, fileState, personaTimed, START } from './switch-fixtures.js';

afterAll(cleanup);

const STORE = ['--state', 'file:state.json'];
const MINUTE = 60_000;

/** A clock at START + `minutes`. */
function at(minutes: number): FakeClock {
  const clock = new FakeClock();
  clock.time = START + minutes * MINUTE;
  return clock;
}

/** A store where stability was replaced by a rollout of performance (10,50,100 every 30m), at START. */
async function rollingOut(): Promise<string> {
  const dir = await workspace();
  await personaTimed(['switch', '-p', 'stability', ...STORE, '--correlation-id', 'base'], dir);
  await personaTimed(['switch', '-p', 'performance', ...STORE, '--rollout', '10,50,100', '--correlation-id', 'ro'], dir);
  return dir;
}

describe('persona rollout', () => {
  it('advance moves a step early; after the last step it records completion', async () => {
    const dir = await rollingOut();
    const r = await personaTimed(['rollout', 'advance', ...STORE, '--reason', 'looks good', '--correlation-id', 'adv-1'], dir, {}, at(1));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Correlation id: adv-1\n');
    expect(r.stdout).toMatch(/Applied to file .*state\.json: revision 3, active performance\n/);
    expect((await fileState(dir))!.rollout).toMatchObject({ step: 1, status: 'progressing' });
    await personaTimed(['rollout', 'advance', ...STORE], dir, {}, at(2));
    expect((await fileState(dir))!.rollout).toMatchObject({ step: 2 });
    const status = JSON.parse((await personaTimed(['status', ...STORE, '--json'], dir, {}, at(3))).stdout) as { global: { rollout: { status: string } } };
    expect(status.global.rollout.status).toBe('complete');
    expect((await fileHistory(dir)).map((h) => [h.action, h.result])).toEqual([
      ['switch', 'applied'],
      ['switch', 'applied'],
      ['advance', 'applied'],
      ['advance', 'applied'],
    ]);
  });

  it('pause stops the clock and resume starts it again', async () => {
    const dir = await rollingOut();
    expect((await personaTimed(['rollout', 'pause', ...STORE], dir, {}, at(10))).code).toBe(0);
    expect((await fileState(dir))!.rollout).toMatchObject({ status: 'paused', paused_at: new Date(START + 10 * MINUTE).toISOString() });
    const paused = JSON.parse((await personaTimed(['status', ...STORE, '--json'], dir, {}, at(100))).stdout) as { global: { rollout: unknown } };
    expect(paused.global.rollout).toMatchObject({ step: 0, percent: 10, status: 'paused', next_step_at: null });
    expect((await personaTimed(['rollout', 'resume', ...STORE], dir, {}, at(100))).code).toBe(0);
    const resumed = JSON.parse((await personaTimed(['status', ...STORE, '--json'], dir, {}, at(100))).stdout) as { global: { rollout: unknown } };
    // 10 minutes ran before the pause: the next step is 20 minutes after resuming.
    expect(resumed.global.rollout).toMatchObject({ step: 0, status: 'progressing', next_step_at: new Date(START + 120 * MINUTE).toISOString() });
  });

  it('abort sends every run back to the persona the rollout replaced', async () => {
    const dir = await rollingOut();
    expect((await personaTimed(['rollout', 'abort', ...STORE, '--reason', 'error budget'], dir, {}, at(5))).code).toBe(0);
    const status = JSON.parse((await personaTimed(['status', ...STORE, '--json'], dir, {}, at(6))).stdout) as {
      global: { resolves_to: string; rollout: unknown };
    };
    expect(status.global.resolves_to).toBe('stability');
    expect(status.global.rollout).toMatchObject({ status: 'aborted' });
  });

  it('a command the state refuses is rejected with its reason, recorded, and exits 1', async () => {
    const dir = await workspace();
    await personaTimed(['switch', '-p', 'stability', ...STORE], dir);
    const r = await personaTimed(['rollout', 'advance', ...STORE, '--correlation-id', 'no-rollout'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^request no-rollout was rejected: .*rollout/m);
    const state = (await fileState(dir))!;
    expect(state.revision).toBe(1);
    expect(state.acks.at(-1)).toMatchObject({ correlation_id: 'no-rollout', result: 'rejected', revision: 1 });
    const again = await personaTimed(['rollout', 'advance', ...STORE, '--correlation-id', 'no-rollout'], dir);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Duplicate: this correlation id was already rejected');
  });

  it.each([
    [['rollout'], 'missing argument ACTION'],
    [['rollout', 'advanse', ...STORE], 'unknown rollout action "advanse" (did you mean "advance"?)'],
    [['rollout', 'pause', 'resume', ...STORE], "unexpected argument 'resume'"],
    [['rollout', 'pause', ...STORE, '--persona', 'x'], "unknown option '--persona'"],
  ])('bad usage %j exits 2', async (argv, message) => {
    const r = await personaTimed(argv, await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`persona: ${message}`);
  });
});

describe('persona revert', () => {
  it('makes the previous persona active again, per scope', async () => {
    const dir = await workspace();
    for (const persona of ['stability', 'performance']) await personaTimed(['switch', '-p', persona, ...STORE, '-e', 'production'], dir);
    const r = await personaTimed(['revert', ...STORE, '-e', 'production', '--reason', 'regression', '--correlation-id', 'rev-1'], dir);
    expect(r.code).toBe(0);
    const state = (await fileState(dir))!;
    expect(state.environments!.production!.active).toMatchObject({ persona: 'stability', correlation_id: 'rev-1', reason: 'regression' });
    expect(state.revision).toBe(3);
  });

  it('with nothing to revert to: rejected, recorded, exit 1', async () => {
    const dir = await workspace();
    const r = await personaTimed(['revert', ...STORE, '--correlation-id', 'nothing'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('request nothing was rejected: there is nothing to revert to');
    expect((await fileState(dir))!.acks).toEqual([expect.objectContaining({ correlation_id: 'nothing', result: 'rejected', revision: 0 })]);
  });

  it('takes no persona or positional argument', async () => {
    const dir = await workspace();
    expect((await personaTimed(['revert', ...STORE, 'now'], dir)).stderr).toContain("persona: unexpected argument 'now'");
    expect((await personaTimed(['revert', ...STORE, '-p', 'x'], dir)).code).toBe(2);
  });
});
