import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { MAX_STATUS_DESCRIPTION, type RollbackHistory } from './deployments.js';
import { isRollbackMarker } from './rollback-marker.js';

/*
 * The rules both Deployments implementations share (pure): which status
 * points into a run, which deployment is a known-good target, what the
 * rollback markers say. Keeping them here makes the in-memory fake and the
 * GitHub implementation agree by construction; the contract test proves it.
 */

/** A deployment status as the rules read it (already checked for shape). */
export interface ObservedStatus {
  /** GitHub's status id: it grows with time, so it orders statuses. */
  id: number;
  state: string;
  description: string;
  /** `log_url` and `target_url`, where present. */
  urls: string[];
  /** ISO 8601. */
  createdAt: string;
}

/** `runId` as given, or a ConfigurationError when it is not a GitHub run id (digits). */
export function checkRunId(runId: string): string {
  if (!/^[0-9]{1,20}$/.test(runId)) throw new ConfigurationError(`the run id ${quote(String(runId))} is not a GitHub run id (digits)`);
  return runId;
}

/** `id` as given, or a RangeError when it is not a deployment id (a positive safe integer). */
export function checkDeploymentId(id: number): number {
  if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`a deployment id is a positive integer, not ${String(id)}`);
  return id;
}

/** Whether `url` points into run `runId`: it holds `/actions/runs/<runId>` followed by `/`, `?`, `#` or the end. */
export function pointsIntoRun(url: string, runId: string): boolean {
  const needle = `/actions/runs/${runId}`;
  for (let at = url.indexOf(needle); at >= 0; at = url.indexOf(needle, at + 1)) {
    const next = url.charAt(at + needle.length);
    if (next === '' || next === '/' || next === '?' || next === '#') return true;
  }
  return false;
}

/** Whether one of the status's URLs points into run `runId`. */
export function statusOfRun(status: ObservedStatus, runId: string): boolean {
  return status.urls.some((url) => pointsIntoRun(url, runId));
}

/** The statuses newest first (by id, which grows with time). */
export function newestFirst(statuses: readonly ObservedStatus[]): ObservedStatus[] {
  return [...statuses].sort((a, b) => b.id - a.id);
}

/**
 * Whether a deployment with these statuses is a known-good rollback target: it
 * has a `success` status that is not a rollback marker, and no rollback marker
 * was written after its newest such success (an `inactive` after it is fine:
 * GitHub marks older deployments inactive when a newer one succeeds).
 */
export function isKnownGood(statuses: readonly ObservedStatus[]): boolean {
  const ordered = newestFirst(statuses);
  const success = ordered.findIndex((s) => s.state === 'success' && !isRollbackMarker(s.description));
  if (success < 0) return false;
  const marker = ordered.findIndex((s) => isRollbackMarker(s.description));
  return marker < 0 || marker > success;
}

/** The rollback markers among `statuses` (of several deployments): when the newest was written, how many point into run `runId`. */
export function rollbackHistoryOf(statuses: readonly ObservedStatus[], runId: string): RollbackHistory {
  let last: number | undefined;
  let thisRun = 0;
  for (const status of statuses) {
    if (!isRollbackMarker(status.description)) continue;
    const at = Date.parse(status.createdAt);
    if (Number.isFinite(at) && (last === undefined || at > last)) last = at;
    if (statusOfRun(status, runId)) thisRun++;
  }
  return { ...(last !== undefined ? { lastRollbackAt: new Date(last) } : {}), thisRun };
}

/** `text` cut to GitHub's 140 characters with an ellipsis. */
export function cutDescription(text: string): string {
  return text.length > MAX_STATUS_DESCRIPTION ? `${text.slice(0, MAX_STATUS_DESCRIPTION - 1)}…` : text;
}
