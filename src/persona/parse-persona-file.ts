import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import { z } from 'zod';
import { type Diagnostic, formatPath } from '../errors/diagnostic.js';
import type { LocatedDefinition, PersonaDefinition } from './persona.js';
import { PersonaCollectionSchema, PersonaDefinitionSchema } from './persona-schema.js';
import { didYouMean } from './closest.js';
import { slugify } from './slug.js';
import { FORBIDDEN_KEYS, MAX_PERSONA_FILE_BYTES } from './vocabulary.js';

/** The most YAML alias expansions a persona file may make. */
export const MAX_ALIAS_COUNT = 64;

type Path = Array<string | number>;
type Where = { line?: number; column?: number };
type ParsedPersona = z.output<typeof PersonaDefinitionSchema>;

/** What reading one persona file gave: its personas, or why not. */
export interface ParsedPersonaFile {
  definitions: LocatedDefinition[];
  diagnostics: Diagnostic[];
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Parses and validates a persona file (JSON or YAML), reporting every
 * problem with its line, column and path, sorted by position. Pure: the
 * caller reads the file. A persona with a problem is left out; the others
 * of a `{ personas: [...] }` file are kept.
 */
export function parsePersonaFile(file: string, text: string): ParsedPersonaFile {
  const diagnostics: Diagnostic[] = [];
  const report = (message: string, where: Where = {}, path?: Path): void => {
    diagnostics.push({ file, ...where, ...(path ? { path: formatPath(path) } : {}), message });
  };
  const done = (definitions: LocatedDefinition[] = []): ParsedPersonaFile => {
    diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { definitions, diagnostics };
  };
  if (Buffer.byteLength(text, 'utf8') > MAX_PERSONA_FILE_BYTES) {
    report(`file is larger than ${MAX_PERSONA_FILE_BYTES} bytes (1 MiB), the most a persona file may be`);
    return done();
  }

  // Editors hide a byte-order mark, so positions are counted without it.
  const source = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const isJson = /\.json($|[?#])/i.test(file);
  if (isJson) {
    const syntax = jsonSyntaxError(source);
    if (syntax) {
      report(`invalid JSON: ${syntax.message}`, syntax.offset === undefined ? {} : positionAt(source, syntax.offset));
      return done();
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    merge: false,
    logLevel: 'error', // no process warnings from the library
    ...(isJson ? { schema: 'json' } : {}),
  });
  const at = (offset: number | undefined): Where => {
    if (offset === undefined) return {};
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const locate = (path: Path, key = false): Where => at(nodeOffset(doc, path, key));
  for (const e of [...doc.errors, ...doc.warnings]) report(yamlMessage(e), at(e.pos[0]));
  if (diagnostics.length) return done();

  // yaml's toJS makes such keys own properties (never calling the __proto__
  // setter) and withoutIgnoredKeys drops them, so they are only reported here.
  const forbidden: Path[] = [];
  walkKeys(doc, doc.contents, [], (key, path, offset) => {
    forbidden.push([...path, key]);
    report(`key "${key}" is not allowed`, at(offset), [...path, key]);
  });

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = (error as Error).message;
    report(
      /alias count/i.test(message) ? `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} expansions)` : `cannot read the YAML document: ${message}`,
    );
    return done();
  }
  if (data === null || data === undefined) {
    report('file is empty: expected a persona or { personas: [...] }');
    return done();
  }
  if (!isRecord(data)) {
    report(`expected a persona object or { personas: [...] }, got ${Array.isArray(data) ? 'a list' : typeof data}`, locate([]));
    return done();
  }

  const clean = withoutIgnoredKeys(data) as Record<string, unknown>;
  const collection = Object.hasOwn(clean, 'personas');
  const root = collection ? PersonaCollectionSchema : PersonaDefinitionSchema;
  const result = root.safeParse(clean);
  const issues = result.success ? [] : result.error.issues;
  for (const issue of issues) {
    const path = issue.path as Path;
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys) {
        const what = collection && path.length === 0 ? `unknown key "${key}" beside "personas"` : `unknown key "${key}"`;
        report(`${what}${didYouMean(key, keysAt(root, path))}`, locate([...path, key], true), [...path, key]);
      }
    else report(issue.message, locate(path), path);
  }

  const isValid = (prefix: Path): boolean => ![...issues.map((i) => i.path as Path), ...forbidden].some((p) => prefix.every((part, i) => p[i] === part));
  const entries: Array<{ parsed: ParsedPersona; prefix: Path }> = [];
  if (result.success && !collection && isValid([])) entries.push({ parsed: result.data as ParsedPersona, prefix: [] });
  if (collection && Array.isArray(clean.personas))
    clean.personas.forEach((raw, i) => {
      const prefix = ['personas', i];
      if (!isValid(prefix)) return;
      const one = PersonaDefinitionSchema.safeParse(raw);
      if (one.success) entries.push({ parsed: one.data, prefix });
    });

  const definitions: LocatedDefinition[] = [];
  for (const { parsed, prefix } of entries) {
    const id = parsed.id ?? slugify(parsed.name);
    if (!id) {
      report(`cannot derive an id from name ${JSON.stringify(parsed.name)}: set "id"`, locate([...prefix, 'name']), [...prefix, 'name']);
      continue;
    }
    const { $schema: _schema, ...rest } = parsed;
    const definition = { ...rest, id } as PersonaDefinition;
    const positions: Record<string, { line: number; column: number }> = {};
    const remember = (rel: Path) => {
      const p = locate([...prefix, ...rel]);
      if (p.line !== undefined) positions[formatPath(rel)] = { line: p.line, column: p.column ?? 1 };
    };
    remember(parsed.id !== undefined ? ['id'] : ['name']);
    if (parsed.extends) remember(['extends']);
    parsed.monitoring_thresholds.forEach((_t, i) => remember(['monitoring_thresholds', i, 'action']));
    parsed.constraints.forEach((_c, i) => remember(['constraints', i]));
    const start = locate(prefix);
    definitions.push({ definition, origin: { file, line: start.line, column: start.column, path: formatPath(prefix), positions } });
  }
  return done(definitions);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A YAML error or warning in our words where the library's would point at its own API. */
function yamlMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return 'a persona file holds one YAML document; found several (start the next persona under "personas:" instead)';
  return error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Strict JSON syntax check: YAML's JSON schema would accept comments and trailing commas. */
function jsonSyntaxError(text: string): { message: string; offset?: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
    const clean = message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/ \(line \d+ column \d+\)$/, '')
      .replace(/^JSON\.parse: /, '');
    if (lineCol) return { message: clean, offset: offsetOf(text, Number(lineCol[1]), Number(lineCol[2])) };
    return { message: clean, offset: at ? Number(at[1]) : undefined };
  }
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

/** 1-based line and column of a 0-based offset into `text`. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Unwraps `.optional()` and `.default()`. */
function unwrap(schema: unknown): unknown {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap();
  return s;
}

/** The keys the schema allows in the object at `path` (none when it is not an object), for "did you mean" hints. */
function keysAt(root: z.ZodType, path: Path): string[] {
  let schema: unknown = root;
  for (const part of path) {
    const s = unwrap(schema);
    schema = typeof part === 'number' ? (s instanceof z.ZodArray ? s.element : undefined) : s instanceof z.ZodObject ? s.shape[part] : undefined;
  }
  const s = unwrap(schema);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** Drops `x-` extension keys (the strict schema ignores them) and forbidden keys (reported already) at every level. */
function withoutIgnoredKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIgnoredKeys);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!k.startsWith('x-') && !FORBIDDEN_KEYS.has(k)) out[k] = withoutIgnoredKeys(v);
    return out;
  }
  return value;
}

/** Calls `onForbidden` for each `__proto__`/`constructor`/`prototype` key, written out or as an alias. */
function walkKeys(doc: Document, node: unknown, path: Path, onForbidden: (key: string, path: Path, offset?: number) => void): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key !== undefined && FORBIDDEN_KEYS.has(key)) onForbidden(key, path, (pair.key as Node).range?.[0]);
      walkKeys(doc, pair.value, key === undefined ? path : [...path, key], onForbidden);
    }
  } else if (isSeq(node)) node.items.forEach((item, i) => walkKeys(doc, item, [...path, i], onForbidden));
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
