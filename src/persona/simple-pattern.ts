/**
 * Patterns simple enough to need no pattern engine to be trusted: the fast
 * parser path accepts them without zod, and the library loads the
 * linear-time engine (dist/bundles/patterns, ≈13 ms) only for a pattern
 * outside this subset or one that must filter an `=`/`in` set.
 */

/**
 * The plain subset of patterns the fast path accepts: literals, `.`, classes
 * of literals and ranges, `\d \w \s` and their negations, escaped
 * punctuation, `^ $ |`, groups without `(?`, and `* + ? {n} {n,} {n,m}`
 * (n, m < 1000, lazy forms allowed). Every such pattern is valid RE2 and
 * ECMAScript (checked by compiling it too); anything else goes to zod.
 */
const PLAIN_PATTERN =
  /^(?:[\w \-^$.*+?|()/:@,=#%~&'"<>!;]|\\[dDwWsS.\\/\-^$*+?()[\]{}|]|\[\^?(?:[\w \-./:@,]|\\[dDwWsS.\\\-\]])+\]|\{\d{1,3}(?:,\d{0,3})?\})*$/;

/** Whether `value` is a pattern of the plain subset that compiles. */
export function isPlainPattern(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let plain = plainPatterns.get(value);
  if (plain === undefined) plainPatterns.set(value, (plain = checkPlain(value)));
  return plain;
}

/** Answers of {@link isPlainPattern} so far: a library repeats its few patterns in many files. */
const plainPatterns = new Map<string, boolean>();

function checkPlain(value: string): boolean {
  if (value.length > 500 || !PLAIN_PATTERN.test(value)) return false;
  if (value.includes('(?') || /[*+?}][*+{]|\?\?|\{\d+,\d+\}\?\?/.test(value)) return false;
  try {
    new RegExp(value);
    new RegExp(value, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * A plain pattern (see {@link isPlainPattern}) whose compiled size is
 * bounded without compiling it: at most 200 characters, counted repeats
 * only on a single atom (never after a group) and at most 100. RE2 accepts
 * every such pattern within the engine's instruction limit
 * (test/persona/simple-pattern.test.ts checks it against re2js), so a
 * library whose patterns are all simple, and none of which filters a set,
 * needs no engine at all.
 */
export function isSimplePattern(value: string): boolean {
  if (value.length > 200 || !isPlainPattern(value)) return false;
  for (const m of value.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (value[m.index - 1] === ')' || Number(m[1]) > 100 || Number(m[2] || 0) > 100) return false;
  }
  return true;
}
