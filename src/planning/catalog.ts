/**
 * Stage catalogs: the options a stage chooses among, each with estimated
 * metric values. The types are declared in the persona layer (library files
 * carry catalog entries) and re-exported here for the planning code; the
 * built-in catalogs are in builtin-catalogs.ts.
 */
export type { Catalog, CatalogEntry, CatalogOption, CatalogOrigin, ChoiceKind, MetricDirection } from '../persona/catalog-types.js';
