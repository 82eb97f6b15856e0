import * as cache from '@actions/cache';

/** True when the Actions cache service is reachable from this job. */
export function cacheAvailable(): boolean {
  return cache.isFeatureAvailable();
}

/**
 * Runs `task` with `@actions/core`'s `::warning`/`::error` lines (which
 * `@actions/cache` writes for failures it then swallows) turned into
 * `::debug::` lines: a cache is an optimisation, and its failure must not
 * put an annotation on a run that succeeded. The callers report what matters.
 */
async function quietly<T>(task: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk.replace(/^::(?:warning|error)(?: [^:]*)?::/gm, '::debug::') : chunk;
    return (write as (...args: unknown[]) => boolean).call(this, text, ...rest);
  } as typeof process.stdout.write;
  try {
    return await task();
  } finally {
    process.stdout.write = write;
  }
}

/** Restores `paths` from the newest entry matching `key` or a `restoreKeys` prefix; the matched key or undefined. */
export async function restoreCache(paths: string[], key: string, restoreKeys: string[] = []): Promise<string | undefined> {
  return quietly(() => cache.restoreCache(paths, key, restoreKeys));
}

/** Whether an entry for exactly `key` (and `paths`) exists: one lookup, nothing downloaded. */
export async function cacheEntryExists(paths: string[], key: string): Promise<boolean> {
  return quietly(async () => (await cache.restoreCache(paths, key, [], { lookupOnly: true })) === key);
}

/** Saves `paths` under `key`; returns the cache id. */
export async function saveCache(paths: string[], key: string): Promise<number> {
  return quietly(() => cache.saveCache(paths, key));
}
