/**
 * The hand-over: the resolved persona as one job passes it to the next
 * (resolve-persona's `persona` output and persona.json). It is public API,
 * versioned by `schema_version`; schema/resolved-persona.schema.json
 * describes it. No zod here: writing a hand-over costs no start-up time.
 */
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import type { Cohort, Selection, SelectionSource } from '../select/selection.js';

/**
 * The version of the hand-over this release writes, `MAJOR.MINOR`. A minor
 * bump only adds fields (older readers ignore them); a major bump changes or
 * removes one, and readers of another major refuse the document.
 * 1.1 added the selection fields; 1.2 added `risk_policy`.
 */
export const HANDOVER_SCHEMA_VERSION = '1.2';

/** Largest hand-over read, in bytes: GitHub's limit on a job's outputs (1 MiB). */
export const MAX_HANDOVER_BYTES = 1024 * 1024;

/**
 * How a persona was selected (added in 1.1; absent from a 1.0 hand-over):
 * the selector, the state revision seen and the switch's correlation id
 * (both null when no state or event chose it), and the rollout cohort.
 */
export interface HandoverSelection {
  source: SelectionSource;
  revision: number | null;
  correlation_id: string | null;
  cohort: Cohort;
}

/** The hand-over document: `schema_version` first, then the resolved persona and how it was selected. */
export type HandoverDocument = { schema_version: string } & ResolvedPersona & Partial<HandoverSelection>;

/** The selection of a persona chosen without the state store (an input, the default). */
export function plainSelection(source: SelectionSource): HandoverSelection {
  return { source, revision: null, correlation_id: null, cohort: 'none' };
}

/** What the hand-over records of a {@link Selection}. */
export function handoverSelection(selection: Selection): HandoverSelection {
  return {
    source: selection.source,
    revision: selection.revision ?? null,
    correlation_id: selection.correlationId ?? null,
    cohort: selection.cohort ?? 'none',
  };
}

/** The hand-over of a resolved persona, stamped with this release's {@link HANDOVER_SCHEMA_VERSION}. Pure. */
export function toHandover(persona: ResolvedPersona, selection?: HandoverSelection): HandoverDocument {
  const { schema_version: _v, source: _s, revision: _r, correlation_id: _c, cohort: _h, ...fields } = persona as HandoverDocument;
  return { schema_version: HANDOVER_SCHEMA_VERSION, ...fields, ...selection };
}

/**
 * The JSON text of a hand-over: `pretty` (indented by 2, ending with a
 * newline: persona.json) or `compact` (one line: the `persona` output).
 */
export function serializeHandover(doc: HandoverDocument, format: 'pretty' | 'compact' = 'pretty'): string {
  return format === 'pretty' ? `${JSON.stringify(doc, null, 2)}\n` : JSON.stringify(doc);
}

/** `{ major, minor }` of a `MAJOR.MINOR` version string, or undefined when it is not one. */
export function parseSchemaVersion(version: string): { major: number; minor: number } | undefined {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}
