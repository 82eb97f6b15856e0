/**
 * The hand-over: the resolved persona as one job passes it to the next
 * (resolve-persona's `persona` output and persona.json). It is public API,
 * versioned by `schema_version`; schema/resolved-persona.schema.json
 * describes it. No zod here: writing a hand-over costs no start-up time.
 */
import type { ResolvedPersona } from '../blend/resolved-persona.js';

/**
 * The version of the hand-over this release writes, `MAJOR.MINOR`. A minor
 * bump only adds fields (older readers ignore them); a major bump changes or
 * removes one, and readers of another major refuse the document.
 */
export const HANDOVER_SCHEMA_VERSION = '1.0';

/** Largest hand-over read, in bytes: GitHub's limit on a job's outputs (1 MiB). */
export const MAX_HANDOVER_BYTES = 1024 * 1024;

/** The hand-over document: `schema_version` first, then the resolved persona. */
export type HandoverDocument = { schema_version: string } & ResolvedPersona;

/** The hand-over of a resolved persona, stamped with this release's {@link HANDOVER_SCHEMA_VERSION}. Pure. */
export function toHandover(persona: ResolvedPersona): HandoverDocument {
  const { schema_version: _ignored, ...fields } = persona as Partial<HandoverDocument> & ResolvedPersona;
  return { schema_version: HANDOVER_SCHEMA_VERSION, ...fields };
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
