/**
 * History entries (one per request: applied, rejected or duplicate) and the
 * commit message the `branch` store writes for one. The message is a human
 * first line, a blank line, the reason, a blank line and one machine-readable
 * trailer line holding the entry as JSON; only the last line is read back, so
 * text in the reason can never forge an entry. Pure.
 */
import { ACK_RESULTS, type AckResult, type HistoryEntry } from './persona-state.js';
import { SWITCH_ACTIONS, type SwitchRequest } from './switch-request.js';

/** The key of the trailer line that carries the entry as JSON. */
export const HISTORY_TRAILER = 'Persona-State-Entry';

/** The most characters of one value the human first line shows. */
const MAX_SUBJECT_VALUE = 60;
/** The most characters of the reason the human body shows (the trailer keeps all of it). */
const MAX_BODY_REASON = 2000;

// Control characters (C0 but tab and line feed, DEL, C1) and the Unicode line/paragraph separators and bidi controls.
// eslint-disable-next-line no-control-regex
const UNSAFE_BODY = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The parts of a history entry that come from the request and the context. */
export interface EntryInput {
  request: Pick<SwitchRequest, 'action' | 'environment' | 'correlation_id'>;
  at: Date;
  by: string;
  result: AckResult;
  reason: string;
  revision: number;
  persona?: string;
}

/** A history entry for one request; `persona` is the one switched to, when the request changed it. */
export function historyEntry(input: EntryInput): HistoryEntry {
  const entry: HistoryEntry = {
    at: input.at.toISOString(),
    by: input.by,
    action: input.request.action,
    correlation_id: input.request.correlation_id,
    result: input.result,
    reason: input.reason,
    revision: input.revision,
  };
  if (input.persona !== undefined) entry.persona = input.persona;
  if (input.request.environment !== undefined) entry.environment = input.request.environment;
  return entry;
}

/** `text` with control characters shown as `\uXXXX`, cut to `max` characters. */
function visible(text: string, pattern: RegExp, max: number): string {
  const shown = text.replace(pattern, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

/** The human first line: `persona-switch: security-first in production by alice (corr-123)`. */
function subjectLine(entry: HistoryEntry): string {
  const show = (text: string) => visible(text, UNSAFE_LINE, MAX_SUBJECT_VALUE);
  const kind = entry.result === 'applied' ? `persona-${show(entry.action)}` : `persona-${show(entry.action)} ${entry.result}`;
  const what = entry.persona !== undefined ? show(entry.persona) : entry.action === 'switch' || entry.action === 'revert' ? 'persona' : 'rollout';
  const where = entry.environment !== undefined ? ` in ${show(entry.environment)}` : '';
  return `${kind}: ${what}${where} by ${show(entry.by)} (${show(entry.correlation_id)})`;
}

/** The reason as the body shows it: control characters escaped, lines that look like the trailer quoted with `> `. */
function bodyText(reason: string): string {
  const trailerLike = new RegExp(`^\\s*${HISTORY_TRAILER}\\s*:`, 'i');
  return visible(reason.replace(/\r\n?/g, '\n'), UNSAFE_BODY, MAX_BODY_REASON)
    .split('\n')
    .map((line) => (trailerLike.test(line) ? `> ${line}` : line))
    .join('\n')
    .trim();
}

/**
 * The commit message for `entry`: first line for people, the reason, and the
 * entry as JSON on the last line (`Persona-State-Entry: {...}`).
 */
export function historyCommitMessage(entry: HistoryEntry): string {
  const body = bodyText(entry.reason);
  const trailer = `${HISTORY_TRAILER}: ${JSON.stringify(entry)}`;
  return body ? `${subjectLine(entry)}\n\n${body}\n\n${trailer}\n` : `${subjectLine(entry)}\n\n${trailer}\n`;
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** A history entry checked field by field from parsed JSON (only the known fields are copied), or undefined. */
export function toHistoryEntry(value: unknown): HistoryEntry | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const { at, by, action, correlation_id, result, reason, revision, persona, environment } = v;
  if (!isString(at) || !isString(by) || !isString(action) || !isString(correlation_id) || !isString(reason)) return undefined;
  if (!(SWITCH_ACTIONS as readonly string[]).includes(action) || !(ACK_RESULTS as readonly unknown[]).includes(result)) return undefined;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0 || Number.isNaN(Date.parse(at))) return undefined;
  if ((persona !== undefined && !isString(persona)) || (environment !== undefined && !isString(environment))) return undefined;
  const entry: HistoryEntry = { at, by, action, correlation_id, result: result as AckResult, reason, revision };
  if (persona !== undefined) entry.persona = persona;
  if (environment !== undefined) entry.environment = environment;
  return entry;
}

/**
 * The entry a commit message written by {@link historyCommitMessage} holds,
 * read from its last line only; undefined for any other message (a commit
 * made by hand, a damaged trailer).
 */
export function parseHistoryCommitMessage(message: string): HistoryEntry | undefined {
  const lines = message.trimEnd().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const prefix = `${HISTORY_TRAILER}: `;
  if (lines.length < 2 || !last.startsWith(prefix)) return undefined;
  try {
    return toHistoryEntry(JSON.parse(last.slice(prefix.length)));
  } catch {
    return undefined;
  }
}
