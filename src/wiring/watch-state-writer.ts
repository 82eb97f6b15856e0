/**
 * The watch's writes to the state store: a `switch:<persona>` remediation
 * and the abort of a rollout whose target cohort failed. Each is a switch
 * request like any other (channel `watch-monitor`, correlation id
 * `watch-<run>-<check>`, the breach as its reason), applied with
 * compare-and-swap under the same policy as any request, as the identity of
 * the monitor's token; loaded from `dist/bundles/switching` only when the
 * watch writes.
 */
import { DEFAULT_OIDC_AUDIENCE, DEFAULT_POLICY_PATH } from '../authz/authz-defaults.js';
import { importBundle } from '../edge/load-bundle.js';
import type { PersonaLibrary } from '../library/persona-library.js';
import type { Logger } from '../logging/logger.js';
import type { StateSpec } from '../state/state-spec.js';
import type { SwitchRequest } from '../switching/switch-request.js';
import type { StageSettings } from './stage-inputs.js';

/** What one write did: `applied` (with the new revision) or `rejected`/`duplicate` (with the reason). */
export interface StateWrite {
  result: string;
  revision: number;
  reason?: string;
  correlationId: string;
}

/** Writes remediation requests to the watch's state store. */
export interface StateWriter {
  /** Switches the watch's scope to `persona`, with `reason`, as check `check`'s remediation. */
  switchTo(persona: string, reason: string, check: number): Promise<StateWrite>;
  /** Aborts the scope's rollout (everyone back to the previous persona). */
  abortRollout(reason: string, check: number): Promise<StateWrite>;
}

/** What the writer needs besides the store's spec. */
export interface WriterSurroundings {
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  library: PersonaLibrary;
  settings: Pick<StageSettings, 'token' | 'environment' | 'onConflict'>;
}

/** A writer of `spec`'s store; requests are applied with the switching bundle, loaded on the first write. */
export function stateWriter(spec: StateSpec, s: WriterSurroundings): StateWriter {
  const apply = async (request: SwitchRequest): Promise<StateWrite> => {
    const m = await importBundle('switching', () => import(/* webpackIgnore: true */ './switching-access.js'));
    const { env, logger, settings } = s;
    const client = m.createGitHubClient({ token: settings.token || undefined, apiUrl: env.GITHUB_API_URL || undefined, logger });
    const store = m.openStateStore(spec, { token: settings.token, apiUrl: env.GITHUB_API_URL, runnerTemp: env.RUNNER_TEMP, logger, client })!;
    const authoriser = await m.authoriseRequest({ policy: DEFAULT_POLICY_PATH, oidcAudience: DEFAULT_OIDC_AUDIENCE }, spec, client, env, logger);
    const handled = await m.applySwitchRequest(store, request, {
      library: s.library,
      onConflict: settings.onConflict,
      authoriser,
      actor: env.GITHUB_ACTOR || 'watch-monitor',
      now: new Date(),
    });
    return {
      result: handled.ack.result,
      revision: handled.ack.revision,
      correlationId: request.correlation_id,
      ...(handled.ack.reason ? { reason: handled.ack.reason } : {}),
    };
  };
  const base = (suffix: string, reason: string) => ({
    channel: 'watch-monitor' as const,
    reason: reason.slice(0, 500),
    correlation_id: `watch-${s.env.GITHUB_RUN_ID || 'local'}-${s.env.GITHUB_RUN_ATTEMPT || '1'}-${suffix}`,
    origins: {},
    ...(s.settings.environment ? { environment: s.settings.environment } : {}),
  });
  return {
    switchTo: (persona, reason, check) => apply({ ...base(String(check), reason), action: 'switch', persona }),
    abortRollout: (reason, check) => apply({ ...base(`abort-${check}`, reason), action: 'abort' }),
  };
}
