// Markdown for the job summary from values that come from a persona library,
// which is untrusted input: no value may start an HTML element or comment,
// leave its table row, code span, heading or chart, or start a new line.
// The rules are written out in ARCHITECTURE.md ("Job summary escaping").

/** Every line break a renderer may honour: CR LF, CR, LF, NEL, U+2028 and U+2029. */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;

/**
 * Markdown punctuation that could start emphasis, a link or an image (`![`
 * needs the `[`), strikethrough, math or a cell, or (`#`) close a heading.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~$#]/g;

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `& < > " '` as HTML entities, so a value can never open a tag or a comment. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/** Every line break of `value` replaced by `by`. */
export function replaceLineBreaks(value: string, by: string): string {
  return value.replace(LINE_BREAKS, by);
}

/**
 * A value as inline markdown text that renders exactly as written: HTML
 * escaped, markdown punctuation backslash-escaped, every line break turned
 * into `lineBreak` (`<br>` in cells and quotes, a space in headings).
 */
export function inlineText(value: unknown, lineBreak: '<br>' | ' ' = '<br>'): string {
  const text = String(value);
  // Split on line breaks first, so the `<br>` added is the only HTML left unescaped.
  return text
    .split(LINE_BREAKS)
    .map((part) => escapeHtml(part.replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)))
    .join(lineBreak);
}

/** The longest run of backticks in `value`. */
function longestBacktickRun(value: string): number {
  let longest = 0;
  for (const run of value.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * A value as a code span, shown as written (CommonMark): delimited by one
 * backtick more than its longest run of backticks, padded with a space when
 * it holds a backtick or starts and ends with a space. Line breaks become
 * spaces (a code span cannot hold one, and a table row must not end early);
 * in a table cell `|` is written `\|`, which GitHub's table reader turns back
 * into `|` before the span is read.
 */
export function codeSpan(value: unknown, inTable = false): string {
  let text = replaceLineBreaks(String(value), ' ');
  if (inTable) text = text.replace(/\|/g, '\\|');
  if (text === '') return '` `';
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.includes('`') || (text.startsWith(' ') && text.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** One cell of a {@link markdownTable}: plain text (escaped) or a code span. */
export type Cell = string | number | { code: string };

/** A code cell of a {@link markdownTable}. */
export const code = (value: string): Cell => ({ code: value });

/** A cell as markdown; a list of cells joined by `, `. */
function renderCell(cell: Cell | readonly Cell[]): string {
  if (Array.isArray(cell)) return cell.map((c) => renderCell(c)).join(', ');
  const one = cell as Cell;
  return typeof one === 'object' ? codeSpan(one.code, true) : inlineText(one);
}

/**
 * A GitHub table whose every cell is escaped ({@link inlineText}, line
 * breaks as `<br>`) or a code span; `_none_` without rows. Each row is
 * exactly one line.
 */
export function markdownTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<Cell | readonly Cell[]>>): string {
  if (!rows.length) return '_none_\n';
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers.map((h) => inlineText(h))), line(headers.map(() => '---')), ...rows.map((r) => line(r.map(renderCell)))].join('\n') + '\n';
}

/** The most characters of a chart label. */
const MAX_LABEL_CHARS = 40;

/**
 * A mermaid `xychart-beta` label, double-quoted: letters and digits of any
 * script, spaces and `_ . : / ( ) + , -` are kept, anything else (quotes,
 * `#`, `;`, `%`, `<`, `>`, `&`, backticks, control characters) becomes `_`
 * and line breaks a space, so no label can leave its quotes, the chart or the
 * fenced block. Cut to 40 characters.
 */
export function chartLabel(text: string): string {
  // Labels are metric names, nearly always plain ASCII: that test spares compiling the Unicode classes (≈0.5 ms).
  const safe = /^[\w.:/ ()+,-]*$/.test(text) ? text : replaceLineBreaks(text, ' ').replace(/[^\p{L}\p{N}_.:/ ()+,-]/gu, '_');
  return `"${[...safe].slice(0, MAX_LABEL_CHARS).join('')}"`;
}
