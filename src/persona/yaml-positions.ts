/** Line and column of offsets into a persona file's text (no yaml import: the fast path uses it too). */

/** A 1-based line and column; empty when unknown. */
export type Where = { line?: number; column?: number };

/** The line and column of offsets into `source`, from a line table built on the first call. */
export function positionsOf(source: string): (offset?: number) => Where {
  let starts: number[] | undefined;
  return (offset) => {
    if (offset === undefined) return {};
    if (!starts) {
      starts = [0];
      for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
