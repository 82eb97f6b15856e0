/**
 * The persona a watch follows while it runs: with a state store (not
 * `none`) and `pin: false`, the store is re-read at every check (a
 * conditional request: the branch store keeps its ETag under `RUNNER_TEMP`,
 * so an unchanged state is a 304), and a switch made mid-watch is adopted
 * from that check on. An unreachable store keeps the current persona with
 * one warning per outage; a persona that cannot be resolved (a switch to an
 * id the library lacks) is a warning too: the watch never stops watching
 * because the store changed.
 */
import { resolveBlend } from '../blend/blend.js';
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import type { PersonaLibrary } from '../library/persona-library.js';
import type { Logger } from '../logging/logger.js';
import { parseStateSpec, type StateSpec } from '../state/state-spec.js';
import type { StageSettings } from './stage-inputs.js';
import { stateSelectorFor } from './state-selector-for.js';

/** The persona being watched, and the switch that set it. */
export interface LivePersona {
  persona: ResolvedPersona;
  revision: number | null;
  correlationId: string | null;
  /** During a gradual rollout, whether this run is in the `target` or `baseline` cohort (null when unknown or none). */
  cohort?: string | null;
}

/** What a poll found. */
export interface PersonaPoll {
  /** True when the persona (its id) changed since the last poll. */
  changed: boolean;
  current: LivePersona;
}

/** Follows the state store during a watch; see the module comment. */
export class LivePersonaReader {
  private current: LivePersona;
  private outage = false;
  /** The last selection that could not be resolved, so it is warned about once. */
  private refused = '';
  private readonly spec: StateSpec | undefined;

  constructor(
    private readonly settings: StageSettings,
    private readonly library: PersonaLibrary,
    private readonly surroundings: { env: Readonly<Record<string, string | undefined>>; logger: Logger; workspace: string },
    initial: LivePersona,
  ) {
    this.current = initial;
    const spec = settings.pin
      ? undefined
      : parseStateSpec(settings.state, { repository: surroundings.env.GITHUB_REPOSITORY, workspace: surroundings.workspace });
    this.spec = spec && spec.kind !== 'none' ? spec : undefined;
  }

  /** Whether the watch re-reads the store (a store is named and `pin` is false). */
  get live(): boolean {
    return this.spec !== undefined;
  }

  /** The persona now. */
  get persona(): LivePersona {
    return this.current;
  }

  /** Re-reads the store at `now`; without a store (or pinned) nothing changes. */
  async poll(now: Date): Promise<PersonaPoll> {
    if (!this.spec) return { changed: false, current: this.current };
    const { logger, env } = this.surroundings;
    let selection;
    try {
      selection = await stateSelectorFor(this.spec, { ...this.settings, stateRequired: true }, { env, logger, now }).select();
      this.outage = false;
    } catch (error) {
      if (!this.outage)
        logger.warning(`the state store could not be re-read (${(error as Error).message}); the watch keeps persona ${this.current.persona.id}`);
      this.outage = true;
      return { changed: false, current: this.current };
    }
    if (!selection) return { changed: false, current: this.current };
    const revision = selection.revision ?? null;
    if (revision === this.current.revision && selection.expression === this.current.persona.id) {
      this.current = { ...this.current, cohort: selection.cohort ?? null };
      return { changed: false, current: this.current };
    }
    let persona: ResolvedPersona;
    try {
      persona = resolveBlend(this.library, selection.expression, { onConflict: this.settings.onConflict }, selection.origin);
    } catch (error) {
      const key = `${revision}\u0000${selection.expression}`;
      if (key !== this.refused)
        logger.warning(
          `the state store names ${JSON.stringify(selection.expression)}, which cannot be resolved (${(error as Error).message}); the watch keeps ${this.current.persona.id}`,
        );
      this.refused = key;
      return { changed: false, current: this.current };
    }
    this.refused = '';
    // A new revision for the same persona (another scope switched, a rollout step elsewhere) is kept quietly.
    const changed = persona.id !== this.current.persona.id;
    this.current = { persona, revision, correlationId: selection.correlationId ?? null, cohort: selection.cohort ?? null };
    return { changed, current: this.current };
  }
}
