import { byCodeUnit } from './code-unit-order.js';
/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidates closest to `word` (at most `limit`), nearest first; only
 * those within a third of the word's length (at least 2 edits, but never a
 * total rewrite), or sharing its prefix (3+ characters).
 */
export function closest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(2, Math.ceil(word.length / 3));
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const d = editDistance(word, c);
    if ((d <= max && d < Math.max(word.length, c.length)) || (Math.min(word.length, c.length) >= 3 && (c.startsWith(word) || word.startsWith(c))))
      scored.push([c, d]);
  }
  return scored
    .sort((x, y) => x[1] - y[1] || byCodeUnit(x[0], y[0]))
    .slice(0, limit)
    .map(([c]) => c);
}

/**
 * The "did you mean" hint for `word`: ` (did you mean "a", "b"?)` listing
 * the closest candidates, or '' when none is close. Append it to a message.
 */
export function didYouMean(word: string, candidates: Iterable<string>, limit = 3): string {
  const near = closest(word, candidates, limit);
  return near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(', ')}?)` : '';
}
