/**
 * The persona file parser's full path, on the yaml library: strict JSON,
 * syntax errors, nesting, forbidden keys, numbers too large, aliases, all
 * located. Taken for JSON files and for every YAML file the fast reader
 * (fast-yaml-read.ts) leaves to the library; the parser bundle loads it
 * (and yaml) only then.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { jsonSyntaxError } from '../errors/json-syntax-error.js';
import { quote } from '../errors/quote.js';
import { isRecord } from './is-record.js';
import { TooDeep, MAX_EXPANDED_DEPTH, withoutIgnoredKeys } from './parse-plain-data.js';
import type { Locate, Path, Report, Where } from './parse-types.js';
import { FORBIDDEN_KEYS } from './vocabulary.js';
import { MAX_ALIAS_COUNT } from './yaml-limits.js';
import { positionsOf } from './yaml-positions.js';
import { firstAlias, keyText, readYaml } from './yaml-read.js';

/** A file's data read with the library: plain data (x- and forbidden keys dropped), the paths reported already, and a locator. */
export interface FullRead {
  data: Record<string, unknown>;
  reported: Path[];
  locate: Locate;
}

/** Reads `source` with the yaml library, reporting every problem found before validation; undefined when nothing is left to validate. */
export function readFull(source: string, isJson: boolean, report: Report): FullRead | undefined {
  if (isJson && !isStrictJson(source, report)) return undefined;
  const read = readYaml(source, isJson);
  if (!('doc' in read)) {
    for (const p of read.problems) report(p.message, read.at(p.offset));
    return undefined;
  }
  const { doc, at } = read;
  const locate: Locate = (path, key = false) => at(nodeOffset(doc, path, key));
  const reported = reportUnreadable(doc, at, report);
  const data = toPlainData(doc, at, locate, report);
  return data ? { data, reported, locate } : undefined;
}

/** Strict JSON syntax check (YAML's JSON schema would accept comments and trailing commas); reports the error, quoting only the token. */
function isStrictJson(source: string, report: Report): boolean {
  try {
    JSON.parse(source);
    return true;
  } catch (error) {
    const { message, ...where } = jsonSyntaxError(source, error);
    // V8 quotes up to ~10 characters of source around the token: keep only the token.
    const token = /^Unexpected token '(.*?)', (\.{3})?"(.*)"(\.{3})? is not valid JSON$/s.exec(message);
    if (!token) report(`invalid JSON: ${message.slice(0, 200)}`, where);
    else report(`invalid JSON: unexpected token ${quote(token[1]!)}`, where.line ? where : positionsOf(source)(unexpectedTokenOffset(source, token)));
    return false;
  }
}

/**
 * Where V8's "Unexpected token 'x', "…context…"... is not valid JSON" points:
 * V8 quotes the source from 10 characters before the token (or from the
 * start) to 10 after (or to the end), with `...` where it cut.
 */
function unexpectedTokenOffset(source: string, [, , cutBefore, context, cutAfter]: RegExpExecArray): number | undefined {
  const start = cutBefore ? source.indexOf(context!) : 0;
  if (start < 0) return undefined;
  if (cutBefore) return start + 10;
  if (cutAfter) return context!.length - 10;
  return undefined;
}

/**
 * Reports what no persona may hold and returns the paths reported: a
 * `__proto__`/`constructor`/`prototype` key (written out or as an alias;
 * yaml's toJS makes such keys own properties and withoutIgnoredKeys drops
 * them), and a number too large for a double (`1e309`, which YAML and JSON
 * read as Infinity). Recursion is safe: nesting is bounded already.
 */
function reportUnreadable(doc: Document, at: (offset?: number) => Where, report: Report): Path[] {
  const reported: Path[] = [];
  const walk = (node: unknown, path: Path): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyText(doc, pair.key);
        if (key !== undefined && FORBIDDEN_KEYS.has(key)) {
          reported.push([...path, key]);
          report(`key ${quote(key)} is not allowed`, at((pair.key as Node).range?.[0]), [...path, key]);
        }
        walk(pair.value, key === undefined ? path : [...path, key]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
    else if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value) && /\d/.test(node.source ?? '')) {
      reported.push(path);
      const what = typeof path.at(-1) === 'string' ? `${path.at(-1)} ` : '';
      report(`${what}${String(node.source).slice(0, 60)} is too large for a number`, at(node.range?.[0]), path);
    }
  };
  walk(doc.contents, []);
  return reported;
}

/** The document as plain data without ignored keys, or undefined after reporting why it is not a persona object. */
function toPlainData(doc: Document, at: (offset?: number) => Where, locate: Locate, report: Report): Record<string, unknown> | undefined {
  // Nesting is bounded in the source; aliases can still stack it up, so the walk below is bounded too.
  let data: unknown;
  try {
    data = withoutIgnoredKeys(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), 0);
  } catch (error) {
    const message = (error as Error).message;
    const alias = firstAlias(doc);
    if (error instanceof TooDeep) report(`aliases nest the data deeper than ${MAX_EXPANDED_DEPTH} levels`, at(alias?.offset));
    else if (/alias count/i.test(message)) report(`YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} expansions)`, at(alias?.offset));
    else if (/unresolved alias/i.test(message) && alias) report(`alias ${quote(alias.name)} has no anchor before it`, at(alias.offset));
    else report('cannot read the YAML document', at(alias?.offset));
    return undefined;
  }
  if (data === null || data === undefined) {
    report('file is empty: expected a persona or { personas: [...] }');
    return undefined;
  }
  if (!isRecord(data)) {
    report(`expected a persona object or { personas: [...] }, got ${Array.isArray(data) ? 'a list' : typeof data}`, locate([]));
    return undefined;
  }
  return data;
}

/**
 * Offset of the node at `path` (of its key when `key` is set), or of the
 * deepest ancestor that exists when the value is missing.
 */
function nodeOffset(doc: Document, path: Path, key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const [i, part] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) return offset;
      if (key && i === path.length - 1) return (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
      offset = (node as Node | null)?.range?.[0] ?? (pair.key as Node | null)?.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part] !== undefined) {
      node = node.items[part];
      offset = (node as Node | null)?.range?.[0] ?? offset;
    } else return offset;
  }
  return offset;
}
