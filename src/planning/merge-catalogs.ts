/**
 * The catalogs a stage plans with: the built-in ones with the library's
 * `catalogs:` entries applied in source order.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';
import { FORBIDDEN_KEYS } from '../persona/vocabulary.js';
import type { Catalog, CatalogEntry, CatalogOption } from './catalog.js';

/** A copy of `catalog` that can be changed without touching the original (options shared: they are replaced, never edited). */
const copy = (catalog: Catalog): Catalog => ({ ...catalog, metrics: { ...catalog.metrics }, goals: { ...catalog.goals }, options: [...catalog.options] });

/** An entry's option without its origin, as the catalog holds it. */
const plain = ({ origin: _origin, ...option }: CatalogEntry['options'][number]): CatalogOption => option;

/** Copies `from`'s own entries into `to`, later winning; prototype keys are skipped (the parser refuses them already). */
function assign<T>(to: Record<string, T>, from: Readonly<Record<string, T>>): void {
  for (const [k, v] of Object.entries(from)) if (!FORBIDDEN_KEYS.has(k)) to[k] = v;
}

/** Applies one entry: options replaced wholesale (`replace`), or by id in place with new ids appended; metrics and goal aliases merged, later wins. */
function apply(catalog: Catalog, entry: CatalogEntry): void {
  assign(catalog.metrics, entry.metrics);
  assign(catalog.goals, entry.goals);
  if (entry.replace) {
    catalog.options = entry.options.map(plain);
    return;
  }
  const index = new Map(catalog.options.map((o, i) => [o.id, i]));
  for (const option of entry.options) {
    const at = index.get(option.id);
    if (at === undefined) {
      index.set(option.id, catalog.options.length);
      catalog.options.push(plain(option));
    } else catalog.options[at] = plain(option);
  }
}

/** A located diagnostic for each option (from `entries`) that estimates a metric without a direction in its merged catalog. */
function undirected(merged: Record<string, Catalog>, entries: readonly CatalogEntry[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const entry of entries) {
    const catalog = merged[entry.catalog]!;
    // Only options still in the catalog count (a later entry may have replaced one); plain() keeps the estimates object.
    const kept = new Set(catalog.options.map((o) => o.estimates));
    for (const option of entry.options) {
      if (!kept.has(option.estimates)) continue;
      const metric = Object.keys(option.estimates).find((m) => !Object.hasOwn(catalog.metrics, m));
      if (metric === undefined) continue;
      const { file, line, column, path } = option.origin;
      problems.push({
        file,
        line,
        column,
        path: path ? `${path}.estimates.${metric}` : undefined,
        message: `option ${quote(option.id)} of catalog ${quote(entry.catalog)} estimates ${quote(metric)}, a metric with no direction: add it to the catalog's metrics as lower or higher`,
      });
    }
  }
  return problems;
}

/**
 * The catalogs after `entries` (library `catalogs:` documents, in source
 * order): `replace: true` replaces a catalog's options; otherwise an option
 * whose id the catalog has replaces it in place and a new id is appended.
 * `metrics` and `goals` maps are merged, a later entry winning. `builtins`
 * is not changed. A catalog name that is not built in is created from its
 * first entry as a `one` catalog whose parameter is the name (the parser
 * accepts only known names, so this is for catalogs added later).
 * Throws a ConfigurationError, located at the option, for an option that
 * estimates a metric with no direction in the merged catalog.
 */
export function mergeCatalogs(builtins: Readonly<Record<string, Catalog>>, entries: readonly CatalogEntry[]): Record<string, Catalog> {
  const merged: Record<string, Catalog> = Object.create(null) as Record<string, Catalog>;
  for (const [name, catalog] of Object.entries(builtins)) merged[name] = copy(catalog);
  for (const entry of entries) {
    merged[entry.catalog] ??= { name: entry.catalog, parameter: entry.catalog, choice: 'one', metrics: {}, goals: {}, options: [] };
    apply(merged[entry.catalog]!, entry);
  }
  const problems = undirected(merged, entries);
  if (problems.length) throw new ConfigurationError(problems);
  return merged;
}
