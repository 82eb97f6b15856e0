/*
 * How a rollback is written into a deployment status description, and
 * recognised there again: the rollback guardrails (once per run, cooldown)
 * read these markers back from the Deployments API, across jobs and runs.
 */

/** The end of every marker: who wrote it. */
export const ROLLBACK_MARKER_SUFFIX = 'by pipeline-personas';
/** The start of every marker. */
export const ROLLBACK_MARKER_PREFIX = 'Rolled back';

/**
 * The marker description: `Rolled back to <sha 12> (<ref>) by pipeline-personas`,
 * or `Rolled back by pipeline-personas` without a target. A ref so long that the
 * description would pass GitHub's 140 characters is cut with an ellipsis, keeping the suffix.
 */
export function rollbackDescription(target?: { ref: string; sha: string }): string {
  if (!target) return `${ROLLBACK_MARKER_PREFIX} ${ROLLBACK_MARKER_SUFFIX}`;
  const fixed = `${ROLLBACK_MARKER_PREFIX} to ${target.sha.slice(0, 12)} () ${ROLLBACK_MARKER_SUFFIX}`;
  const room = 140 - fixed.length;
  // Control characters would make the description unreadable; a ref never holds them legitimately.
  const clean = [...target.ref].filter((char) => char >= ' ' && char !== '\u007f').join('');
  const ref = clean.length > room ? `${clean.slice(0, room - 1)}…` : clean;
  return `${ROLLBACK_MARKER_PREFIX} to ${target.sha.slice(0, 12)} (${ref}) ${ROLLBACK_MARKER_SUFFIX}`;
}

/** Whether a status description is a rollback marker: exactly the prefix `Rolled back` and the suffix `by pipeline-personas`. */
export function isRollbackMarker(description: unknown): boolean {
  return typeof description === 'string' && description.startsWith(ROLLBACK_MARKER_PREFIX) && description.endsWith(ROLLBACK_MARKER_SUFFIX);
}
