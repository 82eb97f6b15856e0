/**
 * A reader for the plain subset of YAML that persona files are written in
 * (block mappings and lists, one-line flow collections, plain and simple
 * quoted scalars, comments), which gives the data the yaml library would
 * and the offsets of its nodes, without loading the library. Anything
 * outside the subset, and anything the library would report (duplicate
 * keys, tabs, odd numbers, anchors, tags, block scalars, several
 * documents…), returns undefined: the caller then parses with the yaml
 * library, which stays the reference. test/persona/fast-yaml-read.test.ts
 * compares the two on every input it gives both.
 */
import { FORBIDDEN_KEYS } from './vocabulary.js';
import { MAX_NESTING_DEPTH } from './yaml-limits.js';

/** Where a mapping's or list's parts start: the node itself, each value (by key or index), each key. */
interface Offsets {
  start: number;
  values: Map<string | number, number>;
  keys: Map<string, number>;
}

/** What the reader gives: the data, and the offset of each collection's parts. */
export interface FastYaml {
  data: Record<string, unknown>;
  offsets: WeakMap<object, Offsets>;
}

type Line = { indent: number; text: string; offset: number };
class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

const KEY = /^([A-Za-z_$][\w$-]*|"[^"\\]*"|'[^']*')(?=:(?: |$))/;
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const NUMBER = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/;
/** The core schema's other non-string plain scalars (yaml's own tests, plus signs and leading zeros), which the reader leaves to the library. */
const OTHER_CORE = [
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
];
const INDICATOR = /^(?:[,[\]{}#&*!|>'"%@`?:]|-(?:\s|$))/;

/** The data and node offsets of `source`, or undefined when it is outside the subset. */
export function fastReadYaml(source: string): FastYaml | undefined {
  // Tabs, carriage returns, other controls and Unicode line separators are left to the library.
  // eslint-disable-next-line no-control-regex -- control characters are what this check looks for
  if (/[\t\r\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF]/.test(source)) return undefined;
  const lines: Line[] = [];
  let offset = 0;
  for (const raw of source.split('\n')) {
    const indent = leadingSpaces(raw);
    const text = raw.slice(indent);
    if (text && !text.startsWith('#')) lines.push({ indent, text, offset: offset + indent });
    offset += raw.length + 1;
  }
  if (!lines.length || lines[0]!.indent !== 0 || /^(?:---|\.\.\.|%)/.test(lines[0]!.text)) return undefined;
  const reader = new Reader(lines);
  try {
    const data = reader.block(0, 1);
    if (reader.next < lines.length || Array.isArray(data)) return undefined;
    return { data: data as Record<string, unknown>, offsets: reader.offsets };
  } catch (error) {
    if (error instanceof Bail) return undefined;
    throw error;
  }
}

/**
 * The offset of the node at `path` (of its key when `key` is set), or of
 * the deepest ancestor that exists: what the yaml library path computes
 * from its document (parse-full.ts), from the reader's offsets.
 */
export function fastOffset(read: FastYaml, path: ReadonlyArray<string | number>, key = false): number | undefined {
  let node: unknown = read.data;
  let offset = read.offsets.get(read.data)?.start;
  for (const [i, part] of path.entries()) {
    const at = node !== null && typeof node === 'object' ? read.offsets.get(node) : undefined;
    if (!at) return offset;
    if (Array.isArray(node)) {
      if (typeof part !== 'number' || !at.values.has(part)) return offset;
      node = node[part];
      offset = at.values.get(part);
      continue;
    }
    const name = String(part);
    if (!at.keys.has(name)) return offset;
    if (key && i === path.length - 1) return at.keys.get(name);
    node = (node as Record<string, unknown>)[name];
    offset = at.values.get(name);
  }
  return offset;
}

/** Recursive descent over the content lines; depth is bounded, so recursion is too. */
class Reader {
  next = 0;
  readonly offsets = new WeakMap<object, Offsets>();
  constructor(private readonly lines: Line[]) {}

  /** The mapping or list whose first line is the next one, at `indent`. */
  block(indent: number, depth: number): unknown {
    if (depth > MAX_NESTING_DEPTH) bail();
    const line = this.lines[this.next];
    if (!line || line.indent !== indent) return bail();
    return /^-(?: |$)/.test(line.text) ? this.list(indent, depth) : this.map(indent, depth);
  }

  private map(indent: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const at: Offsets = { start: this.lines[this.next]!.offset, values: new Map(), keys: new Map() };
    for (let line = this.lines[this.next]; line && line.indent === indent; line = this.lines[this.next]) {
      const key = KEY.exec(line.text)?.[1] ?? bail();
      const name = scalarKey(key);
      if (Object.hasOwn(out, name)) bail();
      at.keys.set(name, line.offset);
      const rest = line.text.slice(key.length + 1);
      const restIndent = leadingSpaces(rest);
      this.next++;
      if (isEmpty(rest)) {
        const child = this.lines[this.next] ?? bail();
        const nested = child.indent > indent || (child.indent === indent && /^-(?: |$)/.test(child.text));
        if (!nested) bail();
        at.values.set(name, child.offset);
        out[name] = this.block(child.indent, depth + 1);
      } else {
        at.values.set(name, line.offset + key.length + 1 + restIndent);
        out[name] = this.inline(rest.slice(restIndent), line.offset + key.length + 1 + restIndent, depth + 1);
        if ((this.lines[this.next]?.indent ?? 0) > indent) bail(); // a continuation line
      }
    }
    this.offsets.set(out, at);
    return out;
  }

  private list(indent: number, depth: number): unknown[] {
    const out: unknown[] = [];
    const at: Offsets = { start: this.lines[this.next]!.offset, values: new Map(), keys: new Map() };
    for (let line = this.lines[this.next]; line && line.indent === indent && /^-(?: |$)/.test(line.text); line = this.lines[this.next]) {
      const rest = line.text.slice(1);
      const gap = leadingSpaces(rest);
      const item = rest.slice(gap);
      const column = indent + 1 + gap;
      if (isEmpty(rest)) {
        this.next++;
        const child = this.lines[this.next] ?? bail();
        if (child.indent <= indent) bail();
        at.values.set(out.length, child.offset);
        out.push(this.block(child.indent, depth + 1));
      } else if (KEY.test(item) || /^-(?: |$)/.test(item)) {
        // `- key: value` or `- - item`: the rest of the line starts a block at its column.
        this.lines[this.next] = { indent: column, text: item, offset: line.offset + 1 + gap };
        at.values.set(out.length, line.offset + 1 + gap);
        out.push(this.block(column, depth + 1));
      } else {
        this.next++;
        at.values.set(out.length, line.offset + 1 + gap);
        out.push(this.inline(item, line.offset + 1 + gap, depth + 1));
        if ((this.lines[this.next]?.indent ?? 0) > indent) bail();
      }
    }
    this.offsets.set(out, at);
    return out;
  }

  /** A value written on the rest of a line: a flow collection or a scalar, then at most a comment. */
  private inline(text: string, offset: number, depth: number): unknown {
    const flow = new FlowReader(text, offset, this.offsets);
    const value = flow.value(depth, false);
    if (!isEmpty(text.slice(flow.pos))) bail();
    return value;
  }
}

/** One line's flow collections and scalars. */
class FlowReader {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly offsets: WeakMap<object, Offsets>,
  ) {}

  value(depth: number, inFlow: boolean): unknown {
    if (depth > MAX_NESTING_DEPTH) bail();
    const c = this.text[this.pos];
    if (c === '{' || c === '[') return this.collection(c, depth);
    if (c === '"' || c === "'") return this.quoted();
    return this.plain(inFlow);
  }

  private collection(open: '{' | '[', depth: number): unknown {
    const isMap = open === '{';
    const out: Record<string, unknown> | unknown[] = isMap ? {} : [];
    const at: Offsets = { start: this.base + this.pos, values: new Map(), keys: new Map() };
    this.pos++;
    this.spaces();
    const close = isMap ? '}' : ']';
    while (this.text[this.pos] !== close) {
      if (isMap) {
        const key = KEY.exec(this.text.slice(this.pos))?.[1] ?? bail();
        const name = scalarKey(key);
        if (Object.hasOwn(out, name)) bail();
        at.keys.set(name, this.base + this.pos);
        this.pos += key.length + 2;
        this.spaces();
        at.values.set(name, this.base + this.pos);
        (out as Record<string, unknown>)[name] = this.value(depth + 1, true);
      } else {
        at.values.set((out as unknown[]).length, this.base + this.pos);
        (out as unknown[]).push(this.value(depth + 1, true));
      }
      this.spaces();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.spaces();
        if (this.text[this.pos] === close) bail(); // a trailing comma
      } else if (this.text[this.pos] !== close) bail();
    }
    this.pos++;
    this.offsets.set(out, at);
    return out;
  }

  private quoted(): string {
    const q = this.text[this.pos]!;
    let out = '';
    for (let i = this.pos + 1; i < this.text.length; i++) {
      const c = this.text[i];
      if (q === '"' && c === '\\') bail();
      if (c !== q) out += c;
      else if (q === "'" && this.text[i + 1] === "'") out += this.text[i++];
      else {
        this.pos = i + 1;
        return out;
      }
    }
    return bail();
  }

  private plain(inFlow: boolean): unknown {
    const rest = this.text.slice(this.pos);
    if (INDICATOR.test(rest)) bail();
    const end = inFlow ? /[,\]}]| #|:(?= |$|[,\]}])/.exec(rest) : / #|:(?= |$)/.exec(rest);
    if (end?.[0] === ':') bail();
    const raw = rest.slice(0, end ? end.index : rest.length);
    if (inFlow && /[[{]/.test(raw)) bail();
    const text = raw.replace(/ +$/, '');
    this.pos += text.length;
    return resolvePlain(text);
  }

  private spaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }
}

/** A plain scalar as YAML's core schema reads it, within the subset. */
function resolvePlain(text: string): unknown {
  if (!text) return bail();
  // Most scalars are words (`param_72`, `rollback`): a first character no null, boolean or number starts with
  // settles them without a regular expression (each costs a compile on its first use, which a cold start pays).
  if (!MAY_BE_CORE.has(text[0]!)) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (NUMBER.test(text)) return Number(text);
  if (OTHER_CORE.some((re) => re.test(text))) return bail();
  return text;
}

/** The first characters of YAML's null, boolean and number forms (and `.inf`, `.nan`). */
const MAY_BE_CORE = new Set('~nNtTfF0123456789+-.');

/** A mapping key's text; keys YAML would read as null or a boolean are left to the library. */
function scalarKey(key: string): string {
  if (key.startsWith('"') || key.startsWith("'")) key = key.slice(1, -1);
  else if (NULL.test(key) || BOOL.test(key)) bail();
  if (FORBIDDEN_KEYS.has(key)) bail();
  return key;
}

/** How many spaces `text` starts with (YAML's white space is spaces and tabs, and tabs are left to the library). */
const leadingSpaces = (text: string): number => /^ */.exec(text)![0].length;

/** Nothing, or spaces and a comment. */
const isEmpty = (text: string): boolean => /^(?: +(?:#.*)?)?$/.test(text);
