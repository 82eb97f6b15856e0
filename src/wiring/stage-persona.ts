import fs from 'node:fs';
import path from 'node:path';
import { resolveBlend } from '../blend/blend.js';
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import type { HandoverDocument } from '../handover/handover-document.js';
import type { PersonaLibrary } from '../library/persona-library.js';
import type { Selection } from '../select/selection.js';
import { parseStateSpec } from '../state/state-spec.js';
import { isStateUnreachableError } from '../state/state-unreachable-error.js';
import { readHandedOverPersona } from './read-handed-over-persona.js';
import type { StageSettings } from './stage-inputs.js';
import { stateSelectorFor, type StateSurroundings } from './state-selector-for.js';

/** Where the hand-over file of resolve-persona is, under `RUNNER_TEMP`. */
export const HANDOVER_FILE = 'persona/persona.json';

/** How a stage found its persona: re-read from the state store, the hand-over of resolve-persona, or resolved afresh from `default`. */
export type StagePersonaSource = 'state' | 'handover' | 'default';

/** The persona a stage uses, and where it came from (the `persona-id` and `revision` outputs). */
export interface StagePersona {
  persona: ResolvedPersona;
  source: StagePersonaSource;
  /** The state revision the persona was chosen at (read now, or recorded in the hand-over); null without one. */
  revision: number | null;
  /** The correlation id of the switch that chose it; null when none. */
  correlationId: string | null;
  /** One sentence for the log and the summary: where the persona came from and why. */
  how: string;
}

/** What {@link stagePersona} reads besides the settings. */
export interface StageSurroundings extends StateSurroundings {
  workspace: string;
}

/**
 * The persona of a stage, by one rule shared by every stage action:
 *
 * - with a `state` store (not `none`) and `pin: false`, the persona is
 *   re-resolved from the store at the stage's start, so a switch made while
 *   the pipeline runs takes effect here; the hand-over answers when the store
 *   has nothing for this scope, and stands in (with a warning) when the store
 *   cannot be reached;
 * - otherwise the hand-over (the `persona` input, else
 *   `$RUNNER_TEMP/persona/persona.json`);
 * - with neither, the `default` input is resolved afresh, and the log says so.
 *
 * A hand-over that is present but invalid is an error, never skipped.
 */
export async function stagePersona(settings: StageSettings, library: PersonaLibrary, surroundings: StageSurroundings): Promise<StagePersona> {
  const handover = await optionalHandover(settings, surroundings.env.RUNNER_TEMP);
  const spec = settings.pin ? undefined : parseStateSpec(settings.state, { repository: surroundings.env.GITHUB_REPOSITORY, workspace: surroundings.workspace });
  if (spec && spec.kind !== 'none') {
    const selector = stateSelectorFor(spec, { ...settings, stateRequired: handover ? true : settings.stateRequired }, surroundings);
    let selection: Selection | undefined;
    try {
      selection = await selector.select();
    } catch (error) {
      if (!handover || !isStateUnreachableError(error)) throw error;
      surroundings.logger.warning(`${error.message}; the stage uses the persona handed over (${handover.id})`);
      return fromHandover(handover, 'the state store was unreachable, so the hand-over of resolve-persona');
    }
    if (selection) {
      const persona = resolveBlend(library, selection.expression, { onConflict: settings.onConflict }, selection.origin);
      const changed = handover && handover.id !== persona.id ? ` (the hand-over had ${handover.id}: switched since the pipeline started)` : '';
      return {
        persona,
        source: 'state',
        revision: selection.revision ?? null,
        correlationId: selection.correlationId ?? null,
        how: `re-read from the state store: ${selection.origin}, revision ${selection.revision ?? 'none'}${changed}`,
      };
    }
    if (handover) return fromHandover(handover, 'the state store has no persona for this scope, so the hand-over of resolve-persona');
  } else if (handover) {
    return fromHandover(handover, settings.pin ? 'pinned: the hand-over of resolve-persona' : 'the hand-over of resolve-persona');
  }
  const persona = resolveBlend(library, settings.default, { onConflict: settings.onConflict }, 'input "default"');
  const why = spec && spec.kind !== 'none' ? 'the state store has no persona for this scope and' : 'no state store is read and';
  surroundings.logger.notice(`${why} no persona was handed over, so ${persona.id} was resolved afresh from input "default"`);
  return { persona, source: 'default', revision: null, correlationId: null, how: `resolved afresh from input "default" (${why} no persona was handed over)` };
}

/** The hand-over of the `persona` input, else of `$RUNNER_TEMP/persona/persona.json` when that exists; undefined when neither. */
async function optionalHandover(settings: StageSettings, runnerTemp: string | undefined): Promise<HandoverDocument | undefined> {
  const file = runnerTemp ? path.join(runnerTemp, HANDOVER_FILE) : undefined;
  if (!settings.handover && (!file || !exists(file))) return undefined;
  return readHandedOverPersona({ value: settings.handover, input: 'persona', file });
}

/** Whether anything (even a link or a FIFO, which the reader then refuses) is at `file`. */
function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The stage persona of a hand-over document. */
function fromHandover(doc: HandoverDocument, how: string): StagePersona {
  const { schema_version: _v, source: _s, revision, correlation_id, cohort: _c, ...persona } = doc;
  return { persona, source: 'handover', revision: revision ?? null, correlationId: correlation_id ?? null, how: `${how} (${doc.id})` };
}
