/**
 * Hostile inputs of watch-monitor, in process under runAction (the entry's one catch) with a fake clock: each
 * refused value is one clear error naming the input (or the file and line), no stack trace, no output and no
 * summary written, nothing run; legitimate but odd data (a replay value that looks like a command, a switch in the
 * store to a persona the library lacks) is handled without executing anything or stopping the watch.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { watchMonitor } from '../../src/actions/watch-monitor/main.js';
import type { MemoryRunner } from '../../src/runner/memory-runner.js';
import { runAction } from '../../src/runner/run-action.js';
import { FakeClock, personaYaml, progress, stateDocument, Workspace } from '../actions/fixtures/watch/watch-harness.js';

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace({ 'watch-low': personaYaml('watch-low') });
  ws.replay('ok.jsonl', { error_rate: [0.001, 0.001], latency_p95_ms: [100, 100] });
});
afterEach(() => ws.remove());

/** Runs watch-monitor as its entry does; returns the exit code and the runner. */
async function run(inputs: Record<string, string>, clock = new FakeClock()): Promise<{ code: number; r: MemoryRunner; clock: FakeClock }> {
  const r = ws.runner({ default: 'watch-low', metrics: 'file:ok.jsonl', ...inputs });
  const code = await runAction((runner) => watchMonitor(runner, clock), r);
  return { code, r, clock };
}

/** One clear error matching `message`: exit 1, one error entry, no stack, no bug report, no output, no summary, no check. */
function refused({ code, r, clock }: { code: number; r: MemoryRunner; clock: FakeClock }, message: RegExp): string {
  expect(code).toBe(1);
  const errors = r.logger.entries.filter((e) => e.level === 'error');
  expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
  expect(errors[0]!.message).not.toMatch(/unexpected error|\n\s+at /);
  expect(r.logger.entries.some((e) => /\n\s+at /.test(e.message))).toBe(false);
  expect(r.outputs).toEqual({});
  expect(r.summary).toBe('');
  expect(clock.sleeps).toBe(0);
  expect(progress(r)).toEqual([]);
  return errors[0]!.message;
}

describe('hostile watch-monitor inputs', () => {
  it.each([
    ['0s', /^input "interval": /],
    ['2h', /^input "interval": /],
    ['abc', /^input "interval": .*abc/],
    ['-5s', /^input "interval": /],
  ])('interval %j is refused, naming the input', async (interval, message) => {
    refused(await run({ interval }), message);
  });

  it('a duration over 6h is refused, naming the input', async () => {
    refused(await run({ duration: '7h' }), /^input "duration": /);
  });

  it('duration / interval over 10,000 checks is a user error naming the input, not a bug report', async () => {
    refused(await run({ interval: '1s', duration: '3h' }), /^input "duration": at most 10000 checks/);
  });

  it.each(['0', '-1', '1e9', '2.5'])('failure-limit %j is refused, naming the input', async (limit) => {
    refused(await run({ 'failure-limit': limit }), /failure-limit must be a whole number from 1 to 10000/);
  });

  it('on-no-data "maybe" is refused, listing the choices', async () => {
    refused(await run({ 'on-no-data': 'maybe' }), /on-no-data must be one of fail, inconclusive, ignore, got "maybe"/);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd'])('webhook %j is refused: only http(s)', async (webhook) => {
    refused(await run({ webhook }), /^input "webhook": must be an http\(s\) URL$/);
  });

  it('a metrics line with an inline credential is refused at its line, and the credential is never echoed', async () => {
    const message = refused(
      await run({ metrics: 'file:ok.jsonl\nprometheus:http://127.0.0.1:9090 token=hunter2-secret', queries: 'error_rate: up' }),
      /token=/,
    );
    expect(message).not.toContain('hunter2');
  });

  it('the located diagnostic of a bad metrics line names the input and its line', async () => {
    const { r } = await run({ metrics: 'file:ok.jsonl\nurl:http://user:pw@127.0.0.1/m' });
    const [error] = r.logger.entries.filter((e) => e.level === 'error');
    expect(error!.where).toMatchObject({ file: 'input "metrics"', line: 2 });
    expect(error!.message).toMatch(/credentials/);
    expect(error!.message).not.toContain('pw@');
  });

  it.each(['../outside.jsonl', '/etc/passwd'])('a file: replay outside the workspace (%s) is refused', async (file) => {
    refused(await run({ metrics: `file:${file}` }), /outside the workspace/);
  });

  it('queries that are not a map are refused, naming the input', async () => {
    const { r, code } = await run({ queries: '- error_rate\n- latency_p95_ms\n' });
    expect(code).toBe(1);
    const errors = r.logger.entries.filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(`${errors[0]!.where?.file ?? ''} ${errors[0]!.message}`).toMatch(/input "queries"/);
    expect(r.outputs).toEqual({});
  });

  it('a replay value "$(touch …)" is refused at its file line and never executed', async () => {
    const marker = path.join(ws.dir, 'pwned');
    ws.write('evil.jsonl', `{"ts":1,"metric":"error_rate","value":0.001}\n{"ts":2,"metric":"error_rate","value":"$(touch ${marker})"}\n`);
    const { r, code } = await run({ metrics: 'file:evil.jsonl' });
    expect(code).toBe(1);
    const [error] = r.logger.entries.filter((e) => e.level === 'error');
    expect(error!.where).toMatchObject({ file: 'evil.jsonl', line: 2 });
    expect(error!.message).toMatch(/value must be a number or null/);
    expect(existsSync(marker)).toBe(false);
    expect(r.outputs).toEqual({});
  });

  it('a switch in the store to a persona the library lacks is a warning: the watch keeps its persona to the end', async () => {
    const file = ws.write('state/state.json', JSON.stringify(stateDocument('watch-low', 1)));
    const clock = new FakeClock();
    clock.onSleep = (n) => {
      if (n === 2) writeFileSync(file, JSON.stringify(stateDocument('no-such-persona', 2)));
    };
    const metrics = ws.replay('long.jsonl', { error_rate: Array(10).fill(0.001), latency_p95_ms: Array(10).fill(100) });
    const { r, code } = await run({ state: `file:${file}`, metrics }, clock);
    expect(code).toBe(0);
    expect(r.outputs).toMatchObject({ 'persona-id': 'watch-low', verdict: 'pass', checks: '10', switches: '[]' });
    const warnings = r.logger.messages('warning').filter((m) => m.includes('no-such-persona'));
    expect(warnings[0]).toMatch(/^the state store names "no-such-persona", which cannot be resolved .*; the watch keeps watch-low$/);
    // Said once, not at each of the 8 later checks.
    expect(warnings).toHaveLength(1);
  });
});
