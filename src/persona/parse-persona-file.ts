import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { type Diagnostic, formatPath } from '../errors/diagnostic.js';
import type { LocatedDefinition, PersonaDefinition } from './persona.js';
import { PersonaDefinitionSchema } from './persona-schema.js';
import { closest } from './closest.js';
import { slugify } from './slug.js';
import { FORBIDDEN_KEYS, MAX_PERSONA_FILE_BYTES } from './vocabulary.js';

/** The most YAML alias expansions a persona file may make. */
export const MAX_ALIAS_COUNT = 64;

type Path = Array<string | number>;

/** What reading one persona file gave: its personas, or why not. */
export interface ParsedPersonaFile {
  definitions: LocatedDefinition[];
  diagnostics: Diagnostic[];
}

const PERSONA_KEYS = Object.keys(PersonaDefinitionSchema.shape);

/**
 * Parses and validates a persona file (JSON or YAML), reporting every
 * problem with its line, column and path. Pure: the caller reads the file.
 */
export function parsePersonaFile(file: string, text: string): ParsedPersonaFile {
  const diagnostics: Diagnostic[] = [];
  const fail = (message: string, line?: number, column?: number, path?: string): ParsedPersonaFile => {
    diagnostics.push({ file, line, column, path, message });
    return { definitions: [], diagnostics };
  };
  if (Buffer.byteLength(text, 'utf8') > MAX_PERSONA_FILE_BYTES)
    return fail(`file is larger than ${MAX_PERSONA_FILE_BYTES} bytes (1 MiB), the most a persona file may be`);

  const lines = new LineCounter();
  const isJson = /\.json$/i.test(file);
  if (isJson) {
    const syntax = jsonSyntaxError(text);
    if (syntax) {
      const p = syntax.offset === undefined ? undefined : lines_(text, syntax.offset);
      return fail(`invalid JSON: ${syntax.message}`, p?.line, p?.column);
    }
  }
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true, merge: false, ...(isJson ? { schema: 'json' } : {}) });
  const at = (offset: number | undefined): { line?: number; column?: number } => {
    if (offset === undefined) return {};
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const e of [...doc.errors, ...doc.warnings]) {
    const { line, column } = at(e.pos[0]);
    diagnostics.push({ file, line, column, message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') });
  }
  if (diagnostics.length) return { definitions: [], diagnostics };

  walkKeys(doc.contents, [], (key, path, offset) => {
    const { line, column } = at(offset);
    diagnostics.push({ file, line, column, path: formatPath([...path, key]), message: `key "${key}" is not allowed` });
  });
  if (diagnostics.length) return { definitions: [], diagnostics };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return fail(`YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} expansions): ${(error as Error).message}`);
  }
  if (data === null || data === undefined) return fail('file is empty: expected a persona or { personas: [...] }');
  if (typeof data !== 'object' || Array.isArray(data))
    return fail(`expected a persona object or { personas: [...] }, got ${Array.isArray(data) ? 'a list' : typeof data}`, 1, 1);

  const locate = (path: Path, key = false): { line?: number; column?: number } => at(nodeOffset(doc, path, key));
  const entries: Array<{ raw: unknown; prefix: Path }> = [];
  if ('personas' in data) {
    const { personas, $schema: _s, ...rest } = data as Record<string, unknown>;
    for (const key of Object.keys(rest).filter((k) => !k.startsWith('x-')))
      diagnostics.push({ file, ...locate([key]), path: key, message: `unknown key "${key}" beside "personas"` });
    if (!Array.isArray(personas)) return fail(`personas must be a list`, locate(['personas']).line, locate(['personas']).column, 'personas');
    if (personas.length === 0) return fail('personas must not be empty', locate(['personas']).line, locate(['personas']).column, 'personas');
    personas.forEach((raw, i) => entries.push({ raw, prefix: ['personas', i] }));
  } else entries.push({ raw: data, prefix: [] });

  const definitions: LocatedDefinition[] = [];
  for (const { raw, prefix } of entries) {
    const result = PersonaDefinitionSchema.safeParse(stripExtensionKeys(raw));
    if (!result.success) {
      for (const issue of result.error.issues) diagnostics.push(...issueDiagnostics(file, issue, prefix, locate));
      continue;
    }
    const parsed = result.data;
    const id = parsed.id ?? slugify(parsed.name);
    if (!id) {
      diagnostics.push({ file, ...locate([...prefix, 'name']), path: formatPath([...prefix, 'name']), message: `cannot derive an id from name ${JSON.stringify(parsed.name)}: set "id"` });
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
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { definitions, diagnostics };
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
    const clean = message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '').replace(/^JSON\.parse: /, '');
    if (lineCol) return { message: clean, offset: offsetOf(text, Number(lineCol[1]), Number(lineCol[2])) };
    return { message: clean, offset: at ? Number(at[1]) : undefined };
  }
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

function lines_(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function issueDiagnostics(file: string, issue: z.core.$ZodIssue, prefix: Path, locate: (p: Path, key?: boolean) => { line?: number; column?: number }): Diagnostic[] {
  const path = [...prefix, ...(issue.path as Path)];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const hint = closest(key, PERSONA_KEYS_FOR(path, prefix));
      return { file, ...locate([...path, key], true), path: formatPath([...path, key]), message: `unknown key "${key}"${hint.length ? ` (did you mean "${hint[0]}"?)` : ''}` };
    });
  }
  return [{ file, ...locate(path), path: formatPath(path), message: issue.message }];
}

const NESTED_KEYS: Record<string, string[]> = {
  constraints: ['parameter', 'operator', 'value'],
  optimization_goals: ['metric', 'weight'],
  monitoring_thresholds: ['metric', 'operator', 'value', 'window', 'severity', 'action'],
};

function PERSONA_KEYS_FOR(path: Path, prefix: Path): string[] {
  const rel = path.slice(prefix.length);
  if (rel.length === 0) return PERSONA_KEYS;
  return NESTED_KEYS[String(rel[0])] ?? [];
}

/** Removes `x-` extension keys at every level, so the strict schema ignores them. */
function stripExtensionKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripExtensionKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!k.startsWith('x-')) out[k] = stripExtensionKeys(v);
    return out;
  }
  return value;
}

/** Calls `onForbidden` for each `__proto__`/`constructor`/`prototype` key. */
function walkKeys(node: unknown, path: Path, onForbidden: (key: string, path: Path, offset?: number) => void): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && FORBIDDEN_KEYS.has(key)) onForbidden(key, path, (pair.key as Node).range?.[0]);
      walkKeys(pair.value, key === undefined ? path : [...path, key], onForbidden);
    }
  } else if (isSeq(node)) node.items.forEach((item, i) => walkKeys(item, [...path, i], onForbidden));
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
