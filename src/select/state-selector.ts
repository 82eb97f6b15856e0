import type { Logger } from '../logging/logger.js';
import { isStateUnreachableError } from '../state/state-unreachable-error.js';
import type { StateStore } from '../state/state-store.js';
import type { EffectivePersona, ResolveOptions } from '../switching/effective-persona.js';
import type { PersonaState } from '../switching/persona-state.js';
import type { PersonaSelector, Selection } from './selection.js';

/** The store and the resolution rules, loaded when the selector is first asked (dist/bundles/state). */
export interface StateAccess {
  store: StateStore;
  effectivePersona(state: PersonaState | undefined, options: ResolveOptions): EffectivePersona | undefined;
}

/** Options of {@link StateSelector}. */
export interface StateSelectorOptions extends ResolveOptions {
  /** False: an unreachable store is a warning and the selector stays silent (the default answers). */
  required: boolean;
  logger: Logger;
}

/**
 * The durable state store: the `environment` entry first, then the global
 * one, with rollouts and ttls computed at read time (effectivePersona). The
 * store (and the code that reads it) is loaded only when asked, so an
 * explicit `persona` input costs neither a request nor the HTTP stack. A
 * store that cannot be reached fails the step unless the selector is not
 * `required`; a store that answers but cannot be read with the token, or
 * holds a corrupt state, always fails (a freeze is never silently ignored).
 */
export class StateSelector implements PersonaSelector {
  readonly source = 'state' as const;
  /** The revision read, once {@link select} ran and the store had a state. */
  revision: number | undefined;

  constructor(
    private readonly open: () => Promise<StateAccess>,
    private readonly options: StateSelectorOptions,
  ) {}

  async select(): Promise<Selection | undefined> {
    const access = await this.open();
    let state: PersonaState | undefined;
    try {
      state = await access.store.read();
    } catch (error) {
      if (isStateUnreachableError(error) && !this.options.required) {
        this.options.logger.warning(`${error.message}; state-required is false, so the persona falls back to the default`);
        return undefined;
      }
      throw error;
    }
    this.revision = state?.revision;
    const found = access.effectivePersona(state, this.options);
    if (!found) return undefined;
    return {
      expression: found.persona,
      source: this.source,
      origin: `${found.origin} of ${access.store.description}`,
      revision: found.revision,
      correlationId: found.correlation_id,
      cohort: found.cohort,
    };
  }
}
