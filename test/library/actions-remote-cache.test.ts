import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { MemoryLogger } from '../../src/logging/logger.js';
import type { CachedCopy } from '../../src/library/remote-cache.js';

/** A stand-in for the Actions cache service: key → file content, newest last. */
const entries = new Map<string, string>();
let available = true;
const isFeatureAvailable = jest.fn(() => available);
const restoreCache = jest.fn(
  async (paths: string[], primaryKey: string, restoreKeys: string[] = [], options?: { lookupOnly?: boolean }): Promise<string | undefined> => {
    for (const prefix of [primaryKey, ...restoreKeys]) {
      const key = [...entries.keys()].reverse().find((k) => k.startsWith(prefix));
      if (key) {
        if (!options?.lookupOnly) writeFileSync(paths[0]!, entries.get(key)!);
        return key;
      }
    }
    return undefined;
  },
);
const saveCache = jest.fn(async (paths: string[], key: string): Promise<number> => {
  entries.delete(key);
  entries.set(key, readFileSync(paths[0]!, 'utf8'));
  return 1;
});
const factory = jest.fn(() => ({ isFeatureAvailable, restoreCache, saveCache }));
jest.unstable_mockModule('@actions/cache', factory);

const { ActionsRemoteCache, remoteCacheKey, remoteCacheKeyPrefix } = await import('../../src/library/actions-remote-cache.js');
const { SafeRemoteCache } = await import('../../src/library/remote-cache.js');
/** How often the mocked module was loaded by importing ActionsRemoteCache: a top-level import would load it. */
const loadsAtImport = factory.mock.calls.length;

const SOURCE = 'https://example.test/team.yml';
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const copy = (text: string): CachedCopy => ({ documents: [{ file: SOURCE, text }], digest: sha256(text), etag: '"e"', fetchedAt: '2024-05-01T10:00:00.000Z' });
const PREFIX = `pipeline-personas-src-${sha256(SOURCE).slice(0, 16)}-`;

let dir: string;
beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'remote-cache-')), 'personas-cache');
  entries.clear();
  available = true;
  jest.clearAllMocks();
});

describe('ActionsRemoteCache', () => {
  it('loads @actions/cache only when used', async () => {
    expect(loadsAtImport).toBe(0);
    await new ActionsRemoteCache(dir).restore(SOURCE);
    expect(factory).toHaveBeenCalledTimes(1);
  });

  it('names keys by source hash and digest', () => {
    expect(remoteCacheKeyPrefix(SOURCE)).toBe(PREFIX);
    expect(remoteCacheKey(SOURCE, copy('a'))).toBe(`${PREFIX}${sha256('a').slice(0, 16)}`);
  });

  it('saves the copy as one JSON file under its key, and restores it by prefix', async () => {
    const cache = new ActionsRemoteCache(dir);
    await cache.save(SOURCE, copy('a'));
    expect(saveCache).toHaveBeenCalledWith([expect.stringMatching(new RegExp(`^${dir}/[0-9a-f]{16}\\.json$`))], `${PREFIX}${sha256('a').slice(0, 16)}`);
    const file = (saveCache.mock.calls[0]![0] as string[])[0]!;
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(copy('a'));

    expect(await new ActionsRemoteCache(dir).restore(SOURCE)).toEqual(copy('a'));
    expect(restoreCache).toHaveBeenCalledWith([file], PREFIX, [PREFIX]);
  });

  it('does not save a copy again that the cache already holds under its key (one lookup, no archive)', async () => {
    const cache = new ActionsRemoteCache(dir);
    await cache.save(SOURCE, copy('a'));
    await cache.save(SOURCE, copy('a'));
    expect(saveCache).toHaveBeenCalledTimes(1);
    const key = `${PREFIX}${sha256('a').slice(0, 16)}`;
    expect(restoreCache).toHaveBeenLastCalledWith([expect.any(String)], key, [], { lookupOnly: true });
  });

  it('restores the newest copy of the source, and nothing of other sources', async () => {
    const cache = new ActionsRemoteCache(dir);
    await cache.save(SOURCE, copy('old'));
    await cache.save(SOURCE, copy('new'));
    await cache.save('https://example.test/other.yml', copy('other'));
    expect((await cache.restore(SOURCE))!.documents[0]!.text).toBe('new');
    expect(await cache.restore('https://example.test/unknown.yml')).toBeUndefined();
  });

  it('misses without reading a file left from before', async () => {
    const cache = new ActionsRemoteCache(dir);
    await cache.save(SOURCE, copy('a'));
    const file = (saveCache.mock.calls[0]![0] as string[])[0]!;
    entries.clear();
    expect(existsSync(file)).toBe(true);
    expect(await cache.restore(SOURCE)).toBeUndefined();
  });

  it('does nothing where the cache service is unavailable', async () => {
    available = false;
    const cache = new ActionsRemoteCache(dir);
    await cache.save(SOURCE, copy('a'));
    expect(await cache.restore(SOURCE)).toBeUndefined();
    expect(saveCache).not.toHaveBeenCalled();
    expect(restoreCache).not.toHaveBeenCalled();
    expect(existsSync(dir)).toBe(false);
  });

  it('rejects a malformed entry, which the safe wrapper turns into a warning', async () => {
    const file = path.join(dir, `${sha256(SOURCE).slice(0, 16)}.json`);
    mkdirSync(dir, { recursive: true });
    entries.set(`${PREFIX}0000`, JSON.stringify({ documents: 'nope' }));
    await expect(new ActionsRemoteCache(dir).restore(SOURCE)).rejects.toThrow(`the cache entry ${PREFIX}0000 is not a cached copy`);
    expect(existsSync(file)).toBe(true);

    const logger = new MemoryLogger();
    expect(await new SafeRemoteCache(new ActionsRemoteCache(dir), logger).restore(SOURCE)).toBeUndefined();
    expect(logger.messages('warning')).toEqual([
      `could not restore the cached copy of ${SOURCE} (the cache entry ${PREFIX}0000 is not a cached copy); fetching it instead`,
    ]);
  });

  it('lets a failing service error through to the safe wrapper', async () => {
    saveCache.mockRejectedValueOnce(new Error('Cache service responded with 503'));
    const logger = new MemoryLogger();
    await new SafeRemoteCache(new ActionsRemoteCache(dir), logger).save(SOURCE, copy('a'));
    expect(logger.messages('warning')).toEqual([
      `could not save the cached copy of ${SOURCE} (Cache service responded with 503); the next run fetches it again`,
    ]);
  });
});
