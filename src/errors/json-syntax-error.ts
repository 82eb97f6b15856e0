/** A strict-JSON syntax error: V8's message without its position, and where it is when V8 says. */
export interface JsonSyntaxError {
  message: string;
  /** 1-based; absent when V8's message gives no position. */
  line?: number;
  column?: number;
}

/**
 * Describes the error `JSON.parse(text)` threw (strict JSON: no comments, no
 * trailing commas): V8's message without its position, located by line and
 * column where the message gives one (every message does on Node 22+).
 */
export function jsonSyntaxError(text: string, error: unknown): JsonSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
  const at = /at position (\d+)/.exec(message);
  const where = lineCol ? { line: Number(lineCol[1]), column: Number(lineCol[2]) } : at ? positionAt(text, Number(at[1])) : {};
  const clean = message
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/ \(line \d+ column \d+\)$/, '')
    .replace(/^JSON\.parse: /, '');
  return { message: clean, ...where };
}

/** 1-based line and column of a 0-based offset into `text`. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
