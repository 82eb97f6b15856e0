import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { parseHistoryCommitMessage } from '../../src/switching/history-entry.js';
import { parseState } from '../../src/switching/parse-state.js';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { bump, cacheFolder, entryAt, OWNER, REPO, requestLines, seed, stateAt, testStore, TOKEN } from './branch-state-store.fixtures.js';

const standIn = useGitHubApiServer({});
beforeEach(() => standIn().setRepoInfo(OWNER, REPO));

const CONTENTS = `/repos/${OWNER}/${REPO}/contents/state.json`;

describe('the branch state store', () => {
  it('is described by its branch and repository', () => {
    expect(testStore(standIn()).store.description).toBe('branch "persona-state" of octo-org/app');
    expect(testStore(standIn(), { branch: 'ops-state' }).store.description).toBe('branch "ops-state" of octo-org/app');
  });

  it('creates the orphan branch on the first write: blob, tree, commit without parents, then the ref', async () => {
    const { store } = testStore(standIn());
    await expect(store.update(bump('w'))).resolves.toBe(1);
    expect(requestLines(standIn()).filter((line) => line.startsWith('POST'))).toEqual([
      `POST /repos/${OWNER}/${REPO}/git/blobs`,
      `POST /repos/${OWNER}/${REPO}/git/trees`,
      `POST /repos/${OWNER}/${REPO}/git/commits`,
      `POST /repos/${OWNER}/${REPO}/git/refs`,
    ]);
    const git = standIn().git(OWNER, REPO);
    const [commit, ...older] = git.log('persona-state');
    expect(older).toEqual([]);
    expect(commit!.parents).toEqual([]);
    expect(parseHistoryCommitMessage(commit!.message)).toEqual({ ...entryAt(1), correlation_id: 'w-r1' });
    expect(parseState(Buffer.from(git.files('persona-state')!.get('state.json')!).toString('utf8'), 'x').revision).toBe(1);
    expect(JSON.parse(standIn().requests.find((r) => r.path.endsWith('/git/refs'))!.body)).toEqual({ ref: 'refs/heads/persona-state', sha: commit!.sha });
  });

  it('reads its own writes, and each later change is one commit on top (PUT with the blob sha)', async () => {
    const { store } = testStore(standIn());
    await store.update(bump('a'));
    await store.update(bump('b'));
    await expect(store.read()).resolves.toMatchObject({ revision: 2, active: { correlation_id: 'b-r2' } });
    const put = standIn().requests.find((r) => r.method === 'PUT')!;
    const sent = JSON.parse(put.body) as Record<string, unknown>;
    expect(sent).toMatchObject({ branch: 'persona-state', sha: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(parseHistoryCommitMessage(sent.message as string)).toMatchObject({ revision: 2, correlation_id: 'b-r2' });
    expect(
      standIn()
        .git(OWNER, REPO)
        .log('persona-state')
        .map((c) => c.parents.length),
    ).toEqual([1, 0]);
  });

  it('writes nothing when the change decides so', async () => {
    seed(standIn(), stateAt(4));
    const { store } = testStore(standIn());
    await expect(store.update((current) => ({ result: current?.revision }))).resolves.toBe(4);
    expect(standIn().requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('gives the history newest first from the commit messages, skipping commits made by hand, at most `limit`', async () => {
    const { store } = testStore(standIn());
    for (let i = 0; i < 3; i++) await store.update(bump('h'));
    standIn().git(OWNER, REPO).commitFiles('persona-state', { 'README.md': 'hand-made' }, 'docs: a commit made by hand');
    expect((await store.history(10)).map((e) => e.revision)).toEqual([3, 2, 1]);
    expect((await store.history(2)).map((e) => e.correlation_id)).toEqual(['h-r3', 'h-r2']);
    expect(standIn().requests.at(-1)!.query).toMatchObject({ sha: 'persona-state', per_page: '2' });
  });

  it('has no history and no state yet when the branch does not exist in a readable repository', async () => {
    const { store } = testStore(standIn());
    await expect(store.history(5)).resolves.toEqual([]);
    standIn().requests.length = 0;
    await expect(store.read()).resolves.toBeUndefined();
    expect(requestLines(standIn())).toEqual([`GET ${CONTENTS}`, `GET /repos/${OWNER}/${REPO}`]);
  });

  it('reads with one plain request: raw media type, the token, the branch as ref', async () => {
    seed(standIn(), stateAt(7));
    const { store } = testStore(standIn());
    await expect(store.read()).resolves.toMatchObject({ revision: 7 });
    expect(standIn().requests).toHaveLength(1);
    const [sent] = standIn().requests;
    expect(sent).toMatchObject({ method: 'GET', path: CONTENTS, query: { ref: 'persona-state' } });
    expect(sent!.headers).toMatchObject({ accept: 'application/vnd.github.raw+json', authorization: `Bearer ${TOKEN}` });
    expect(sent!.headers['if-none-match']).toBeUndefined();
  });

  it('costs one 304 for a second read in the same job, and sees a change after it', async () => {
    seed(standIn(), stateAt(1));
    const cacheDirectory = cacheFolder();
    await expect(testStore(standIn(), { cacheDirectory }).store.read()).resolves.toMatchObject({ revision: 1 });
    // A later stage of the same job: a new store (a new process), the same RUNNER_TEMP.
    standIn().requests.length = 0;
    await expect(testStore(standIn(), { cacheDirectory }).store.read()).resolves.toMatchObject({ revision: 1 });
    expect(standIn().requests.map((r) => [r.path, r.status])).toEqual([[CONTENTS, 304]]);
    expect(standIn().requests[0]!.headers['if-none-match']).toMatch(/^W\/"/);
    seed(standIn(), stateAt(2));
    standIn().requests.length = 0;
    await expect(testStore(standIn(), { cacheDirectory }).store.read()).resolves.toMatchObject({ revision: 2 });
    expect(standIn().requests.map((r) => r.status)).toEqual([200]);
  });

  it('still reads when the cache folder cannot be written (it only saves a request)', async () => {
    seed(standIn(), stateAt(1));
    const blocker = path.join(cacheFolder(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const { store, logger } = testStore(standIn(), { cacheDirectory: blocker });
    await expect(store.read()).resolves.toMatchObject({ revision: 1 });
    await expect(store.read()).resolves.toMatchObject({ revision: 1 });
    expect(standIn().requests.map((r) => r.status)).toEqual([200, 200]);
    expect(logger.entries.some((e) => e.level === 'debug' && /could not be cached/.test(e.message))).toBe(true);
  });

  it('reads a store on a named branch of another repository', async () => {
    standIn().setRepoInfo('octo-org', 'fleet-state');
    standIn()
      .git('octo-org', 'fleet-state')
      .commitFiles('freeze', { 'state.json': JSON.stringify(stateAt(3)) }, 'seed');
    const { store } = testStore(standIn(), { repo: 'fleet-state', branch: 'freeze' });
    await expect(store.read()).resolves.toMatchObject({ revision: 3 });
    expect(standIn().requests[0]).toMatchObject({ path: '/repos/octo-org/fleet-state/contents/state.json', query: { ref: 'freeze' } });
  });

  it('reports a corrupt state.json with its location, and never replaces it', async () => {
    seed(standIn(), '{"schema_version": "1.0", "revision": ');
    const { store } = testStore(standIn());
    const before = standIn().git(OWNER, REPO).head('persona-state');
    const error = (await store.read().catch((e: unknown) => e)) as ConfigurationError;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.diagnostics[0]).toMatchObject({ file: 'state.json on branch "persona-state" of octo-org/app' });
    await expect(store.update(bump('x'))).rejects.toThrow(/state\.json on branch "persona-state" of octo-org\/app/);
    expect(standIn().git(OWNER, REPO).head('persona-state')).toBe(before);
    expect(standIn().requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('a private repository the token cannot read', () => {
  beforeEach(() => standIn().setRepoInfo(OWNER, REPO, { private: true, tokens: ['another-token'] }));

  it('fails the read closed, naming contents: read, instead of reading "no switch yet"', async () => {
    const error = (await testStore(standIn())
      .store.read()
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/cannot be read with this token/);
    expect(error.message).toMatch(/freeze/);
    expect(error.message).toMatch(/"contents: read"/);
  });

  it('fails history closed too, and an update writes nothing', async () => {
    const { store } = testStore(standIn());
    await expect(store.history(5)).rejects.toThrow(/cannot be read with this token/);
    await expect(store.update(bump('x'))).rejects.toBeInstanceOf(ConfigurationError);
    expect(standIn().git(OWNER, REPO).branchNames()).toEqual([]);
  });

  it('reads normally with a token that was granted', async () => {
    seed(standIn(), stateAt(5));
    await expect(testStore(standIn(), { token: 'another-token' }).store.read()).resolves.toMatchObject({ revision: 5 });
  });
});
