/**
 * The types of stage catalogs: the options a stage chooses among (build
 * profiles, test tiers, instance types, deployment strategies), each with
 * estimated metric values. In the persona layer because library files
 * (`catalogs:` documents) carry catalog entries; planning/catalog.ts
 * re-exports them. Pure types.
 */
import type { Scalar } from './persona.js';

/** Whether a lower or a higher value of a metric is better (lower cost is better, higher throughput is better). */
export type MetricDirection = 'lower' | 'higher';

/** How a stage chooses: exactly one option (build profile), or a set of options (test tiers). */
export type ChoiceKind = 'one' | 'set';

/** One option of a catalog. */
export interface CatalogOption {
  /** Unique within its catalog (`release`, `unit`). */
  id: string;
  /** One sentence (markdown-safe text; escaped when rendered). */
  description?: string;
  /**
   * What choosing this option sets, checked against the persona's
   * constraints: `{ optimization_level: 3, lto: true, hardening: false }`.
   * The catalog's `parameter` (e.g. `build_profile`) is implicitly the id.
   */
  parameters: Record<string, Scalar>;
  /** Estimated metric values (`build_time: 6`, `performance: 0.9`); a metric the option does not estimate does not score it. */
  estimates: Record<string, number>;
}

/** One stage's catalog. */
export interface Catalog {
  /** Catalog name: `build`, `test`, `instance-types`, `strategies`. */
  name: string;
  /** The parameter whose value is the chosen option's id (`build_profile`; `test_tiers` for a set). */
  parameter: string;
  choice: ChoiceKind;
  /** Direction of every metric the options estimate. */
  metrics: Record<string, MetricDirection>;
  /** Goal metric → estimate metric, for goals the options do not estimate under their own name (`velocity: build_time`). */
  goals: Record<string, string>;
  /** In catalog order (ties are broken by it). */
  options: CatalogOption[];
}

/** Where a catalog entry was written (a user catalog file), for explanations and errors. */
export interface CatalogOrigin {
  file: string;
  line?: number;
  column?: number;
  /** `catalogs.build.options[2]` */
  path?: string;
}

/**
 * What one `catalogs:` document contributes to one catalog: options to add
 * or replace by id (and metric directions and goal aliases to add), or, with
 * `replace: true`, the whole catalog's options.
 */
export interface CatalogEntry {
  catalog: string;
  replace: boolean;
  metrics: Record<string, MetricDirection>;
  goals: Record<string, string>;
  options: Array<CatalogOption & { origin: CatalogOrigin }>;
}
