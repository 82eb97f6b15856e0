/**
 * Reading a persona file's YAML (or JSON) into a yaml Document, with the
 * safety checks that come before any recursive walk: syntax errors in our
 * words quoting at most the offending token, and a nesting bound. Positions
 * are computed only when asked (a line table built on first use), since a
 * valid file needs a handful of them.
 */
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, Parser, type Document, type Node, type YAMLError } from 'yaml';
import { quote } from '../errors/quote.js';
import { MAX_NESTING_DEPTH } from './yaml-limits.js';
import { positionsOf, type Where } from './yaml-positions.js';

/** A problem found while reading: a message and the offset it is at. */
export interface ReadProblem {
  message: string;
  offset?: number;
}

/** A document read without errors, with its position helper. */
export interface ReadDocument {
  doc: Document;
  /** The line and column of an offset into the source (computed lazily). */
  at: (offset?: number) => Where;
}

/**
 * Parses `source` (strict YAML 1.2 core schema, or YAML's JSON schema for a
 * `.json` file already checked by JSON.parse) and checks its nesting.
 * Returns the document, or the problems that stop reading it.
 */
export function readYaml(source: string, isJson: boolean): ReadDocument | { problems: ReadProblem[]; at: (offset?: number) => Where } {
  const at = positionsOf(source);
  const doc = parseDocument(source, {
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    merge: false,
    logLevel: 'error', // no process warnings from the library
    ...(isJson ? { schema: 'json' } : {}),
  });
  const errors = [...doc.errors, ...doc.warnings];
  if (errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) return { problems: [tooDeep(firstTooDeepInSource(source))], at };
  if (errors.length) return { problems: errors.map((e) => ({ message: yamlMessage(e, source), offset: e.pos[0] })), at };
  const deep = firstTooDeepNode(doc);
  if (deep !== undefined) return { problems: [tooDeep(deep)], at };
  return { doc, at };
}

const tooDeep = (offset: number | undefined): ReadProblem => ({
  message: `nested deeper than ${MAX_NESTING_DEPTH} levels of mappings and lists (the most a persona file may have)`,
  offset,
});

/** Offset of the first mapping or list nested deeper than the bound, walking the document without recursion. */
function firstTooDeepNode(doc: Document): number | undefined {
  const stack: Array<[unknown, number]> = [[doc.contents, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth > MAX_NESTING_DEPTH) return (node as Node).range?.[0];
    const children: unknown[] = [];
    if (isMap(node)) for (const pair of node.items) if (isPair(pair)) children.push(pair.key, pair.value);
    if (isSeq(node)) children.push(...node.items);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
  }
  return undefined;
}

/**
 * Offset of the first collection nested deeper than the bound, from yaml's
 * concrete syntax tree (which it builds without recursion), for documents
 * so deep that composing them overflowed the stack.
 */
function firstTooDeepInSource(source: string): number | undefined {
  type Tok = { type: string; offset: number; value?: Tok; items?: Array<{ key?: Tok | null; value?: Tok | null }> };
  const stack: Array<[Tok, number]> = [];
  for (const token of new Parser().parse(source)) if (token.type === 'document') stack.push([token as unknown as Tok, 0]);
  while (stack.length) {
    const [token, depth] = stack.pop()!;
    const collection = token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
    const level = collection ? depth + 1 : depth;
    if (level > MAX_NESTING_DEPTH) return token.offset;
    const children: Tok[] = [];
    if (token.value) children.push(token.value);
    for (const item of token.items ?? []) for (const child of [item.key, item.value]) if (child) children.push(child);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, level]);
  }
  return undefined;
}

/** Messages of yaml that end with source text after a colon (a tag, an alias or anchor name, a token). */
const ENDS_WITH_SOURCE =
  /^(Unresolved tag|Aliased anchor not found|Not a YAML token|Unknown directive|Unsupported YAML version|Unexpected [\w-]+|[\w ]+ not found): (.*)$/s;

/**
 * A YAML error or warning in our words where the library's would point at
 * its own API, quoting at most the offending token (≤ 60 characters): never
 * a line of the source.
 */
export function yamlMessage(error: YAMLError, source: string): string {
  if (error.code === 'MULTIPLE_DOCS') return 'a persona file holds one YAML document; found several (start the next persona under "personas:" instead)';
  const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const tail = ENDS_WITH_SOURCE.exec(first);
  if (tail) return `${tail[1]}: ${quote(tail[2]!)}`;
  const token = source.slice(error.pos[0], Math.min(error.pos[1], error.pos[0] + 200)).split('\n')[0]!;
  // yaml's other messages are fixed text; cut anything longer than a sentence and never repeat a source line.
  const safe = token.length > 3 && first.includes(token) ? first.replace(token, quote(token)) : first;
  return safe.length > 200 ? `${safe.slice(0, 199)}…` : safe;
}

/**
 * The first alias of the document, where an alias bomb's error points.
 * Walks without recursion.
 */
export function firstAlias(doc: Document): { offset?: number; name: string } | undefined {
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isAlias(node)) return { offset: node.range?.[0], name: node.source };
    const children: unknown[] = [];
    if (isMap(node)) for (const pair of node.items) if (isPair(pair)) children.push(pair.key, pair.value);
    if (isSeq(node)) children.push(...node.items);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}

/** The key of a pair as text, resolving an alias key; undefined for a non-scalar key. */
export function keyText(doc: Document, key: unknown): string | undefined {
  const node = isAlias(key) ? key.resolve(doc) : key;
  return isScalar(node) ? String(node.value) : undefined;
}
