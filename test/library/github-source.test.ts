import { jest } from '@jest/globals';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { createGitHubClient } from '../../src/github/github-client.js';
import { formatGitHubSpec, GitHubSource, type GitHubSourceOptions, parseGitHubSpec } from '../../src/library/github-source.js';
import { InMemoryRemoteCache, type RemoteCache } from '../../src/library/remote-cache.js';
import { GitHubApiServer, useGitHubApiServer } from '../support/github-api-server.js';

const TEAM = 'name: Team\nrisk_tolerance: low\n';
const OTHER = 'name: Other\nrisk_tolerance: high\n';
const DEEP = 'name: Deep\nrisk_tolerance: medium\n';
const SINGLE = '{ "name": "Single", "risk_tolerance": "medium" }';
const T0 = new Date('2024-05-01T10:00:00.000Z');
const T3H = new Date('2024-05-01T13:00:00.000Z');
const SHA = 'a'.repeat(40);

const standIn = useGitHubApiServer({
  'acme/personas': {
    'personas/team.yml': TEAM,
    'personas/other.yaml': OTHER,
    'personas/notes.md': '# not a persona',
    'personas/.draft.yml': 'name: Draft\nrisk_tolerance: low\n',
    'personas/nested/deep.yml': DEEP,
    'single.json': SINGLE,
  },
});

/** Waits the GitHub client asked for between retries (recorded, not slept). */
let waits: number[] = [];
beforeEach(() => {
  waits = [];
});

function source(spec: string, extra: Partial<GitHubSourceOptions> = {}) {
  const logger = extra.logger instanceof MemoryLogger ? extra.logger : new MemoryLogger();
  const cache = extra.cache ?? new InMemoryRemoteCache();
  const delay = async (ms: number) => void waits.push(ms);
  const src = new GitHubSource({ spec, token: 't0k3n', baseUrl: standIn().baseUrl, now: () => T0, delay, random: () => 1, ...extra, cache, logger });
  return { src, logger, cache };
}

const ids = (result: { definitions: Array<{ definition: { id: string } }> }): string[] => result.definitions.map((d) => d.definition.id);
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('GitHubSource: reading', () => {
  it('fails on a folder that holds no persona file, rather than contributing nothing', async () => {
    const { src } = source('github:acme/personas/personas/nested-only@main');
    standIn().setRepo('acme', 'personas', { 'personas/nested-only/sub/deep.yml': DEEP, 'personas/nested-only/README.md': '# docs' });
    const error = await failure(src.load());
    expect((error as Error).message).toBe(
      'library source github:acme/personas/personas/nested-only@main holds no .json, .yml or .yaml file (folders are not read recursively)',
    );
  });

  it('reads the persona files directly inside a folder, named by spec and file, skipping others and subfolders', async () => {
    const { src } = source('github:acme/personas/personas@main');
    const result = await src.load();
    expect(result.label).toBe('github:acme/personas/personas@main');
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => [d.definition.id, d.origin.file])).toEqual([
      ['other', 'github:acme/personas/personas@main/other.yaml'],
      ['team', 'github:acme/personas/personas@main/team.yml'],
    ]);
    expect(standIn().requests.map((r) => `${r.path}?ref=${r.query.ref}`)).toEqual([
      '/repos/acme/personas/contents/personas?ref=main',
      '/repos/acme/personas/contents/personas/other.yaml?ref=main',
      '/repos/acme/personas/contents/personas/team.yml?ref=main',
    ]);
    expect(standIn().requests.every((r) => r.headers.authorization === 'token t0k3n')).toBe(true);
  });

  it('reads a single file, and the repository root of the default branch', async () => {
    expect(ids(await source('github:acme/personas/single.json@v1').src.load())).toEqual(['single']);
    standIn().requests.length = 0;
    const root = await source('github:acme/personas').src.load();
    expect(ids(root)).toEqual(['single']);
    expect(standIn().requests[0]).toMatchObject({ path: '/repos/acme/personas/contents', query: {} });
  });

  it('reports parse errors of a remote file as diagnostics naming the file', async () => {
    standIn().setRepo('acme', 'personas', { 'personas/bad.yml': 'name: Bad\nrisk_tolerance: extreme\n' });
    const result = await source('github:acme/personas/personas@main').src.load();
    expect(result.diagnostics).toEqual([
      {
        file: 'github:acme/personas/personas@main/bad.yml',
        line: 2,
        column: 17,
        path: 'risk_tolerance',
        message: 'unknown risk tolerance "extreme" (expected one of low, medium, high)',
      },
    ]);
  });

  it('refuses a path that is neither a persona file nor a folder', async () => {
    const error = await failure(source('github:acme/personas/personas/notes.md@main').src.load());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('library source github:acme/personas/personas/notes.md@main is not a .json, .yml or .yaml file');
  });

  it('uses an injected fetch', async () => {
    const spy = jest.fn((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
    await source('github:acme/personas/single.json', { fetch: spy as typeof fetch }).src.load();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('needs a token', async () => {
    const { src } = source('github:acme/personas/personas', { token: '' });
    await expect(src.load()).rejects.toThrow('library source github:acme/personas/personas needs a GitHub token');
    expect(standIn().requests).toEqual([]);
  });
});

describe('GitHubSource: text encoding', () => {
  const latin1 = Buffer.from('name: Café\nrisk_tolerance: low\n', 'latin1');

  it('fails naming a file that is not UTF-8, and caches nothing', async () => {
    standIn().setRepo('acme', 'personas', { 'personas/team.yml': TEAM, 'personas/cafe.yml': latin1 });
    const { src, cache } = source('github:acme/personas/personas@main');
    const error = await failure(src.load());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('github:acme/personas/personas@main/cafe.yml: not UTF-8 text (persona files must be UTF-8)');
    expect(await cache.restore(`github:acme/personas/personas@main via ${standIn().baseUrl}`)).toBeUndefined();
  });

  it('says when a file is UTF-16', async () => {
    standIn().setRepo('acme', 'personas', { 'wide.yml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEAM, 'utf16le')]) });
    const error = await failure(source('github:acme/personas/wide.yml').src.load());
    expect((error as Error).message).toBe('github:acme/personas/wide.yml: is UTF-16; save it as UTF-8');
  });

  it('reads UTF-8 with a byte order mark', async () => {
    standIn().setRepo('acme', 'personas', { 'bom.yml': Buffer.from('\uFEFFname: Café\nrisk_tolerance: low\n', 'utf8') });
    const result = await source('github:acme/personas/bom.yml').src.load();
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => d.definition.name)).toEqual(['Café']);
  });
});

describe('GitHubSource: cache', () => {
  it('revalidates with the listing ETag: a 304 reuses the copy without fetching files or saving', async () => {
    const cache = new InMemoryRemoteCache();
    await source('github:acme/personas/personas@main', { cache }).src.load();
    standIn().requests.length = 0;
    const saves = jest.spyOn(cache, 'save');
    const { src, logger } = source('github:acme/personas/personas@main', { cache });
    expect(ids(await src.load())).toEqual(['other', 'team']);
    expect(standIn().requests).toHaveLength(1);
    expect(standIn().requests[0]!.headers['if-none-match']).toMatch(/^W\/"[0-9a-f]{64}"$/);
    expect(saves).not.toHaveBeenCalled();
    expect(logger.messages('warning')).toEqual([]);
  });

  it('refetches and saves when the folder changed', async () => {
    const cache = new InMemoryRemoteCache();
    await source('github:acme/personas/personas@main', { cache }).src.load();
    standIn().setRepo('acme', 'personas', { 'personas/team.yml': TEAM, 'personas/deep.yml': DEEP });
    const saves = jest.spyOn(cache, 'save');
    expect(ids(await source('github:acme/personas/personas@main', { cache }).src.load())).toEqual(['deep', 'team']);
    expect(saves).toHaveBeenCalledTimes(1);
  });

  it('uses the cached copy of a commit SHA ref without any request', async () => {
    const cache = new InMemoryRemoteCache();
    await source(`github:acme/personas/personas@${SHA}`, { cache }).src.load();
    standIn().requests.length = 0;
    expect(ids(await source(`github:acme/personas/personas@${SHA}`, { cache }).src.load())).toEqual(['other', 'team']);
    expect(standIn().requests).toEqual([]);
  });

  it('retries a server error before anything else, so one 502 or 503 costs no fallback', async () => {
    standIn().queue({ status: 502 });
    standIn().queue({ status: 503 });
    const { src, logger } = source('github:acme/personas/personas@main');
    expect(ids(await src.load())).toEqual(['other', 'team']);
    expect(waits).toEqual([1000, 2000]);
    expect(logger.messages('warning')).toEqual([]);
    expect(standIn().requests.map((r) => r.path)).toEqual([
      '/repos/acme/personas/contents/personas',
      '/repos/acme/personas/contents/personas',
      '/repos/acme/personas/contents/personas',
      '/repos/acme/personas/contents/personas/other.yaml',
      '/repos/acme/personas/contents/personas/team.yml',
    ]);
  });

  it('falls back to the cached copy on HTTP 500 after the retries, warning with its age', async () => {
    const cache = new InMemoryRemoteCache();
    await source('github:acme/personas/personas@main', { cache }).src.load();
    standIn().requests.length = 0;
    standIn().queue({ status: 500 }, 3);
    const { src, logger } = source('github:acme/personas/personas@main', { cache, now: () => T3H });
    expect(ids(await src.load())).toEqual(['other', 'team']);
    expect(logger.messages('warning')).toEqual([
      'library source github:acme/personas/personas@main is unreachable (HTTP 500 after 3 attempts); using the cached copy from 3 h ago',
    ]);
    expect(standIn().requests).toHaveLength(3);
  });

  it('falls back to the cached copy when rate limited', async () => {
    const cache = new InMemoryRemoteCache();
    await source('github:acme/personas/personas', { cache }).src.load();
    standIn().queue({ status: 403, headers: { 'x-ratelimit-remaining': '0' }, body: { message: 'API rate limit exceeded' } });
    const { src, logger } = source('github:acme/personas/personas', { cache, now: () => T3H });
    expect(ids(await src.load())).toEqual(['other', 'team']);
    expect(logger.messages('warning')[0]).toContain('is unreachable (HTTP 403, the API rate limit is exhausted); using the cached copy from 3 h ago');
  });

  it('fails clearly when unreachable without a cached copy', async () => {
    standIn().queue({ status: 502 }, 3);
    const error = await failure(source('github:acme/personas/personas@main').src.load());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      'library source github:acme/personas/personas@main is unreachable (HTTP 502 after 3 attempts) and no cached copy exists',
    );
  });

  it('counts a server that is down, and running out of the budget, as unreachable', async () => {
    const dead = await GitHubApiServer.start();
    await dead.close();
    const down = await failure(source('github:acme/personas/personas', { baseUrl: dead.baseUrl, retries: 0 }).src.load());
    expect((down as Error).message).toMatch(/^library source github:acme\/personas\/personas is unreachable \(.*ECONNREFUSED.*\) and no cached copy exists$/);
    standIn().queue({ status: 200, body: [], delayMs: 500 }, 2);
    // 50 ms is the whole budget: once the first attempt has used it, no retry is sent.
    const slow = await failure(source('github:acme/personas/personas', { timeoutMs: 50, retries: 1 }).src.load());
    expect((slow as Error).message).toMatch(
      /^library source github:acme\/personas\/personas is unreachable \(timed out(?: after 50 ms|: the time budget ran out); no time left for another attempt\) and no cached copy exists$/,
    );
    expect(standIn().requests).toHaveLength(1);
  });

  it('reads through a client shared with other sources', async () => {
    const client = createGitHubClient({ token: 'shared', apiUrl: standIn().baseUrl });
    const { src } = source('github:acme/personas/single.json', { client, token: undefined, baseUrl: 'http://unused.invalid' });
    expect(ids(await src.load())).toEqual(['single']);
    expect(standIn().requests.map((r) => r.headers.authorization)).toEqual(['token shared']);
  });

  it('warns and still loads when the cache fails to restore and to save', async () => {
    const broken: RemoteCache = { restore: () => Promise.reject(new Error('no cache service')), save: () => Promise.reject(new Error('no cache service')) };
    const { src, logger } = source('github:acme/personas/personas@main', { cache: broken });
    expect(ids(await src.load())).toEqual(['other', 'team']);
    expect(logger.messages('warning')).toEqual([
      `could not restore the cached copy of github:acme/personas/personas@main via ${standIn().baseUrl} (no cache service); fetching it instead`,
      `could not save the cached copy of github:acme/personas/personas@main via ${standIn().baseUrl} (no cache service); the next run fetches it again`,
    ]);
  });
});

describe('GitHubSource: user errors are not covered by the cache', () => {
  async function cachedThen(status: number): Promise<{ error: unknown; logger: MemoryLogger }> {
    const cache = new InMemoryRemoteCache();
    await source('github:acme/personas/personas@main', { cache }).src.load();
    standIn().queue({ status });
    const { src, logger } = source('github:acme/personas/personas@main', { cache });
    return { error: await failure(src.load()), logger };
  }

  it('fails on 404 naming the spec, even with a cached copy', async () => {
    const { error, logger } = await cachedThen(404);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      'library source github:acme/personas/personas@main was not found (HTTP 404): check the owner, repository, path and ref, and that the token can read the repository',
    );
    expect(logger.messages('warning')).toEqual([]);
  });

  it('fails on a missing repository', async () => {
    await expect(source('github:acme/nope/personas@main').src.load()).rejects.toThrow('library source github:acme/nope/personas@main was not found (HTTP 404)');
  });

  it('fails on 403 and 401 naming the permission the token needs', async () => {
    expect(String((await cachedThen(403)).error)).toContain(
      'library source github:acme/personas/personas@main was refused (HTTP 403): the token cannot read the repository; it needs the "contents: read" permission on acme/personas',
    );
    expect(String((await cachedThen(401)).error)).toContain(
      'was refused (HTTP 401): the token is missing or invalid, and it needs the "contents: read" permission',
    );
  });
});

describe('parseGitHubSpec', () => {
  it.each([
    ['github:acme/personas/team/personas@v1.2', { owner: 'acme', repo: 'personas', path: 'team/personas', ref: 'v1.2' }],
    ['github:acme/personas/file.yml', { owner: 'acme', repo: 'personas', path: 'file.yml' }],
    ['github:acme/personas', { owner: 'acme', repo: 'personas', path: '' }],
    ['github:acme/my.repo/dir/@feature/x', { owner: 'acme', repo: 'my.repo', path: 'dir', ref: 'feature/x' }],
  ])('parses %s', (spec, parsed) => {
    expect(parseGitHubSpec(spec)).toEqual(parsed);
    expect(formatGitHubSpec(parseGitHubSpec(spec))).toBe(spec.replace('/@', '@'));
  });

  it.each([
    ['gh:acme/personas', 'it does not start with "github:"'],
    ['github:', 'the owner is missing'],
    ['github:acme', 'the repository is missing'],
    ['github:acme/personas@', 'the ref after "@" is empty'],
    ['github:ac me/personas', 'the owner "ac me" has characters GitHub does not allow'],
    ['github:acme/per$onas', 'the repository "per$onas" has characters GitHub does not allow'],
    ['github:acme/personas/../secrets', 'the path has an empty, "." or ".." segment'],
    ['github:acme/personas//x', 'the path has an empty, "." or ".." segment'],
    ['github:acme/personas/x@a..b', 'the ref "a..b" is not a valid branch, tag or commit'],
  ])('rejects %s', (spec, problem) => {
    expect(() => parseGitHubSpec(spec)).toThrow(ConfigurationError);
    expect(() => parseGitHubSpec(spec)).toThrow(
      `library source ${JSON.stringify(spec)} is not a valid GitHub source: ${problem} (expected github:OWNER/REPO/PATH@REF, where PATH and @REF are optional)`,
    );
  });

  it('reports a malformed spec when the source loads, so it joins the other problems', async () => {
    const { src } = source('github:acme');
    await expect(src.load()).rejects.toBeInstanceOf(ConfigurationError);
  });
});
