import type { SwitchRequest } from '../switching/switch-request.js';
import type { PersonaSelector, Selection } from './selection.js';

/**
 * The triggering event's request (`repository_dispatch` or
 * `workflow_dispatch`): a switch request naming a persona selects it for this
 * run, with its correlation id; any other request (a rollout command, a
 * revert) or none is silent. The request was read and checked by the caller.
 */
export class EventSelector implements PersonaSelector {
  readonly source = 'event' as const;
  constructor(private readonly request: SwitchRequest | undefined) {}

  async select(): Promise<Selection | undefined> {
    const request = this.request;
    if (!request || request.action !== 'switch' || !request.persona) return undefined;
    return {
      expression: request.persona,
      source: this.source,
      origin: request.origins.persona ?? 'the triggering event',
      correlationId: request.correlation_id,
      cohort: 'none',
    };
  }
}
