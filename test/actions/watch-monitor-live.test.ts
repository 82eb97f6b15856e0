// watch-monitor in process: a persona switch written to the state store during the watch (from the fake clock's sleep
// before check 3) is adopted at check 3: the new persona's thresholds apply from that check and `switches` lists it.
// Both stores: `file:` and the `branch` store on the local REST stand-in (whose later reads are conditional: 304s).
import { writeFileSync } from 'node:fs';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { FakeClock, personaYaml, progress, stateDocument, watch, Workspace } from './fixtures/watch/watch-harness.js';

const server = useGitHubApiServer({});

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace({
    'watch-low': personaYaml('watch-low'),
    // Stricter: the steady error rate of 0.005 breaches it.
    'watch-strict': personaYaml('watch-strict', { errorLimit: 0.002 }),
  });
});
afterEach(() => ws.remove());

const steady = { error_rate: Array(10).fill(0.005), latency_p95_ms: Array(10).fill(100) };
const SWITCHED = { check: 3, from: 'watch-low', to: 'watch-strict', revision: 2, correlationId: 'c-2' };

/** A clock that runs `change` in the sleep before check 3. */
function switchingClock(change: () => void): FakeClock {
  const clock = new FakeClock();
  clock.onSleep = (n) => {
    if (n === 2) change();
  };
  return clock;
}

describe('a switch in a file: store mid-watch', () => {
  it('applies the new persona from check 3: it fails the steady error rate the old one passed', async () => {
    const file = ws.write('state/state.json', JSON.stringify(stateDocument('watch-low', 1)));
    const r = ws.runner({ state: `file:${file}`, metrics: ws.replay('steady.jsonl', steady) });
    const clock = switchingClock(() => writeFileSync(file, JSON.stringify(stateDocument('watch-strict', 2))));
    const error = await watch(r, clock);
    expect(error?.message).toMatch(/error_rate > 0\.002 breached \(0\.005/);
    const lines = progress(r);
    expect(lines.slice(0, 2).every((l) => l.includes('error_rate=0.005 ok (breach > 0.01)'))).toBe(true);
    expect(lines[2]).toContain('error_rate=0.005 BREACH (breach > 0.002)');
    expect(r.logger.messages('info')).toContain('persona switched: watch-low → watch-strict (revision 2); its thresholds apply from check 3');
    expect(JSON.parse(r.outputs.switches!)).toEqual([{ ...SWITCHED, at: expect.any(String) }]);
    expect(r.outputs).toMatchObject({ 'persona-id': 'watch-strict', revision: '2', checks: '3' });
    expect(JSON.parse(r.outputs.breaches!)).toEqual([expect.objectContaining({ index: 3, personaId: 'watch-strict' })]);
    expect(r.summary).toContain('### Persona switches during the watch');
    expect(r.summary).toMatch(/\| 3 \| .*`watch-strict`, switched from watch-low \(revision 2\)/);
    // The persona line under the heading names the persona watched at the end, its revision and the switch that set it.
    expect(r.summary.split('\n')[2]).toBe('Persona `watch-strict` · state revision 2 · switch `c-2`');
  });

  it('pin: true keeps the hand-over persona: the switch is not followed', async () => {
    const file = ws.write('state/state.json', JSON.stringify(stateDocument('watch-low', 1)));
    const r = ws.runner({ state: `file:${file}`, pin: 'true', default: 'watch-low', metrics: ws.replay('steady.jsonl', steady) });
    expect(
      await watch(
        r,
        switchingClock(() => writeFileSync(file, JSON.stringify(stateDocument('watch-strict', 2)))),
      ),
    ).toBeUndefined();
    expect(r.outputs).toMatchObject({ 'persona-id': 'watch-low', verdict: 'pass', switches: '[]', checks: '10' });
  });

  it('a store that breaks mid-watch is one warning; the watch keeps its persona and goes on', async () => {
    const file = ws.write('state/state.json', JSON.stringify(stateDocument('watch-low', 1)));
    const r = ws.runner({ state: `file:${file}`, metrics: ws.replay('steady.jsonl', steady) });
    expect(
      await watch(
        r,
        switchingClock(() => writeFileSync(file, '{ not json')),
      ),
    ).toBeUndefined();
    expect(r.outputs).toMatchObject({ 'persona-id': 'watch-low', verdict: 'pass', checks: '10' });
    expect(r.logger.messages('warning').filter((m) => m.startsWith('the state store could not be re-read'))).toHaveLength(1);
  });
});

describe('a switch in the branch store (local REST stand-in) mid-watch', () => {
  const seed = (persona: string, revision: number) =>
    server()
      .git('octo-org', 'app')
      .commitFiles('persona-state', { 'state.json': JSON.stringify(stateDocument(persona, revision)) }, `switch to ${persona}`);
  const stateReads = () => server().requests.filter((q) => q.method === 'GET' && q.path.endsWith('/contents/state.json'));

  it('is adopted at check 3, and every other read is a conditional request answered 304', async () => {
    seed('watch-low', 1);
    const r = ws.runner(
      { state: 'branch', token: 'watch-token', metrics: ws.replay('steady.jsonl', steady) },
      { GITHUB_API_URL: server().baseUrl, GITHUB_REPOSITORY: 'octo-org/app' },
    );
    const error = await watch(
      r,
      switchingClock(() => seed('watch-strict', 2)),
    );
    expect(error?.message).toMatch(/error_rate > 0\.002 breached/);
    expect(JSON.parse(r.outputs.switches!)).toEqual([{ ...SWITCHED, at: expect.any(String) }]);
    // The stage's first read, then one per check (3): the reads of checks 1 and 2 found the state unchanged.
    const reads = stateReads();
    expect(reads.map((q) => q.status)).toEqual([200, 304, 304, 200]);
    expect(reads.slice(1).every((q) => typeof q.headers['if-none-match'] === 'string')).toBe(true);
    expect(reads.every((q) => q.headers.authorization === 'token watch-token' || q.headers.authorization === 'Bearer watch-token')).toBe(true);
  });
});
