import type * as Crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { importBundle } from '../edge/load-bundle.js';
import type { CachePolicy } from '../planning/cache-policy.js';
import type { ActionRunner } from '../runner/action-runner.js';

/** The most bytes of one lockfile hashed: a lockfile larger than this is not a lockfile. */
const MAX_LOCKFILE_BYTES = 64 * 1024 * 1024;

/**
 * A digest of the lockfiles of `names` present in `dir` (their names and
 * contents), or undefined when there is none. Only regular files are read
 * (a link is skipped, never followed), each at most 64 MiB, streamed.
 */
export async function lockfileHash(dir: string, names: readonly string[]): Promise<string | undefined> {
  let digest: Crypto.Hash | undefined;
  let found = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(file);
    } catch {
      continue;
    }
    if (!stat.isFile() || stat.size > MAX_LOCKFILE_BYTES) continue;
    // node:crypto only once a lockfile is found: loading it costs an adapter start a few milliseconds.
    digest ??= (process.getBuiltinModule('node:crypto') as typeof Crypto).createHash('sha256');
    digest.update(`${name}\0`);
    await streamInto(digest, file);
    found++;
  }
  return found && digest ? digest.digest('hex').slice(0, 32) : undefined;
}

/** Feeds a file into a hash, opened without following a link. */
async function streamInto(digest: Crypto.Hash, file: string): Promise<void> {
  const handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false, end: MAX_LOCKFILE_BYTES - 1 })) digest.update(chunk as Buffer);
  } finally {
    await handle.close();
  }
}

/** `~/x` → `$HOME/x`; other paths as given. */
export function expandHome(p: string, home: string | undefined): string {
  return home && (p === '~' || p.startsWith('~/')) ? path.join(home, p.slice(1)) : p;
}

/** The `post:` step's hand-over of the dependency cache (GITHUB_STATE). */
export interface SavedCache {
  key: string;
  paths: string[];
  /** The key restored, '' when none. */
  matched: string;
}

/**
 * Restores the dependency cache the policy describes (its key, then its
 * restore prefixes: with `branchScoped`, all of this branch only), through
 * `@actions/cache` from `dist/bundles/actions-cache`. A cache failure is a
 * warning, never a failed build. Returns what the `post:` step needs to save
 * the cache, or undefined when the cache service is unavailable.
 */
export async function restoreDependencyCache(runner: ActionRunner, policy: CachePolicy): Promise<SavedCache | undefined> {
  if (!policy.enabled || !policy.key) return undefined;
  const cache = await importBundle('actions-cache', () => import(/* webpackIgnore: true */ '../edge/actions-cache.js'));
  if (!cache.cacheAvailable()) {
    runner.logger.info('dependency cache: the Actions cache service is not available to this job');
    return undefined;
  }
  const paths = policy.paths.map((p) => expandHome(p, runner.env.HOME));
  let matched = '';
  try {
    matched = (await cache.restoreCache(paths, policy.key, policy.restoreKeys)) ?? '';
  } catch (error) {
    runner.logger.warning(`dependency cache: could not restore ${policy.key}: ${(error as Error).message}`);
  }
  runner.logger.info(matched ? `dependency cache: restored ${matched}` : `dependency cache: no entry for ${policy.key} yet`);
  return { key: policy.key, paths, matched };
}

/** Saves the dependency cache in the `post:` step unless the exact key was restored; a failure is a warning. */
export async function saveDependencyCacheEntry(runner: ActionRunner, saved: SavedCache): Promise<void> {
  if (saved.matched === saved.key) {
    runner.logger.info(`dependency cache: ${saved.key} was restored exactly; nothing to save`);
    return;
  }
  const cache = await importBundle('actions-cache', () => import(/* webpackIgnore: true */ '../edge/actions-cache.js'));
  try {
    await cache.saveCache(saved.paths, saved.key);
    runner.logger.info(`dependency cache: saved ${saved.key}`);
  } catch (error) {
    runner.logger.warning(`dependency cache: could not save ${saved.key}: ${(error as Error).message}`);
  }
}
