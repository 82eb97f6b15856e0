/**
 * Reading the line coverage out of an lcov or Cobertura XML report, the
 * measured `coverage` parameter. Pure: the caller reads the file (capped at
 * 1 MiB) and passes its text. Both readers are one linear scan (no XML
 * library, no backtracking regular expressions), and nothing in the report
 * is ever expanded: a DOCTYPE with an internal subset (entity declarations)
 * is refused, and entity references are never resolved.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';

/** The line coverage of a report. */
export interface CoverageReport {
  /** Covered lines in percent, rounded DOWN to 2 decimals (so a report never passes a bound it misses: 79.999 → 79.99). */
  percent: number;
  /** Lines with code. Absent for a Cobertura report that gives only `line-rate`. */
  linesFound?: number;
  /** Lines executed at least once. Absent for a Cobertura report that gives only `line-rate`. */
  linesHit?: number;
  format: 'lcov' | 'cobertura';
}

/** The most digits a count may have (keeps sums exact below 2^53). */
const MAX_COUNT_DIGITS = 15;
/** The longest `line-rate` value read (a double printed in full is about 25 characters). */
const MAX_RATE_CHARS = 40;

/**
 * Reads a coverage report, telling the format by its content (not its
 * name): text whose first non-blank character is `<` is Cobertura XML;
 * text whose first line is an lcov `KEY:` line is lcov.
 *
 * - lcov: the records' `LF` (lines found) and `LH` (lines hit) are summed;
 *   a record without them counts its `DA:<line>,<count>` lines. Records of
 *   the same source file (`SF`, several test sections) are merged: with
 *   `DA` lines a line counts once, hit when any record hit it.
 * - Cobertura: the root `<coverage>` element's `lines-covered` /
 *   `lines-valid` when both are present, else its `line-rate` (0..1).
 *
 * Zero lines in total, negative or non-integer counts, more lines hit than
 * found, a malformed or truncated report: a {@link ConfigurationError}
 * naming `file` and the line.
 */
export function readCoverageReport(text: string, file: string): CoverageReport {
  const start = skipBlank(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (start >= text.length) throw new ConfigurationError({ file, message: 'the coverage report is empty' });
  if (text[start] === '<') return readCobertura(text, file, start);
  const firstEnd = text.indexOf('\n', start);
  const first = text.slice(start, firstEnd < 0 ? Math.min(text.length, start + 200) : Math.min(firstEnd, start + 200)).trim();
  if (first === 'end_of_record' || /^[A-Z]+:/.test(first)) return readLcov(text, file);
  throw new ConfigurationError({
    file,
    line: lineAt(text, start),
    message: `not a coverage report: expected lcov (TN:/SF: lines) or Cobertura XML (<coverage …>), found ${quote(first)}`,
  });
}

/** `hit / found` in percent, rounded down to 2 decimals (float noise below 1e-9 is not rounded down). */
export function coveragePercent(hit: number, found: number): number {
  return Math.floor((hit / found) * 10_000 + 1e-9) / 100;
}

/** One source file's lines over the records that named it. */
interface FileLines {
  records: number;
  found: number;
  hit: number;
  /** DA lines: line number → hit in any record. */
  lines: Map<number, boolean>;
}

/** The record being read. */
interface LcovRecord {
  source?: string;
  lf?: number;
  lh?: number;
  lhLine?: number;
  lines: Map<number, boolean>;
}

function readLcov(text: string, file: string): CoverageReport {
  const files = new Map<string, FileLines>();
  let record: LcovRecord | undefined;
  let lineNo = 0;
  const fail = (message: string): ConfigurationError => new ConfigurationError({ file, line: lineNo, message });
  for (let pos = 0; pos < text.length;) {
    const end = nextLineEnd(text, pos);
    const line = text.slice(pos, end).trim(); // also drops \r and a byte order mark
    pos = end + 1;
    lineNo++;
    if (line === '') continue;
    if (line === 'end_of_record') {
      if (!record) throw fail('end_of_record outside a record');
      closeRecord(record, files, file, lineNo, files.size);
      record = undefined;
      continue;
    }
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon) : '';
    if (!/^[A-Z]+$/.test(key)) throw fail(`not an lcov line (KEY:value or end_of_record): ${quote(line)}`);
    record ??= { lines: new Map() };
    readLcovField(record, key, line.slice(colon + 1), lineNo, fail);
  }
  if (record) throw new ConfigurationError({ file, line: lineNo, message: 'the report ends inside a record (no end_of_record): is it truncated?' });
  if (files.size === 0) throw new ConfigurationError({ file, message: 'the lcov report has no records (SF: … end_of_record)' });
  return totals(files, file, 'lcov');
}

function readLcovField(record: LcovRecord, key: string, value: string, lineNo: number, fail: (message: string) => ConfigurationError): void {
  if (key === 'SF') {
    if (record.source !== undefined) throw fail('SF: inside a record that has not ended (no end_of_record before it)');
    record.source = value;
  } else if (key === 'LF' || key === 'LH') {
    if (record[key === 'LF' ? 'lf' : 'lh'] !== undefined) throw fail(`${key}: given twice in one record`);
    const count = parseCount(value);
    if (count === undefined) throw fail(`${key}: must be a non-negative whole number below 10^15, not ${quote(value)}`);
    if (key === 'LF') record.lf = count;
    else [record.lh, record.lhLine] = [count, lineNo];
  } else if (key === 'DA') {
    const parts = value.split(',', 3);
    const line = parseCount(parts[0] ?? '');
    const count = parts[1]?.trim() ?? '';
    if (line === undefined || !/^\d+$/.test(count)) {
      throw fail(`DA: must be <line>,<count> with whole numbers (a count is never negative), not ${quote(value)}`);
    }
    record.lines.set(line, record.lines.get(line) === true || /[1-9]/.test(count));
  }
}

function closeRecord(record: LcovRecord, files: Map<string, FileLines>, file: string, lineNo: number, index: number): void {
  const daHit = countHit(record.lines);
  const found = record.lf ?? record.lines.size;
  const hit = record.lh ?? daHit;
  if (hit > found) {
    throw new ConfigurationError({ file, line: record.lhLine ?? lineNo, message: `the record says ${hit} lines hit but only ${found} found (LH > LF)` });
  }
  const key = record.source ?? `\0record ${index}`;
  const seen = files.get(key);
  if (!seen) {
    files.set(key, { records: 1, found, hit, lines: record.lines });
    return;
  }
  seen.records++;
  for (const [line, wasHit] of record.lines) seen.lines.set(line, seen.lines.get(line) === true || wasHit);
  seen.found = Math.max(seen.found, found);
  seen.hit = Math.min(seen.found, Math.max(seen.hit, hit));
}

function totals(files: Map<string, FileLines>, file: string, format: 'lcov'): CoverageReport {
  let found = 0;
  let hit = 0;
  for (const lines of files.values()) {
    const merged = lines.records > 1 && lines.lines.size > 0;
    found += merged ? lines.lines.size : lines.found;
    hit += merged ? countHit(lines.lines) : lines.hit;
  }
  if (!Number.isSafeInteger(found)) throw new ConfigurationError({ file, message: `the report's line counts add up to more than ${Number.MAX_SAFE_INTEGER}` });
  if (found === 0) throw new ConfigurationError({ file, message: 'no lines found: the report covers no line of code (LF totals 0)' });
  return { percent: coveragePercent(hit, found), linesFound: found, linesHit: hit, format };
}

function readCobertura(text: string, file: string, start: number): CoverageReport {
  const fail = (pos: number, message: string): ConfigurationError => new ConfigurationError({ file, line: lineAt(text, pos), message });
  const root = skipProlog(text, start, fail);
  let nameEnd = root + 1;
  while (nameEnd < text.length && !/[\s/>]/.test(text[nameEnd]!)) nameEnd++;
  const name = text.slice(root + 1, nameEnd);
  if (name !== 'coverage') throw fail(root, `the root element is ${quote(`<${name}>`)}, not <coverage>: not a Cobertura report`);
  const attributes = readAttributes(text, nameEnd, fail);
  const at = (attribute: string): string | undefined => attributes.get(attribute);
  const count = (attribute: string): number | undefined => {
    const value = at(attribute);
    if (value === undefined) return undefined;
    const parsed = parseCount(value);
    if (parsed === undefined) throw fail(root, `<coverage ${attribute}> must be a non-negative whole number below 10^15, not ${quote(value)}`);
    return parsed;
  };
  const [covered, valid] = [count('lines-covered'), count('lines-valid')];
  if (covered !== undefined && valid !== undefined) {
    if (valid === 0) throw fail(root, 'no lines found: lines-valid is 0');
    if (covered > valid) throw fail(root, `lines-covered (${covered}) is more than lines-valid (${valid})`);
    return { percent: coveragePercent(covered, valid), linesFound: valid, linesHit: covered, format: 'cobertura' };
  }
  const rate = at('line-rate');
  if (rate === undefined) throw fail(root, '<coverage> has neither lines-covered and lines-valid nor line-rate');
  const value = rate.length <= MAX_RATE_CHARS && /^\d+(\.\d+)?([eE][-+]?\d+)?$/.test(rate) ? Number(rate) : NaN;
  if (!(value >= 0 && value <= 1)) throw fail(root, `<coverage line-rate> must be a number from 0 to 1, not ${quote(rate)}`);
  return { percent: coveragePercent(value, 1), format: 'cobertura' };
}

/** Skips the XML declaration, processing instructions, comments and an external DOCTYPE; returns the root element's `<`. */
function skipProlog(text: string, pos: number, fail: (pos: number, message: string) => ConfigurationError): number {
  for (;;) {
    pos = skipBlank(text, pos);
    const skipTo = (close: string, what: string): number => {
      const end = text.indexOf(close, pos + 2);
      if (end < 0) throw fail(pos, `${what} is not closed (no ${quote(close)})`);
      return end + close.length;
    };
    if (text.startsWith('<?', pos)) pos = skipTo('?>', 'a processing instruction');
    else if (text.startsWith('<!--', pos)) pos = skipTo('-->', 'a comment');
    else if (text.startsWith('<!DOCTYPE', pos)) pos = skipDoctype(text, pos, fail);
    else if (text[pos] === '<' && /[A-Za-z_]/.test(text[pos + 1] ?? '')) return pos;
    else throw fail(pos, 'no <coverage> root element found: not well-formed XML');
  }
}

/** Steps over `<!DOCTYPE coverage SYSTEM "…">`; an internal subset (`[`…`]`, where entities are declared) is refused. */
function skipDoctype(text: string, pos: number, fail: (pos: number, message: string) => ConfigurationError): number {
  let quoteChar = '';
  for (let i = pos + 9; i < text.length; i++) {
    const c = text[i]!;
    if (quoteChar) {
      if (c === quoteChar) quoteChar = '';
    } else if (c === '"' || c === "'") quoteChar = c;
    else if (c === '[') throw fail(pos, 'a DOCTYPE with an internal subset (entity declarations) is not accepted; entities are never expanded');
    else if (c === '>') return i + 1;
  }
  throw fail(pos, 'the DOCTYPE is not closed');
}

/** The attributes of a start tag from just after its name to its `>`; duplicates and unquoted values are refused. */
function readAttributes(text: string, pos: number, fail: (pos: number, message: string) => ConfigurationError): Map<string, string> {
  const attributes = new Map<string, string>();
  for (;;) {
    pos = skipBlank(text, pos);
    if (pos >= text.length) throw fail(pos, 'the <coverage> tag is not closed');
    if (text[pos] === '>' || text.startsWith('/>', pos)) return attributes;
    const nameStart = pos;
    while (pos < text.length && !/[\s=/>]/.test(text[pos]!)) pos++;
    const name = text.slice(nameStart, pos);
    pos = skipBlank(text, pos);
    const quoteChar = text[skipBlank(text, pos + 1)];
    if (!name || text[pos] !== '=' || (quoteChar !== '"' && quoteChar !== "'")) {
      throw fail(nameStart, `malformed attribute ${quote(text.slice(nameStart, nameStart + 40))} in <coverage>: expected name="value"`);
    }
    const valueStart = skipBlank(text, pos + 1) + 1;
    const valueEnd = text.indexOf(quoteChar, valueStart);
    if (valueEnd < 0) throw fail(nameStart, `the value of ${quote(name)} is not closed`);
    if (attributes.has(name)) throw fail(nameStart, `attribute ${quote(name)} is given twice`);
    attributes.set(name, text.slice(valueStart, valueEnd));
    pos = valueEnd + 1;
  }
}

function parseCount(value: string): number | undefined {
  const digits = value.trim();
  return digits.length > 0 && digits.length <= MAX_COUNT_DIGITS && /^\d+$/.test(digits) ? Number(digits) : undefined;
}

function countHit(lines: Map<number, boolean>): number {
  let hit = 0;
  for (const wasHit of lines.values()) if (wasHit) hit++;
  return hit;
}

function skipBlank(text: string, pos: number): number {
  while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  return pos;
}

function nextLineEnd(text: string, pos: number): number {
  const end = text.indexOf('\n', pos);
  return end < 0 ? text.length : end;
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
