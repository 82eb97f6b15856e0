import { importBundle } from '../edge/load-bundle.js';
import type { Logger } from '../logging/logger.js';
import { type StateAccess, StateSelector } from '../select/state-selector.js';
import type { StateSpec } from '../state/state-spec.js';
import type { LibrarySettings } from './common-inputs.js';
import type { StateSettings } from './state-inputs.js';

/** The surroundings a state selector reads: the runner's environment, logger and clock. */
export interface StateSurroundings {
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  now: Date;
}

/**
 * The selector of the durable state store named by `spec` (not `none`): the
 * store and its HTTP stack load from `dist/bundles/state` only when the
 * selector is asked. Inside Actions with a cache service, and with the
 * `cache` input on, the last state read is kept for an outage. Shared by
 * resolve-persona and the stage actions, so a stage reads the state exactly
 * as resolve-persona does.
 */
export function stateSelectorFor(
  spec: StateSpec,
  settings: Pick<LibrarySettings, 'token' | 'cache'> & StateSettings,
  { env, logger, now }: StateSurroundings,
): StateSelector {
  const open = async (): Promise<StateAccess> => {
    const access = await importBundle('state', () => import(/* webpackIgnore: true */ './state-access.js'));
    const lastKnownState = settings.cache && Boolean(env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL);
    const store = access.openStateStore(spec, { token: settings.token, apiUrl: env.GITHUB_API_URL, runnerTemp: env.RUNNER_TEMP, logger, lastKnownState })!;
    return { store, effectivePersona: access.effectivePersona };
  };
  const environment = settings.environment ? { environment: settings.environment } : {};
  return new StateSelector(open, {
    required: settings.stateRequired,
    logger,
    now,
    ...environment,
    keys: { run: env.GITHUB_RUN_ID ?? '', ref: env.GITHUB_REF ?? '', ...environment },
  });
}
