import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { importBundle } from '../edge/load-bundle.js';
import type { CachedCopy, RemoteCache } from './remote-cache.js';

const loadCache = () => importBundle('actions-cache', () => import(/* webpackIgnore: true */ '../edge/actions-cache.js'));

const KEY_PREFIX = 'pipeline-personas-src-';

/** `pipeline-personas-src-<sha256(sourceKey), 16 hex>-`: every saved copy of one source starts with it. */
export function remoteCacheKeyPrefix(sourceKey: string): string {
  return `${KEY_PREFIX}${createHash('sha256').update(sourceKey, 'utf8').digest('hex').slice(0, 16)}-`;
}

/** The Actions cache key of one copy: the source's prefix and the first 16 hex of the copy's digest. */
export function remoteCacheKey(sourceKey: string, copy: Pick<CachedCopy, 'digest'>): string {
  return `${remoteCacheKeyPrefix(sourceKey)}${copy.digest.slice(0, 16)}`;
}

/**
 * Keeps remote sources' copies across workflow runs in the GitHub Actions
 * cache (`@actions/cache`, imported only when a method runs). Each source's
 * copy is one JSON file in `directory`; a save is keyed by source and digest,
 * and a restore asks for the source's key prefix, so the newest copy comes
 * back; a copy already saved under its key is not saved again (one lookup).
 * Where the cache service is unavailable (outside Actions, on some
 * GHES), restore finds nothing and save does nothing. Errors propagate: use
 * it inside a {@link SafeRemoteCache}.
 */
export class ActionsRemoteCache implements RemoteCache {
  /** @param directory where the JSON files live, e.g. `$RUNNER_TEMP/pipeline-personas-cache`; the same path every run. */
  constructor(private readonly directory: string) {}

  async restore(sourceKey: string): Promise<CachedCopy | undefined> {
    const cache = await loadCache();
    if (!cache.cacheAvailable()) return undefined;
    const file = this.file(sourceKey);
    await mkdir(this.directory, { recursive: true });
    await rm(file, { force: true });
    const prefix = remoteCacheKeyPrefix(sourceKey);
    const hit = await cache.restoreCache([file], prefix, [prefix]);
    if (hit === undefined) return undefined;
    return checkCopy(JSON.parse(await readFile(file, 'utf8')), hit);
  }

  async save(sourceKey: string, copy: CachedCopy): Promise<void> {
    const cache = await loadCache();
    if (!cache.cacheAvailable()) return;
    const file = this.file(sourceKey);
    const key = remoteCacheKey(sourceKey, copy);
    // A lookup is one request; a save archives the file first (tar, zstd) and a duplicate is refused only then.
    if (await cache.cacheEntryExists([file], key)) return;
    await mkdir(this.directory, { recursive: true });
    await writeFile(file, JSON.stringify(copy), 'utf8');
    await cache.saveCache([file], key);
  }

  private file(sourceKey: string): string {
    return path.join(this.directory, `${remoteCacheKeyPrefix(sourceKey).slice(KEY_PREFIX.length, -1)}.json`);
  }
}

/** The restored JSON, when it has the shape of a {@link CachedCopy}. */
function checkCopy(value: unknown, key: string): CachedCopy {
  const v = value as Partial<CachedCopy> | null;
  const ok =
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.documents) &&
    v.documents.every((d: unknown) => typeof (d as { file?: unknown })?.file === 'string' && typeof (d as { text?: unknown }).text === 'string') &&
    typeof v.digest === 'string' &&
    typeof v.fetchedAt === 'string' &&
    (v.etag === undefined || typeof v.etag === 'string');
  if (!ok) throw new Error(`the cache entry ${key} is not a cached copy`);
  return v as CachedCopy;
}
