/**
 * The parser's catalogs path: validates a catalog file's data (a document
 * whose top level is `catalogs:`) against the zod schema (catalog-schema.ts)
 * and words every issue with its location and a "did you mean", as the
 * persona zod path does. Catalog files never take the fast path: the
 * pipeline (parse-persona-core.ts) sends them here through the yaml library.
 */
import { quote } from '../errors/quote.js';
import { CATALOG_NAMES, CatalogEntrySchema, CatalogFileSchema, MAX_CATALOG_MAP_ENTRIES, MAX_CATALOG_OPTIONS } from './catalog-schema.js';
import { didYouMean } from './closest.js';
import { isRecord } from './is-record.js';
import type { CatalogDraft, Locate, Path, Report } from './parse-types.js';
import { reportIssues, type UnknownKeyMessage } from './parse-with-zod.js';

/** An unknown key of a catalog file: beside `catalogs`, a catalog name, or a key of an entry or option. */
const unknownKey: UnknownKeyMessage = (key, path, known) => {
  if (path.length === 0) {
    const near = didYouMean(key, known);
    return `unknown key ${quote(key)} beside "catalogs"${near || ' (a catalog file holds only "catalogs" and "$schema": personas go in files of their own)'}`;
  }
  if (path.length === 1 && path[0] === 'catalogs')
    return `unknown catalog ${quote(key)}${didYouMean(key, CATALOG_NAMES) || ` (the catalogs are ${CATALOG_NAMES.join(', ')})`}`;
  return `unknown key ${quote(key)}${didYouMean(key, known)}`;
};

/**
 * Validates the data against the catalog file schema, reporting every
 * issue, and returns the catalog entries with neither an issue nor a
 * forbidden key, in file order. A map of the catalog structure with more
 * than {@link MAX_CATALOG_MAP_ENTRIES} entries (the most any of them may
 * have) is reported once and left out of validation, so that it costs one
 * message, not one per entry.
 */
export function validCatalogs(data: Record<string, unknown>, forbidden: readonly Path[], locate: Locate, report: Report): CatalogDraft[] {
  const oversized = oversizedMaps(data);
  let clean = data;
  for (const { path, size } of oversized) {
    const last = path.at(-1);
    const name = last === undefined ? 'the document' : typeof last === 'number' ? `${String(path.at(-2))}[${last}]` : last;
    report(`${name} has ${size} entries, more than ${MAX_CATALOG_MAP_ENTRIES}`, locate(path), path);
    if (!path.length) return [];
    clean = replaceAt(clean, path, {});
  }
  const result = CatalogFileSchema.safeParse(clean);
  const under = (path: Path, prefix: Path) => prefix.every((part, i) => path[i] === part);
  const issues = result.success ? [] : result.error.issues.filter((issue) => !oversized.some((o) => under(issue.path as Path, o.path)));
  const isValid = reportIssues(CatalogFileSchema, issues, [...forbidden, ...oversized.map((o) => o.path)], { locate, report, unknownKey });
  const catalogs = isRecord(clean.catalogs) ? clean.catalogs : {};
  const drafts: CatalogDraft[] = [];
  for (const [catalog, raw] of Object.entries(catalogs)) {
    const prefix = ['catalogs', catalog];
    if (!(CATALOG_NAMES as readonly string[]).includes(catalog) || !isValid(prefix)) continue;
    const one = CatalogEntrySchema.safeParse(raw);
    if (one.success) drafts.push({ catalog, parsed: one.data, prefix });
  }
  return drafts;
}

/**
 * The maps of the catalog structure (the document, `catalogs`, each entry,
 * its `metrics` and `goals`, each option, its `parameters` and
 * `estimates`) with more entries than any of them may have. Options are
 * looked at only when their list is within bounds (zod reports a longer one).
 */
function oversizedMaps(data: Record<string, unknown>): Array<{ path: Path; size: number }> {
  const found: Array<{ path: Path; size: number }> = [];
  const visit = (value: unknown, path: Path): value is Record<string, unknown> => {
    if (!isRecord(value)) return false;
    const size = Object.keys(value).length;
    if (size > MAX_CATALOG_MAP_ENTRIES) found.push({ path, size });
    return size <= MAX_CATALOG_MAP_ENTRIES;
  };
  if (!visit(data, []) || !visit(data.catalogs, ['catalogs'])) return found;
  for (const [name, entry] of Object.entries(data.catalogs as Record<string, unknown>)) {
    const at = ['catalogs', name];
    if (!visit(entry, at)) continue;
    visit(entry.metrics, [...at, 'metrics']);
    visit(entry.goals, [...at, 'goals']);
    if (!Array.isArray(entry.options) || entry.options.length > MAX_CATALOG_OPTIONS) continue;
    entry.options.forEach((option: unknown, i) => {
      if (!visit(option, [...at, 'options', i])) return;
      visit(option.parameters, [...at, 'options', i, 'parameters']);
      visit(option.estimates, [...at, 'options', i, 'estimates']);
    });
  }
  return found;
}

/** A copy of `data` with the value at `path` replaced, sharing everything off the path. */
function replaceAt(data: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  if (!path.length) return value as Record<string, unknown>;
  const copy = (node: unknown, i: number): unknown => {
    if (i === path.length) return value;
    const part = path[i]!;
    if (Array.isArray(node)) return node.map((item, j) => (j === part ? copy(item, i + 1) : item));
    return { ...(node as Record<string, unknown>), [part]: copy((node as Record<string, unknown>)[part], i + 1) };
  };
  return copy(data, 0) as Record<string, unknown>;
}
