import { createHash } from 'node:crypto';
import { jest } from '@jest/globals';
import nock from 'nock';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { formatAge } from '../../src/library/cached-fetch.js';
import { type CachedCopy, digestDocuments, InMemoryRemoteCache, type RemoteCache } from '../../src/library/remote-cache.js';
import { parseSourceUrl, UrlSource } from '../../src/library/url-source.js';
import { createNodeTransport, type HttpTransport } from '../../src/library/http-transport.js';
import type { RetryTiming } from '../../src/library/remote-retry.js';

const HOST = 'https://personas.example.test';
const FILE = '/team/remote.yml';
const URL_ = `${HOST}${FILE}`;
const PERSONA = 'name: Remote Team\nrisk_tolerance: low\n';
const OTHER = 'name: Other Team\nrisk_tolerance: high\n';
const NOW = new Date('2024-05-01T13:00:00.000Z');
const THREE_HOURS_EARLIER = '2024-05-01T10:00:00.000Z';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function cachedCopy(text: string, etag?: string): CachedCopy {
  const documents = [{ file: URL_, text }];
  return { documents, digest: digestDocuments(documents), fetchedAt: THREE_HOURS_EARLIER, ...(etag ? { etag } : {}) };
}

/** A source over a fresh in-memory cache (optionally holding `cached`), counting requests; waits between retries are recorded, not slept. */
async function setup(options: { url?: string; cached?: CachedCopy; cache?: RemoteCache; timeoutMs?: number } = {}) {
  const logger = new MemoryLogger();
  const memory = new InMemoryRemoteCache();
  if (options.cached) await memory.save(parseSourceUrl(options.url ?? URL_).href, options.cached);
  const cache = options.cache ?? memory;
  const saves = jest.spyOn(cache, 'save');
  const real = createNodeTransport();
  const fetchSpy = jest.fn<HttpTransport>((url, init) => real(url, init));
  const waits: number[] = [];
  let clock = NOW.getTime();
  const timing: RetryTiming = { now: () => clock, sleep: async (ms) => void waits.push((clock += ms) && ms), random: () => 1 };
  const source = new UrlSource({ url: options.url ?? URL_, cache, logger, transport: fetchSpy, now: () => NOW, timeoutMs: options.timeoutMs, timing });
  return { source, logger, memory, saves, fetchSpy, waits };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  // Unpatches node:http for the test files this worker runs next.
  nock.restore();
});

describe('UrlSource: fetching', () => {
  it('fetches on a cache miss, parses the file under its URL and saves the copy with its ETag', async () => {
    const scope = nock(HOST).get(FILE).reply(200, PERSONA, { ETag: '"v1"' });
    const { source, memory, logger } = await setup();
    const result = await source.load();
    expect(scope.isDone()).toBe(true);
    expect(result.label).toBe(URL_);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => [d.definition.id, d.origin.file])).toEqual([['remote-team', URL_]]);
    expect(await memory.restore(URL_)).toEqual({
      documents: [{ file: URL_, text: PERSONA }],
      digest: sha256(PERSONA),
      etag: '"v1"',
      fetchedAt: NOW.toISOString(),
    });
    expect(logger.messages('warning')).toEqual([]);
  });

  it('sends no If-None-Match without a cached copy', async () => {
    const scope = nock(HOST, { badheaders: ['if-none-match'] })
      .get(FILE)
      .reply(200, PERSONA);
    const { source } = await setup();
    await source.load();
    expect(scope.isDone()).toBe(true);
  });

  it('revalidates a cached copy with its ETag and uses it on 304 without saving again', async () => {
    const scope = nock(HOST).get(FILE).matchHeader('if-none-match', '"v1"').reply(304);
    const { source, saves, logger } = await setup({ cached: cachedCopy(PERSONA, '"v1"') });
    const result = await source.load();
    expect(scope.isDone()).toBe(true);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['remote-team']);
    expect(saves).not.toHaveBeenCalled();
    expect(logger.messages('warning')).toEqual([]);
  });

  it('replaces a stale cached copy with the new body', async () => {
    nock(HOST).get(FILE).matchHeader('if-none-match', '"v1"').reply(200, OTHER, { ETag: '"v2"' });
    const { source, memory } = await setup({ cached: cachedCopy(PERSONA, '"v1"') });
    const result = await source.load();
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['other-team']);
    expect(await memory.restore(URL_)).toMatchObject({ digest: sha256(OTHER), etag: '"v2"' });
  });

  it('saves when only the ETag changed, and not when nothing changed', async () => {
    nock(HOST).get(FILE).reply(200, PERSONA, { ETag: '"v2"' });
    const changed = await setup({ cached: cachedCopy(PERSONA, '"v1"') });
    await changed.source.load();
    expect(changed.saves).toHaveBeenCalledTimes(1);
    expect((await changed.memory.restore(URL_))!.etag).toBe('"v2"');

    nock(HOST).get(FILE).reply(200, PERSONA, { ETag: '"v1"' });
    const same = await setup({ cached: cachedCopy(PERSONA, '"v1"') });
    await same.source.load();
    expect(same.saves).not.toHaveBeenCalled();
  });

  it('reports parse errors of the remote file as diagnostics naming the URL without its pin', async () => {
    const bad = 'name: Remote\nrisk_tolerance: extreme\n';
    nock(HOST).get(FILE).reply(200, bad);
    const { source } = await setup({ url: `${URL_}#sha256=${sha256(bad)}` });
    const result = await source.load();
    expect(result.definitions).toEqual([]);
    expect(result.diagnostics).toEqual([
      { file: URL_, line: 2, column: 17, path: 'risk_tolerance', message: 'unknown risk tolerance "extreme" (expected one of low, medium, high)' },
    ]);
  });
});

describe('UrlSource: sha256 pin', () => {
  it('uses a cached copy that matches the pin without any network', async () => {
    const { source, fetchSpy, logger } = await setup({ url: `${URL_}#sha256=${sha256(PERSONA)}`, cached: cachedCopy(PERSONA, '"v1"') });
    const result = await source.load();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['remote-team']);
    expect(logger.messages('warning')).toEqual([]);
  });

  it('accepts an upper-case pin', async () => {
    const { source, fetchSpy } = await setup({ url: `${URL_}#sha256=${sha256(PERSONA).toUpperCase()}`, cached: cachedCopy(PERSONA) });
    await source.load();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('fetches when the cached copy does not match the pin, and checks the body against it', async () => {
    const scope = nock(HOST, { badheaders: ['if-none-match'] })
      .get(FILE)
      .reply(200, OTHER);
    const { source, fetchSpy, memory } = await setup({ url: `${URL_}#sha256=${sha256(OTHER)}`, cached: cachedCopy(PERSONA, '"v1"') });
    const result = await source.load();
    expect(scope.isDone()).toBe(true);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['other-team']);
    expect((await memory.restore(URL_))!.digest).toBe(sha256(OTHER));
  });

  it('fails naming the URL and both digests when the body does not match the pin, and saves nothing', async () => {
    nock(HOST).get(FILE).reply(200, OTHER);
    const pin = sha256(PERSONA);
    const { source, saves } = await setup({ url: `${URL_}#sha256=${pin}` });
    const error = await source.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(`library source ${URL_} does not match its pin: expected sha256 ${pin} but the content has sha256 ${sha256(OTHER)}`);
    expect(saves).not.toHaveBeenCalled();
  });

  it('hashes the bytes served, keeping a byte order mark', async () => {
    const withBom = `\uFEFF${PERSONA}`;
    nock(HOST).get(FILE).reply(200, Buffer.from(withBom, 'utf8'));
    const { source } = await setup({ url: `${URL_}#sha256=${sha256(withBom)}` });
    await expect(source.load()).resolves.toMatchObject({ diagnostics: [] });
  });
});

describe('UrlSource: unreachable', () => {
  it('falls back to the cached copy on HTTP 503 after three attempts, warning with its age', async () => {
    nock(HOST).get(FILE).times(3).reply(503, 'down');
    const { source, logger, saves, fetchSpy, waits } = await setup({ cached: cachedCopy(PERSONA, '"v1"') });
    const result = await source.load();
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['remote-team']);
    expect(logger.messages('warning')).toEqual([
      `library source ${URL_} is unreachable (HTTP 503 Service Unavailable after 3 attempts); using the cached copy from 3 h ago`,
    ]);
    expect(saves).not.toHaveBeenCalled();
    expect(fetchSpy).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([1000, 2000]);
  });

  it('falls back to the cached copy on a network error', async () => {
    // The transport fails as Node's does when DNS has no answer (nock's replyWithError can leave an unhandled socket error behind).
    const { source, logger, fetchSpy } = await setup({ cached: cachedCopy(PERSONA) });
    fetchSpy.mockImplementation(async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND personas.example.test'), { code: 'ENOTFOUND' });
    });
    await source.load();
    expect(fetchSpy).toHaveBeenCalledTimes(3);
    expect(logger.messages('warning')).toEqual([
      `library source ${URL_} is unreachable (getaddrinfo ENOTFOUND personas.example.test after 3 attempts); using the cached copy from 3 h ago`,
    ]);
  });

  it('fails clearly on HTTP 503 without a cached copy', async () => {
    nock(HOST).get(FILE).times(3).reply(503, 'down');
    const { source } = await setup();
    const error = await source.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(`library source ${URL_} is unreachable (HTTP 503 Service Unavailable after 3 attempts) and no cached copy exists`);
  });

  it('never masks a wrong URL (HTTP 404, 403) with a cached copy, but treats 429 as unreachable', async () => {
    for (const status of [404, 403]) {
      nock(HOST).get(FILE).reply(status, 'nope');
      const { source, logger } = await setup({ cached: cachedCopy(PERSONA) });
      const error = await source.load().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(new RegExp(`^library source ${URL_} answered HTTP ${status}.*: check the URL$`));
      expect(logger.messages('warning')).toEqual([]);
    }
    nock(HOST).get(FILE).times(3).reply(429, 'slow down');
    const { source, logger } = await setup({ cached: cachedCopy(PERSONA) });
    await source.load();
    expect(logger.messages('warning')).toEqual([
      `library source ${URL_} is unreachable (HTTP 429 Too Many Requests after 3 attempts); using the cached copy from 3 h ago`,
    ]);
  });

  it('counts running out of the budget as unreachable', async () => {
    nock(HOST).get(FILE).delay(300).reply(200, PERSONA);
    const { source } = await setup({ timeoutMs: 50 });
    await expect(source.load()).rejects.toThrow(`library source ${URL_} is unreachable (timed out after 50 ms) and no cached copy exists`);
  });

  it('does not fall back to a cached copy that does not match the pin', async () => {
    nock(HOST).get(FILE).times(3).reply(500);
    const { source } = await setup({ url: `${URL_}#sha256=${sha256(OTHER)}`, cached: cachedCopy(PERSONA) });
    await expect(source.load()).rejects.toThrow(
      `library source ${URL_} is unreachable (HTTP 500 Internal Server Error after 3 attempts) and no cached copy matches its pin`,
    );
  });
});

describe('UrlSource: cache failures', () => {
  const failing = (what: 'restore' | 'save'): RemoteCache => {
    const memory = new InMemoryRemoteCache();
    return {
      restore: what === 'restore' ? async () => Promise.reject(new Error('cache service down')) : (key) => memory.restore(key),
      save: what === 'save' ? async () => Promise.reject(new Error('cache service down')) : (key, copy) => memory.save(key, copy),
    };
  };

  it('warns and fetches when the cache cannot be restored', async () => {
    nock(HOST).get(FILE).reply(200, PERSONA);
    const { source, logger } = await setup({ cache: failing('restore') });
    const result = await source.load();
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['remote-team']);
    expect(logger.messages('warning')).toEqual([`could not restore the cached copy of ${URL_} (cache service down); fetching it instead`]);
    expect(logger.messages('error')).toEqual([]);
  });

  it('warns and still loads when the copy cannot be saved', async () => {
    nock(HOST).get(FILE).reply(200, PERSONA);
    const { source, logger } = await setup({ cache: failing('save') });
    const result = await source.load();
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['remote-team']);
    expect(logger.messages('warning')).toEqual([`could not save the cached copy of ${URL_} (cache service down); the next run fetches it again`]);
  });

  it('ignores a cached copy whose documents do not match its digest', async () => {
    nock(HOST, { badheaders: ['if-none-match'] })
      .get(FILE)
      .reply(200, PERSONA);
    const corrupt = { ...cachedCopy(PERSONA, '"v1"'), digest: sha256('something else') };
    const { source, logger } = await setup({ cached: corrupt });
    await source.load();
    expect(logger.messages('warning')).toEqual([`the cached copy of ${URL_} does not match its digest; ignoring it`]);
  });
});

describe('UrlSource: URLs', () => {
  const loadError = async (url: string): Promise<unknown> => (await setup({ url })).source.load().catch((e: unknown) => e);

  it('rejects http:// for other hosts, with a ConfigurationError and no request', async () => {
    const { source, fetchSpy } = await setup({ url: 'http://personas.example.test/a.yml' });
    const error = await source.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      'library source http://personas.example.test/a.yml uses http://, which is only allowed for 127.0.0.1, localhost and [::1]: use https://',
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('allows http:// on loopback hosts', async () => {
    for (const url of ['http://127.0.0.1:8080/a.yml', 'http://localhost/a.yml', 'http://[::1]:9/a.yml']) expect(parseSourceUrl(url).href).toBe(url);
    nock('http://127.0.0.1:8080').get('/a.yml').reply(200, PERSONA);
    const { source } = await setup({ url: 'http://127.0.0.1:8080/a.yml' });
    expect((await source.load()).definitions).toHaveLength(1);
  });

  it('refuses a redirect to plain http without requesting it', async () => {
    nock(HOST).get(FILE).reply(302, '', { Location: 'http://mirror.example.test/remote.yml' });
    const mirror = nock('http://mirror.example.test').get('/remote.yml').reply(200, PERSONA);
    const { source, fetchSpy } = await setup();
    await expect(source.load()).rejects.toThrow(
      `library source ${URL_} redirected to "http://mirror.example.test/remote.yml", which uses http:// to a host that is not loopback: the redirect was not followed`,
    );
    expect(mirror.isDone()).toBe(false);
    expect(fetchSpy.mock.calls.map(([url]) => url.href)).toEqual([URL_]);
  });

  it('follows a redirect to https', async () => {
    nock(HOST).get(FILE).reply(301, '', { Location: 'https://mirror.example.test/remote.yml' });
    nock('https://mirror.example.test').get('/remote.yml').reply(200, PERSONA);
    const { source } = await setup();
    expect((await source.load()).definitions.map((d) => d.origin.file)).toEqual([URL_]);
  });

  it('rejects other schemes, credentials, bad pins and non-URLs', async () => {
    expect(String(await loadError('ftp://example.test/a.yml'))).toContain('uses ftp:// but only https:// URLs are supported');
    expect(String(await loadError('https://user:secret@example.test/a.yml'))).toContain('must not contain credentials');
    expect(String(await loadError('https://user:secret@example.test/a.yml'))).not.toContain('secret');
    expect(String(await loadError(`${URL_}#sha256=abc`))).toContain('the only fragment allowed is #sha256= followed by 64 hex digits');
    expect(String(await loadError(`${URL_}#latest`))).toContain('has the fragment "#latest"');
    expect(await loadError('personas.yml')).toBeInstanceOf(ConfigurationError);
  });

  it('splits off a pin, keeping the label as written', () => {
    const pin = sha256(PERSONA);
    expect(parseSourceUrl(`${URL_}#sha256=${pin.toUpperCase()}`)).toEqual({ href: URL_, sha256: pin });
    expect(parseSourceUrl(URL_)).toEqual({ href: URL_ });
    const source = new UrlSource({ url: `${URL_}#sha256=${pin}`, cache: new InMemoryRemoteCache(), logger: new MemoryLogger() });
    expect(source.label).toBe(`${URL_}#sha256=${pin}`);
  });
});

describe('formatAge', () => {
  it.each([
    [20_000, 'less than a minute ago'],
    [12 * 60_000, '12 min ago'],
    [3 * 3_600_000 + 59 * 60_000, '3 h ago'],
    [47 * 3_600_000, '47 h ago'],
    [3 * 86_400_000, '3 d ago'],
    [Number.NaN, 'an unknown time ago'],
  ])('%d ms reads as %s', (ms, text) => expect(formatAge(ms)).toBe(text));
});
