/**
 * The persona file parser's pipeline, shared by the unbundled module
 * (parse-persona-file.ts) and the parser bundle (src/bundles/parser.ts),
 * which differ only in how they reach the yaml library path and the zod
 * path: statically, or loaded on first need, so that a valid library of
 * plain YAML files loads neither.
 *
 * 1. fast: the subset reader (fast-yaml-read.ts) and the generated
 *    validator (fast-persona-check.ts), positions from offsets;
 * 2. otherwise the yaml library (parse-full.ts), which locates every
 *    syntax, nesting and safety problem, then the generated validator
 *    again, and for anything it cannot prove, zod (parse-with-zod.ts),
 *    which words every issue;
 * 3. a catalog file (top-level `catalogs:`) goes straight to the yaml
 *    library and the catalogs path (parse-catalogs.ts): the fast path
 *    never sees one.
 */
import { formatPath } from '../errors/diagnostic.js';
import { MAX_QUOTED_CHARS, quote } from '../errors/quote.js';
import type { CatalogEntry } from './catalog-types.js';
import { fastEntries } from './fast-persona-check.js';
import { fastOffset, fastReadYaml } from './fast-yaml-read.js';
import type { LocatedDefinition, PersonaDefinition } from './persona.js';
import type { FullRead } from './parse-full.js';
import { withoutIgnoredKeys } from './parse-plain-data.js';
import type { CatalogDraft, Entry, Locate, ParsedPersonaFile, Path, Report, ValidCatalogs, ValidEntries } from './parse-types.js';
import { slugify } from './slug.js';
import { MAX_PERSONA_FILE_BYTES } from './vocabulary.js';
import { positionsOf } from './yaml-positions.js';

export { MAX_ALIAS_COUNT } from './yaml-limits.js';

/** How the pipeline reaches its heavier paths. */
export interface ParserPaths {
  /** The yaml library path (parse-full.ts). */
  full: () => (source: string, isJson: boolean, report: Report) => FullRead | undefined;
  /** The zod path (parse-with-zod.ts). */
  zod: () => ValidEntries;
  /** The catalogs path (parse-catalogs.ts), for a document with a top-level `catalogs` key. */
  catalogs: () => ValidCatalogs;
}

const BYTE_ORDER_MARK = '\uFEFF';
/**
 * A block-style catalog file, told cheaply from a persona file so it skips
 * the fast path; any other spelling (flow style, quoted key) is caught
 * after the library read, which routes on the parsed top-level keys.
 */
const CATALOG_DOCUMENT = /^catalogs[ \t]*:/m;

/**
 * Parses and validates a persona file (JSON or YAML), reporting every
 * problem with its line, column and path, sorted by position. A persona
 * with a problem is left out; the others of a `{ personas: [...] }` file
 * are kept. With `fast: false` (the differential tests), every file takes
 * the yaml library and zod. A document whose top level has `catalogs` is a
 * catalog file: its entries are validated by the catalogs path and come
 * back in `catalogs`, located like personas.
 */
export function readPersonaFile(file: string, text: string, paths: ParserPaths, { fast = true } = {}): ParsedPersonaFile {
  const diagnostics: ParsedPersonaFile['diagnostics'] = [];
  const report: Report = (message, where = {}, path) => {
    diagnostics.push({ file, ...where, ...(path ? { path: formatPath(path.map(cutKey)) } : {}), message });
  };
  const done = (entries: Entry[] = [], locate?: Locate, drafts: CatalogDraft[] = []): ParsedPersonaFile => {
    const definitions = entries.flatMap((entry) => locatedDefinition(file, entry, locate!, report) ?? []);
    const catalogs = drafts.map((draft) => locatedCatalog(file, draft, locate!));
    diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { definitions, catalogs, diagnostics };
  };
  if (text.length > MAX_PERSONA_FILE_BYTES || Buffer.byteLength(text, 'utf8') > MAX_PERSONA_FILE_BYTES) {
    report(`file is larger than ${MAX_PERSONA_FILE_BYTES} bytes (1 MiB), the most a persona file may be`);
    return done();
  }
  // Editors hide a byte-order mark, so positions are counted without it.
  const source = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const isJson = /\.json($|[?#])/i.test(file);
  if (fast && !isJson && !CATALOG_DOCUMENT.test(source)) {
    const proved = fastPath(source);
    if (proved) return done(proved.entries, proved.locate);
  }
  const read = paths.full()(source, isJson, report);
  if (!read) return done();
  if (Object.hasOwn(read.data, 'catalogs')) return done([], read.locate, paths.catalogs()(read.data, read.reported, read.locate, report));
  const entries = (fast && !read.reported.length && fastEntries(read.data)) || paths.zod()(read.data, read.reported, read.locate, report);
  return done(entries, read.locate);
}

/** A key of a diagnostic's path as shown: cut like a quoted value, so a 10,000-character key is never printed whole. */
const cutKey = (part: string | number): string | number =>
  typeof part === 'string' && part.length > MAX_QUOTED_CHARS ? `${part.slice(0, MAX_QUOTED_CHARS - 1)}…` : part;

/** The personas of a file the fast reader and the generated validator both prove valid, or undefined. */
function fastPath(source: string): { entries: Entry[]; locate: Locate } | undefined {
  const read = fastReadYaml(source);
  if (!read) return undefined;
  const entries = fastEntries(withoutIgnoredKeys(read.data, 0) as Record<string, unknown>);
  if (!entries) return undefined;
  const at = positionsOf(source);
  return { entries, locate: (path, key) => at(fastOffset(read, path, key)) };
}

/** The definition of a valid persona with its id and the positions later checks point at, or undefined after reporting a missing id. */
function locatedDefinition(file: string, { parsed, prefix }: Entry, locate: Locate, report: Report): LocatedDefinition | undefined {
  const id = parsed.id ?? slugify(parsed.name);
  if (!id) {
    report(`cannot derive an id from name ${quote(parsed.name)}: set "id"`, locate([...prefix, 'name']), [...prefix, 'name']);
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
  return compact({ definition, origin: { file, line: start.line, column: start.column, path: formatPath(prefix), positions } });
}

/** A valid catalog entry with the origin of each option (`catalogs.build.options[2]` and its line and column). */
function locatedCatalog(file: string, { catalog, parsed, prefix }: CatalogDraft, locate: Locate): CatalogEntry {
  const options = parsed.options.map((option, i) => {
    const path = [...prefix, 'options', i];
    const { line, column } = locate(path);
    return { ...option, origin: { file, line, column, path: formatPath(path) } };
  });
  return compact({ catalog, replace: parsed.replace, metrics: parsed.metrics, goals: parsed.goals, options });
}

/**
 * A copy of plain data that shares nothing with the file: its strings may be
 * slices that keep the whole source text alive, and objects built key by key
 * take more memory than JSON.parse's. A library of 10,000 files holds half
 * the memory this way (about 50 MB instead of 100 MB).
 */
function compact<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
