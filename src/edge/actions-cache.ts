import * as cache from '@actions/cache';

/** True when the Actions cache service is reachable from this job. */
export function cacheAvailable(): boolean {
  return cache.isFeatureAvailable();
}

/** Restores `paths` from the newest entry matching `key` or a `restoreKeys` prefix; the matched key or undefined. */
export async function restoreCache(paths: string[], key: string, restoreKeys: string[] = []): Promise<string | undefined> {
  return cache.restoreCache(paths, key, restoreKeys);
}

/** Saves `paths` under `key`; returns the cache id. */
export async function saveCache(paths: string[], key: string): Promise<number> {
  return cache.saveCache(paths, key);
}
