import type { ActionRunner } from '../../runner/action-runner.js';
import { saveDependencyCacheEntry } from '../../wiring/dependency-cache.js';
import { SavedState } from './constants.js';

/**
 * adapt-build's `post:` step (run when the job succeeded: `post-if:
 * success()`): saves the dependency cache the main step restored, unless
 * its exact key was restored. Nothing to do when the main step kept no cache.
 */
export async function saveDependencyCache(runner: ActionRunner): Promise<void> {
  const key = runner.state(SavedState.CacheKey);
  if (!key) return;
  let paths: unknown;
  try {
    paths = JSON.parse(runner.state(SavedState.CachePaths) || '[]');
  } catch {
    paths = [];
  }
  if (!Array.isArray(paths) || !paths.length || !paths.every((p) => typeof p === 'string')) return;
  await saveDependencyCacheEntry(runner, { key, paths, matched: runner.state(SavedState.CacheMatched) });
}
