import { parseHistoryCommitMessage } from '../../src/switching/history-entry.js';
import { parseState } from '../../src/switching/parse-state.js';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { bump, OWNER, REPO, seed, stateAt, testStore } from './branch-state-store.fixtures.js';

/*
 * 20 writers at once, each a separate store with its own GitHub client (like
 * 20 jobs), against one stand-in that applies the compare-and-swap the way
 * GitHub does (stale sha 409, missing sha 422, existing ref 422).
 */

const standIn = useGitHubApiServer({});
beforeEach(() => standIn().setRepoInfo(OWNER, REPO));
// Octokit is loaded once per test file, on the first request: not inside a timed test.
beforeAll(() =>
  testStore(standIn())
    .store.history(1)
    .catch(() => undefined),
);

const WRITERS = 20;

/** The revisions and writers recorded in the branch's log, oldest first. */
function recorded(): Array<{ revision: number; correlation: string }> {
  return standIn()
    .git(OWNER, REPO)
    .log('persona-state')
    .reverse()
    .map((commit) => parseHistoryCommitMessage(commit.message))
    .filter((entry) => entry !== undefined)
    .map((entry) => ({ revision: entry.revision, correlation: entry.correlation_id }));
}

function finalRevision(): number {
  const bytes = standIn().git(OWNER, REPO).files('persona-state')!.get('state.json')!;
  return parseState(Buffer.from(bytes).toString('utf8'), 'state.json').revision;
}

async function writeAtOnce(): Promise<number[]> {
  const stores = Array.from({ length: WRITERS }, () => testStore(standIn()).store);
  return Promise.all(stores.map((store, n) => store.update(bump(`writer-${n}`))));
}

describe('20 simultaneous writers on a branch store', () => {
  it('on an existing branch: 20 commits, revisions consecutive, every writer landed once', async () => {
    seed(standIn(), stateAt(100));
    const results = await writeAtOnce();
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: WRITERS }, (_, i) => 101 + i));
    const log = recorded();
    expect(log.map((e) => e.revision)).toEqual(Array.from({ length: WRITERS }, (_, i) => 101 + i));
    expect(new Set(log.map((e) => e.correlation.replace(/-r\d+$/, ''))).size).toBe(WRITERS);
    expect(finalRevision()).toBe(100 + WRITERS);
    // Losers were told by the stand-in exactly as GitHub tells them.
    const puts = standIn().requests.filter((r) => r.method === 'PUT');
    expect(puts.filter((r) => r.status === 200)).toHaveLength(WRITERS);
    expect(puts.filter((r) => r.status !== 200).every((r) => r.status === 409)).toBe(true);
  });

  it('on a missing branch: the ref race is lost by all but one, and every writer still lands', async () => {
    const results = await writeAtOnce();
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: WRITERS }, (_, i) => 1 + i));
    const refs = standIn().requests.filter((r) => r.path.endsWith('/git/refs'));
    expect(refs.filter((r) => r.status === 201)).toHaveLength(1);
    expect(refs.filter((r) => r.status === 422).every((r) => (r.reply as { message: string }).message === 'Reference already exists')).toBe(true);
    const log = recorded();
    expect(log.map((e) => e.revision)).toEqual(Array.from({ length: WRITERS }, (_, i) => 1 + i));
    expect(standIn().git(OWNER, REPO).log('persona-state').at(-1)!.parents).toEqual([]);
    expect(finalRevision()).toBe(WRITERS);
  });
});

describe('a writer that loses between its read and its write re-reads and applies its change to the new state', () => {
  /** A change that, the first time it is asked, lets another writer land `interloper` first (as if it wrote in between). */
  function interleaved(interloper: () => void): { change: ReturnType<typeof bump>; seen: Array<number | undefined> } {
    const seen: Array<number | undefined> = [];
    const inner = bump('late');
    return {
      seen,
      change: (current) => {
        seen.push(current?.revision);
        if (seen.length === 1) interloper();
        return inner(current);
      },
    };
  }

  const other = (revision: number) => () => seed(standIn(), stateAt(revision, `other-r${revision}`));
  const putStatuses = () =>
    standIn()
      .requests.filter((r) => r.method === 'PUT')
      .map((r) => [r.status, (r.reply as { message?: string }).message]);

  it('a stale sha: GitHub answers 409', async () => {
    seed(standIn(), stateAt(1));
    const { change, seen } = interleaved(other(2));
    await expect(testStore(standIn()).store.update(change)).resolves.toBe(3);
    expect(seen).toEqual([1, 2]);
    expect(putStatuses()).toEqual([
      [409, expect.stringMatching(/^state\.json does not match [0-9a-f]{40}$/)],
      [200, undefined],
    ]);
    expect(finalRevision()).toBe(3);
  });

  it('no sha because the branch had no state.json yet: GitHub answers 422 "sha wasn\'t supplied"', async () => {
    standIn().git(OWNER, REPO).commitFiles('persona-state', { 'README.md': 'state lives here' }, 'init');
    const { change, seen } = interleaved(other(1));
    await expect(testStore(standIn()).store.update(change)).resolves.toBe(2);
    expect(seen).toEqual([undefined, 1]);
    expect(putStatuses()).toEqual([
      [422, 'Invalid request.\n\n"sha" wasn\'t supplied.'],
      [200, undefined],
    ]);
  });

  it('a branch created by someone else: the ref answers 422 "Reference already exists"', async () => {
    const { change, seen } = interleaved(other(1));
    await expect(testStore(standIn()).store.update(change)).resolves.toBe(2);
    expect(seen).toEqual([undefined, 1]);
    const refs = standIn().requests.filter((r) => r.path.endsWith('/git/refs'));
    expect(refs.map((r) => [r.status, (r.reply as { message?: string }).message])).toEqual([[422, 'Reference already exists']]);
    expect(recorded().map((e) => e.revision)).toEqual([2]);
    expect(finalRevision()).toBe(2);
  });
});
