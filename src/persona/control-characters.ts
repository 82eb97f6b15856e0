/**
 * Characters refused in persona text: C0 controls (U+0000–U+001F, NUL
 * included), DEL (U+007F) and the bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069). They retitle or clear a terminal, forge
 * lines of a job summary, or make text read differently from what it is.
 * Free text (`description`) may hold line feeds and tabs, and nothing else
 * of these.
 *
 * The patterns are single character classes, so checking is linear in the
 * text, and they are written with escapes so the generated JSON schema
 * carries them as readable `pattern`s that any validator can run.
 */
/* eslint-disable no-control-regex -- matching control characters is the point of this module */

/** Matches a string with none of the refused characters. */
export const NO_CONTROL_CHARACTERS = /^[^\x00-\x1F\x7F\u202A-\u202E\u2066-\u2069]*$/;

/** Matches free text: none of the refused characters except `\t` (U+0009) and `\n` (U+000A). */
export const NO_CONTROL_CHARACTERS_IN_FREE_TEXT = /^[^\x00-\x08\x0B-\x1F\x7F\u202A-\u202E\u2066-\u2069]*$/;

const REFUSED = /[\x00-\x1F\x7F\u202A-\u202E\u2066-\u2069]/;
const REFUSED_IN_FREE_TEXT = /[\x00-\x08\x0B-\x1F\x7F\u202A-\u202E\u2066-\u2069]/;

/** The first refused character of `text` and its 1-based position, if any. */
export function firstControlCharacter(text: string, freeText = false): { codePoint: number; position: number } | undefined {
  const found = (freeText ? REFUSED_IN_FREE_TEXT : REFUSED).exec(text);
  return found ? { codePoint: found[0].charCodeAt(0), position: found.index + 1 } : undefined;
}

/** `U+001B`. */
const codePointName = (codePoint: number): string => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * `name contains a control character (U+001B) at position 3`, or for a
 * bidirectional override `… a bidirectional control character (U+202E) …`.
 * `what` names the field; the text itself is never echoed. Undefined when
 * `text` is not a string or holds no refused character.
 */
export function controlCharacterMessage(what: string, text: unknown, freeText = false): string | undefined {
  if (typeof text !== 'string') return undefined;
  const found = firstControlCharacter(text, freeText);
  if (!found) return undefined;
  const kind = found.codePoint >= 0x2000 ? 'a bidirectional control character' : 'a control character';
  const allowed = freeText ? ' (only line feeds and tabs are allowed)' : '';
  return `${what} contains ${kind} (${codePointName(found.codePoint)}) at position ${found.position}${allowed}`;
}
