import type { ActionRunner } from '../../runner/action-runner.js';
import { buildLibrary } from '../../wiring/build-library.js';
import type { ResolveSettings } from './inputs.js';

/** The library of this run (built-in personas and the `library` input). */
export function runLibrary(runner: ActionRunner, settings: ResolveSettings): ReturnType<typeof buildLibrary> {
  return buildLibrary(settings, {
    workspace: runner.env.GITHUB_WORKSPACE || process.cwd(),
    logger: runner.logger,
    apiUrl: runner.env.GITHUB_API_URL,
    // Only inside Actions is there a cache service; outside, don't load the cache client to learn that.
    cacheService: Boolean(runner.env.ACTIONS_RESULTS_URL || runner.env.ACTIONS_CACHE_URL),
    runnerTemp: runner.env.RUNNER_TEMP,
  });
}
