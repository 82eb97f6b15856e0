/**
 * What a terminal must never receive raw from a persona or a library: C0
 * controls except tab and line feed (ESC starts ANSI and OSC sequences that
 * move the cursor, clear the screen or retitle the window; CR overwrites a
 * line), DEL, C1 controls (U+0080–U+009F, CSI and OSC among them) and the
 * bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
 * reorder what is shown.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` safe to print to a terminal: every character of {@link UNSAFE}
 * shown as a visible `\uXXXX` escape (`\x1b` → `\u001b`), everything else
 * unchanged. JSON text stays valid and means the same: those characters
 * can occur in JSON only inside strings, where `\uXXXX` is their escape.
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
