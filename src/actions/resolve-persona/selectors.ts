import { importBundle } from '../../edge/load-bundle.js';
import type { Logger } from '../../logging/logger.js';
import { EventSelector } from '../../select/event-selector.js';
import { FixedSelector, type PersonaSelector } from '../../select/selection.js';
import type { StateSelector } from '../../select/state-selector.js';
import { parseStateSpec } from '../../state/state-spec.js';
import { randomCorrelationId } from '../../switching/correlation-id.js';
import type { SwitchRequest } from '../../switching/switch-request.js';
import { stateSelectorFor } from '../../wiring/state-selector-for.js';
import { readTriggeringEvent } from '../../wiring/triggering-event.js';
import { Inputs } from './constants.js';
import type { ResolveSettings } from './inputs.js';

/** The surroundings the selectors read: the runner's environment and logger. */
export interface SelectorEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  workspace: string;
  logger: Logger;
  now: Date;
}

/**
 * The switch request of the triggering event, or undefined when the event
 * carries none (any event but `repository_dispatch` and
 * `workflow_dispatch`, whose payloads are not even read). The request reader
 * (zod) loads from the shared `parser-full` bundle, only for those events.
 * @param required `mode: switch`: an event that carries no request is an error.
 */
export async function triggeringRequest(settings: ResolveSettings, env: SelectorEnvironment['env'], required: boolean): Promise<SwitchRequest | undefined> {
  const event = readTriggeringEvent(env, required);
  if (!event || (!required && !carriesRequest(event.name, event.payload, settings))) return undefined;
  const { readSwitchRequest } = await importBundle('parser-full', () => import(/* webpackIgnore: true */ '../../switching/read-switch-request.js'));
  return readSwitchRequest(event, { eventTypes: settings.eventTypes, newCorrelationId: randomCorrelationId });
}

/**
 * In `mode: resolve`, whether the event is meant as a request: a
 * `repository_dispatch` of one of the three event types, or a
 * `workflow_dispatch` whose inputs name a `persona` (a workflow's own
 * dispatch inputs are not requests otherwise).
 */
function carriesRequest(name: string, payload: unknown, settings: ResolveSettings): boolean {
  const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  if (name === 'repository_dispatch') return Object.values(settings.eventTypes).includes(String(record.action));
  const inputs = (typeof record.inputs === 'object' && record.inputs !== null ? record.inputs : {}) as Record<string, unknown>;
  return typeof inputs.persona === 'string' && inputs.persona.trim() !== '';
}

/**
 * The selectors of `mode: resolve` in precedence order: the `persona`
 * input, the triggering event's switch request, the state store (read only
 * when asked: an explicit persona reads nothing), the `default` input.
 */
export function resolveSelectors(
  settings: ResolveSettings,
  request: SwitchRequest | undefined,
  surroundings: SelectorEnvironment,
): { selectors: PersonaSelector[]; state?: StateSelector } {
  const { env, logger } = surroundings;
  // An explicit persona reads no state: the store is not even looked at (nor GITHUB_REPOSITORY needed).
  const spec = settings.persona ? undefined : parseStateSpec(settings.state, { repository: env.GITHUB_REPOSITORY, workspace: surroundings.workspace });
  const state = spec && spec.kind !== 'none' ? stateSelectorFor(spec, settings, { env, logger, now: surroundings.now }) : undefined;
  const selectors: PersonaSelector[] = [
    new FixedSelector('input', settings.persona, `input "${Inputs.Persona}"`),
    new EventSelector(request),
    ...(state ? [state] : []),
    new FixedSelector('default', settings.default, `input "${Inputs.Default}"`),
  ];
  return state ? { selectors, state } : { selectors };
}
