import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { StateUnreachableError } from '../../src/state/state-unreachable-error.js';
import { type RecordedRequest, useGitHubApiServer } from '../support/github-api-server.js';
import { bump, OWNER, REPO, seed, stateAt, testStore } from './branch-state-store.fixtures.js';

/*
 * Server errors, rate limits and hangs: the read retries a bounded number of
 * times (waits injected, recorded, never slept), then throws a
 * StateUnreachableError the wiring can fall back on; writes never leave a
 * half-written state and never apply a change twice.
 */

const standIn = useGitHubApiServer({});
beforeEach(() => {
  standIn().setRepoInfo(OWNER, REPO);
  seed(standIn(), stateAt(1));
});
beforeAll(() =>
  testStore(standIn())
    .store.history(1)
    .catch(() => undefined),
);

const head = () => standIn().git(OWNER, REPO).head('persona-state');

describe('the read path under faults', () => {
  it.each([500, 502, 503])('retries HTTP %i twice (three attempts in all), then throws StateUnreachableError', async (status) => {
    standIn().queue({ status }, 3);
    const { store, readWaits } = testStore(standIn());
    const error = (await store.read().catch((e: unknown) => e)) as StateUnreachableError;
    expect(error).toBeInstanceOf(StateUnreachableError);
    expect(error.message).toBe(`the state store branch "persona-state" of octo-org/app is unreachable (HTTP ${status} after 3 attempts)`);
    expect(error.store).toBe('branch "persona-state" of octo-org/app');
    expect(standIn().requests).toHaveLength(3);
    expect(readWaits).toEqual([750, 1500]);
  });

  it('reads the state once a retry gets through', async () => {
    standIn().queue({ status: 502 });
    const { store, readWaits } = testStore(standIn());
    await expect(store.read()).resolves.toMatchObject({ revision: 1 });
    expect(readWaits).toHaveLength(1);
  });

  it('waits what a 429 asks (Retry-After), then reads', async () => {
    standIn().queue({ status: 429, headers: { 'retry-after': '7' } });
    const { store, readWaits } = testStore(standIn());
    await expect(store.read()).resolves.toMatchObject({ revision: 1 });
    expect(readWaits).toEqual([7000]);
  });

  it('gives up at once when Retry-After asks for longer than the policy accepts', async () => {
    standIn().queue({ status: 429, headers: { 'retry-after': '3600' } });
    const { store, readWaits } = testStore(standIn());
    await expect(store.read()).rejects.toThrow(/unreachable \(HTTP 429, a secondary rate limit\)/);
    expect(readWaits).toEqual([]);
    expect(standIn().requests).toHaveLength(1);
  });

  it('treats an exhausted rate limit (403, x-ratelimit-remaining: 0) as unreachable, not as a refusal', async () => {
    const reset = String(Math.floor(Date.parse('2026-01-01T00:00:05Z') / 1000));
    standIn().queue({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
    const { store, readWaits } = testStore(standIn());
    await expect(store.read()).resolves.toMatchObject({ revision: 1 });
    expect(readWaits).toEqual([6000]);
  });

  it('times a hanging server out on every attempt, inside the budget', async () => {
    standIn().queue({ status: 200, hang: true }, 3);
    const { store } = testStore(standIn(), { readTimeoutMs: 40, readBudgetMs: 10_000 });
    const started = Date.now();
    await expect(store.read()).rejects.toThrow(/unreachable \(timed out after 40 ms after 3 attempts\)/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('throws StateUnreachableError for a refused connection', async () => {
    const { store } = testStore(standIn(), { apiUrl: 'http://127.0.0.1:1' });
    await expect(store.read()).rejects.toBeInstanceOf(StateUnreachableError);
  });

  it('does not retry or fall back on a refusal: 401 is a configuration error', async () => {
    standIn().queue({ status: 401, body: { message: 'Bad credentials' } });
    const error = (await testStore(standIn())
      .store.read()
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).not.toBeInstanceOf(StateUnreachableError);
    expect(error.message).toMatch(/token is missing, expired or invalid/);
    expect(standIn().requests).toHaveLength(1);
  });
});

describe('the write path under faults', () => {
  const isPut = (r: RecordedRequest) => r.method === 'PUT';
  const isRef = (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith('/git/refs');

  it('a PUT that failed with 502 before landing is not repeated blindly: checked, then written once', async () => {
    standIn().queue({ status: 502, match: isPut });
    const calls: Array<number | undefined> = [];
    const result = await testStore(standIn()).store.update((current) => (calls.push(current?.revision), bump('w')(current)));
    expect(result).toBe(2);
    expect(calls).toEqual([1, 1]);
    expect(
      standIn()
        .requests.filter(isPut)
        .map((r) => r.status),
    ).toEqual([502, 200]);
    expect(standIn().git(OWNER, REPO).log('persona-state')).toHaveLength(2);
  });

  it('a PUT that landed but whose answer was lost is recognised, never applied twice', async () => {
    standIn().queue({ status: 502, applyFirst: true, match: isPut });
    const calls: Array<number | undefined> = [];
    const result = await testStore(standIn()).store.update((current) => (calls.push(current?.revision), bump('w')(current)));
    expect(result).toBe(2);
    expect(calls).toEqual([1]);
    expect(standIn().requests.filter(isPut)).toHaveLength(1);
    expect(standIn().git(OWNER, REPO).log('persona-state')).toHaveLength(2);
  });

  it('a branch whose creation landed but whose answer was lost is recognised', async () => {
    standIn().reset();
    standIn().setRepoInfo(OWNER, REPO);
    standIn().queue({ status: 504, applyFirst: true, match: isRef });
    const calls: Array<number | undefined> = [];
    await expect(testStore(standIn()).store.update((current) => (calls.push(current?.revision), bump('w')(current)))).resolves.toBe(1);
    expect(calls).toEqual([undefined]);
    expect(standIn().git(OWNER, REPO).log('persona-state')).toHaveLength(1);
  });

  it('reports the failure after a few writes that did not land, and the state is untouched', async () => {
    const before = head();
    standIn().queue({ status: 502, match: isPut }, 10);
    const error = (await testStore(standIn())
      .store.update(bump('w'))
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe('writing state.json on branch "persona-state" of octo-org/app is unreachable (HTTP 502)');
    expect(standIn().requests.filter(isPut)).toHaveLength(3);
    expect(head()).toBe(before);
  });

  it('fails with a clear error when GitHub keeps failing the read, and writes nothing', async () => {
    const before = head();
    standIn().queue({ status: 500 }, 50);
    const error = (await testStore(standIn())
      .store.update(bump('w'))
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/state\.json on branch "persona-state" of octo-org\/app is unreachable \(HTTP 500 after 4 attempts\)/);
    expect(standIn().requests.every((r) => r.method === 'GET')).toBe(true);
    expect(head()).toBe(before);
  });
});
