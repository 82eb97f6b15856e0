/**
 * Laying text out on a terminal for terminalMarkdown: display widths (wide
 * characters two columns, the module's own SGR sequences none), word
 * wrapping, and fitting a table's columns into the width.
 */
/** The SGR sequences this module adds (input text never holds ESC: terminalText escapes it). */
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const SGR = /\u001b\[[\d;]*m/g;
/** Characters two columns wide: CJK, Hangul, full-width forms, most emoji. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

/** The columns `text` takes on a terminal: SGR sequences and combining marks none, wide characters two. */
export function displayWidth(text: string): number {
  if (/^[ -~]*$/.test(text)) return text.length; // printable ASCII: the common case, and fast
  let width = 0;
  for (const c of text.replace(SGR, '')) width += /\p{M}/u.test(c) ? 0 : WIDE.test(c) ? 2 : 1;
  return width;
}

/** A word wider than `width` cut into pieces that fit (SGR sequences kept whole). */
function cutWord(word: string, width: number): string[] {
  const pieces = [''];
  let used = 0;
  // eslint-disable-next-line no-control-regex -- an SGR sequence is one unit
  for (const unit of word.match(/\u001b\[[\d;]*m|[\s\S]/gu) ?? []) {
    const w = displayWidth(unit);
    if (used + w > width && used > 0) {
      pieces.push('');
      used = 0;
    }
    pieces[pieces.length - 1] += unit;
    used += w;
  }
  return pieces;
}

/** `text` word-wrapped to `width` columns (a longer word is cut); its own line breaks kept. */
export function wrapText(text: string, width: number): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let current: string | undefined;
    for (const word of line.split(' ')) {
      for (const piece of displayWidth(word) > width ? cutWord(word, width) : [word]) {
        if (current === undefined) current = piece;
        else if (displayWidth(current) + 1 + displayWidth(piece) <= width) current += ' ' + piece;
        else {
          out.push(current);
          current = piece;
        }
      }
    }
    out.push(current ?? '');
  }
  return out.map((l) => l.trimEnd()).join('\n');
}

/** The width of the widest line of `text`. */
export const widest = (text: string) => text.split('\n').reduce((most, line) => Math.max(most, displayWidth(line)), 0);

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The largest cap (at least `floor`) with Σ min(value, cap) ≤ `room`, found by bisection. */
function waterLevel(values: readonly number[], room: number, floor: number): number {
  let [low, high] = [floor, values.reduce((a, b) => Math.max(a, b), floor)];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sum(values.map((v) => Math.min(v, mid))) <= room) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Column widths that fit `available`: each column first gets its longest
 * word (so words stay whole), the room left goes to the widest columns;
 * when even the words do not fit, every column is cut to one cap (≥ 8).
 */
export function fitColumns(natural: readonly number[], words: readonly number[], available: number): number[] {
  if (sum(natural) <= available) return [...natural];
  const least = natural.map((w, c) => Math.min(w, words[c]!));
  if (sum(least) > available) {
    const cap = waterLevel(natural, available, 8);
    return natural.map((w) => Math.min(w, cap));
  }
  const extra = natural.map((w, c) => w - least[c]!);
  const cap = waterLevel(extra, available - sum(least), 0);
  return least.map((w, c) => w + Math.min(extra[c]!, cap));
}

/** A cell's text padded to `width` columns, aligned as its table column. */
export function padCell(text: string, width: number, align: 'left' | 'right' | 'center' | null): string {
  const room = Math.max(0, width - displayWidth(text));
  if (align === 'right') return ' '.repeat(room) + text;
  if (align === 'center') return ' '.repeat(room >> 1) + text + ' '.repeat(room - (room >> 1));
  return text + ' '.repeat(room);
}
