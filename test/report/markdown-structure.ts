// A small reader of the markdown the job summary is made of (ATX headings,
// fenced blocks, GitHub tables, code spans), enough to check the structure a
// renderer would see: which lines are headings or table rows, where each
// fenced block ends, what text lies outside code.

/** One fenced block: its info string and the lines of its opening and closing fences (0-based). */
export interface Fence {
  info: string;
  start: number;
  /** -1 when the block is never closed (it would swallow the rest). */
  end: number;
}

/** What a renderer would see in a markdown text. */
export interface MarkdownStructure {
  lines: string[];
  fences: Fence[];
  /** Heading lines outside fenced blocks. */
  headings: string[];
  /** Runs of consecutive table rows (lines starting with `|`) outside fenced blocks. */
  tables: string[][];
  /** Every line outside fenced blocks with its code spans removed. */
  outsideCode: string;
}

/** `line` split into the text outside code spans and the spans' contents (CommonMark: a run of N backticks up to the next run of exactly N). */
function scanCodeSpans(line: string): { text: string; spans: string[] } {
  let text = '';
  const spans: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '`') {
      text += line[i++];
      continue;
    }
    const run = /^`+/.exec(line.slice(i))![0];
    let close = -1;
    for (let j = i + run.length; j < line.length;) {
      const next = /`+/.exec(line.slice(j));
      if (!next) break;
      if (next[0].length === run.length) {
        close = j + next.index;
        break;
      }
      j += next.index + next[0].length;
    }
    if (close < 0) {
      text += run;
      i += run.length;
      continue;
    }
    const body = line.slice(i + run.length, close);
    spans.push(body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '' ? body.slice(1, -1) : body);
    i = close + run.length;
  }
  return { text, spans };
}

/** `line` without its code spans. */
export function withoutCodeSpans(line: string): string {
  return scanCodeSpans(line).text;
}

/** The contents of the code spans of `line`, padding stripped as CommonMark does. */
export function codeSpansIn(line: string): string[] {
  return scanCodeSpans(line).spans;
}

/** The cells of a table row, split at `|` not escaped as `\|` (GitHub's rule). */
export function cellsOf(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\' && row[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (row[i] === '|') {
      cells.push(cell);
      cell = '';
    } else cell += row[i];
  }
  cells.push(cell);
  return cells.slice(1, -1).map((c) => c.trim());
}

/** Reads `markdown` the way a CommonMark renderer splits it into lines (CR, LF and CR LF end a line). */
export function readMarkdown(markdown: string): MarkdownStructure {
  const lines = markdown.split(/\r\n|\r|\n/);
  const fences: Fence[] = [];
  const headings: string[] = [];
  const tables: string[][] = [];
  const outside: string[] = [];
  let open: Fence | undefined;
  let table: string[] | undefined;
  lines.forEach((line, index) => {
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open) {
      if (fence && !fence[2]!.trim()) {
        open.end = index;
        open = undefined;
      }
      return;
    }
    if (fence) {
      open = { info: fence[2]!.trim(), start: index, end: -1 };
      fences.push(open);
      table = undefined;
      return;
    }
    if (/^ {0,3}#{1,6}(\s|$)/.test(line)) headings.push(line);
    if (!line.startsWith('|')) table = undefined;
    else {
      if (!table) tables.push((table = []));
      table.push(line);
    }
    outside.push(withoutCodeSpans(line));
  });
  return { lines, fences, headings, tables, outsideCode: outside.join('\n') };
}
