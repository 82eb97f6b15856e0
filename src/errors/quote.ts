/** The most characters of a value a message quotes; longer values are cut with an ellipsis. */
export const MAX_QUOTED_CHARS = 60;

/**
 * A value as a message quotes it: JSON-quoted (so control characters show as
 * escapes, never raw) and cut to about {@link MAX_QUOTED_CHARS} characters.
 * Use it for every value that came from outside (a file, an input, a
 * payload, a URL), so no message echoes more than the offending token.
 */
export function quote(value: string, max: number = MAX_QUOTED_CHARS): string {
  const cut = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return JSON.stringify(cut);
}
