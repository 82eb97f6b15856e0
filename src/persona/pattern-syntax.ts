/**
 * A linear-time scan of a `matches` pattern for the syntax the linear-time
 * engine (RE2, as implemented by re2js) refuses and that people bring from
 * JavaScript or PCRE: backreferences and lookaround, plus unbalanced
 * brackets. Pure and cheap, so the zod check locates these at the value
 * before the engine is loaded; the engine's own compile catches the rest.
 */

const ENGINE = 'which the linear-time engine (RE2 syntax) does not support';

/** The token as a message shows it: JSON escapes, no quotes, cut to 20 characters. */
const show = (token: string): string => JSON.stringify(token.length > 20 ? `${token.slice(0, 19)}…` : token).slice(1, -1);

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/** `\1`, `\12`: the escape and every digit after it. */
function numberedBackreference(pattern: string, at: number): string {
  let end = at + 1;
  while (isDigit(pattern[end])) end++;
  return pattern.slice(at, end);
}

/** `\k<name>`, `\k'name'`, `\k{name}`: up to the closing character (at most 40 characters looked at). */
function namedBackreference(pattern: string, at: number): string {
  const close = { '<': '>', "'": "'", '{': '}' }[pattern[at + 2] as '<' | "'" | '{'];
  const end = pattern.indexOf(close, at + 3);
  return end >= 0 && end - at < 40 ? pattern.slice(at, end + 1) : pattern.slice(at, at + 3);
}

/**
 * Where the character class opened at `start` ends (the index of its `]`),
 * or -1 when it is not closed. A `]` right after `[` or `[^` is literal;
 * escapes and POSIX classes (`[:alpha:]`) are skipped.
 */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === ']') return i;
    if (ch === '\\') i += 2;
    else if (ch === '[' && pattern[i + 1] === ':') {
      // POSIX names are short: looking a bounded distance ahead keeps the scan linear.
      const close = pattern.slice(i + 2, i + 12).indexOf(':]');
      i = close >= 0 ? i + 2 + close + 2 : i + 1;
    } else i++;
  }
  return -1;
}

/** What a group opening at `at` is, when it is lookaround. */
function lookaround(pattern: string, at: number): string | undefined {
  if (pattern.startsWith('(?=', at) || pattern.startsWith('(?!', at)) return `uses a lookahead (${show(pattern.slice(at, at + 3))}), ${ENGINE}`;
  if (pattern.startsWith('(?<=', at) || pattern.startsWith('(?<!', at)) return `uses a lookbehind (${show(pattern.slice(at, at + 4))}), ${ENGINE}`;
  return undefined;
}

/** What the escape at `at` is, when it is a backreference. */
function backreference(pattern: string, at: number): string | undefined {
  const next = pattern[at + 1];
  if (next !== undefined && next >= '1' && next <= '9') return `uses a backreference (${show(numberedBackreference(pattern, at))}), ${ENGINE}`;
  if (next === 'k' && "<'{".includes(pattern[at + 2] ?? 'x')) return `uses a backreference (${show(namedBackreference(pattern, at))}), ${ENGINE}`;
  return undefined;
}

/**
 * Why `pattern` cannot run on the linear-time engine, completing the
 * sentence `pattern "…" <reason>`: a backreference, a lookahead or
 * lookbehind, an unmatched `)`, a missing `)` or `]`. Undefined when the
 * scan finds none of these (the engine may still refuse the pattern).
 * One pass, so linear in the pattern's length.
 */
export function unsupportedPatternSyntax(pattern: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      if (pattern[i + 1] === 'Q') {
        // \Q…\E quotes literally, to the end when there is no \E.
        const end = pattern.indexOf('\\E', i + 2);
        if (end < 0) break;
        i = end + 1;
        continue;
      }
      const reason = backreference(pattern, i);
      if (reason) return reason;
      i++;
    } else if (ch === '[') {
      const end = classEnd(pattern, i);
      if (end < 0) return 'is missing a closing ] (a character class is not closed)';
      i = end;
    } else if (ch === '(') {
      const reason = lookaround(pattern, i);
      if (reason) return reason;
      depth++;
    } else if (ch === ')') {
      if (depth === 0) return 'has an unmatched )';
      depth--;
    }
  }
  return depth > 0 ? 'is missing a closing )' : undefined;
}
