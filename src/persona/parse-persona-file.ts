import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import { z } from 'zod';
import { type Diagnostic, formatPath } from '../errors/diagnostic.js';
import { jsonSyntaxError } from '../errors/json-syntax-error.js';
import { isRecord } from './is-record.js';
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

/** Records a problem of the file, at a position and path when known. */
type Report = (message: string, where?: Where, path?: Path) => void;
/** The line and column of the node at a path of the document (of its key when `key` is set). */
type Locate = (path: Path, key?: boolean) => Where;

/**
 * Parses and validates a persona file (JSON or YAML), reporting every
 * problem with its line, column and path, sorted by position. Pure: the
 * caller reads the file. A persona with a problem is left out; the others
 * of a `{ personas: [...] }` file are kept.
 */
export function parsePersonaFile(file: string, text: string): ParsedPersonaFile {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (message, where = {}, path) => {
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
  if (isJson && !isStrictJson(source, report)) return done();
  const read = readDocument(source, isJson, report);
  if (!read) return done();
  const forbidden = reportForbiddenKeys(read.doc, read.at, report);
  const data = toPlainData(read.doc, read.locate, report);
  if (!data) return done();
  const definitions: LocatedDefinition[] = [];
  for (const entry of validEntries(data, forbidden, read.locate, report)) {
    const located = locatedDefinition(file, entry, read.locate, report);
    if (located) definitions.push(located);
  }
  return done(definitions);
}

/** Strict JSON syntax check (YAML's JSON schema would accept comments and trailing commas); reports the error. */
function isStrictJson(source: string, report: Report): boolean {
  try {
    JSON.parse(source);
    return true;
  } catch (error) {
    const { message, ...where } = jsonSyntaxError(source, error);
    report(`invalid JSON: ${message}`, where);
    return false;
  }
}

/** The YAML (or JSON) document with its position helpers, or undefined after reporting its syntax errors. */
function readDocument(source: string, isJson: boolean, report: Report): { doc: Document; at: (offset?: number) => Where; locate: Locate } | undefined {
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
  const problems = [...doc.errors, ...doc.warnings];
  for (const e of problems) report(yamlMessage(e), at(e.pos[0]));
  if (problems.length) return undefined;
  return { doc, at, locate: (path, key = false) => at(nodeOffset(doc, path, key)) };
}

/**
 * Reports every `__proto__`/`constructor`/`prototype` key and returns their
 * paths. yaml's toJS makes such keys own properties (never calling the
 * __proto__ setter) and withoutIgnoredKeys drops them, so they are only
 * reported here.
 */
function reportForbiddenKeys(doc: Document, at: (offset?: number) => Where, report: Report): Path[] {
  const forbidden: Path[] = [];
  walkKeys(doc, doc.contents, [], (key, path, offset) => {
    forbidden.push([...path, key]);
    report(`key "${key}" is not allowed`, at(offset), [...path, key]);
  });
  return forbidden;
}

/** The document as plain data without ignored keys, or undefined after reporting why it is not a persona object. */
function toPlainData(doc: Document, locate: Locate, report: Report): Record<string, unknown> | undefined {
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = (error as Error).message;
    report(
      /alias count/i.test(message) ? `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} expansions)` : `cannot read the YAML document: ${message}`,
    );
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
  return withoutIgnoredKeys(data) as Record<string, unknown>;
}

/** A persona that passed the schema, and its path in the file (`[]`, or `['personas', i]`). */
type Entry = { parsed: ParsedPersona; prefix: Path };

/**
 * Validates the data against the single-persona or collection schema,
 * reporting every issue (unknown keys with a "did you mean"), and returns
 * the personas with neither an issue nor a forbidden key.
 */
function validEntries(clean: Record<string, unknown>, forbidden: readonly Path[], locate: Locate, report: Report): Entry[] {
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
  const entries: Entry[] = [];
  if (result.success && !collection && isValid([])) entries.push({ parsed: result.data as ParsedPersona, prefix: [] });
  if (collection && Array.isArray(clean.personas))
    clean.personas.forEach((raw, i) => {
      const prefix = ['personas', i];
      if (!isValid(prefix)) return;
      const one = PersonaDefinitionSchema.safeParse(raw);
      if (one.success) entries.push({ parsed: one.data, prefix });
    });
  return entries;
}

/** The definition of a valid persona with its id and the positions later checks point at, or undefined after reporting a missing id. */
function locatedDefinition(file: string, { parsed, prefix }: Entry, locate: Locate, report: Report): LocatedDefinition | undefined {
  const id = parsed.id ?? slugify(parsed.name);
  if (!id) {
    report(`cannot derive an id from name ${JSON.stringify(parsed.name)}: set "id"`, locate([...prefix, 'name']), [...prefix, 'name']);
    return undefined;
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
  return { definition, origin: { file, line: start.line, column: start.column, path: formatPath(prefix), positions } };
}

/** A YAML error or warning in our words where the library's would point at its own API. */
function yamlMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return 'a persona file holds one YAML document; found several (start the next persona under "personas:" instead)';
  return error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
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
