/**
 * The README's "Stage choices" table: what the build and test stages choose
 * for each built-in persona and a few blends. The rows are computed by
 * scripts/action-docs.ts (planStage, planTests, failurePolicy) and checked
 * fresh in CI like every generated README section; this file only renders
 * them, escaped like any library text.
 */
import { code, markdownTable, type Cell } from './markdown-text.js';

/** One persona's (or blend's) choices. */
export interface StageChoiceRow {
  /** A persona id or blend expression, with a note such as `(weighted)`. */
  persona: string;
  /** The chosen build profile; undefined when nothing satisfied the constraints. */
  buildProfile?: string;
  /** The chosen test tiers, in catalog order. */
  testTiers: readonly string[];
  /** Shards per shardable tier; undefined when not computed. */
  shards?: number;
  /** Retries of a failing command (failure policy). */
  retries?: number;
  /** What follows the last failed retry (failure policy). */
  afterRetries?: string;
  /** Violation messages of both stages; empty when every constraint is honoured. */
  violations: readonly string[];
}

/** A number cell, or `–` when the figure is not known. */
const figure = (n: number | undefined): Cell => (n === undefined ? '–' : n);

/**
 * The table: persona, build profile, test tiers, shards, retries, after
 * retries, violations (`none`, or each message). Option ids are code spans,
 * every other cell (the persona too: it may carry a note) escaped, so no
 * value can break a row.
 */
export function stageChoicesMarkdown(rows: readonly StageChoiceRow[]): string {
  return markdownTable(
    ['persona', 'build profile', 'test tiers', 'shards', 'retries', 'after retries', 'violations'],
    rows.map((r): Array<Cell | Cell[]> => [
      r.persona,
      r.buildProfile === undefined ? 'none' : code(r.buildProfile),
      r.testTiers.length ? r.testTiers.map(code) : 'none',
      figure(r.shards),
      figure(r.retries),
      r.afterRetries ?? '–',
      r.violations.length ? r.violations.join('; ') : 'none',
    ]),
  ).trimEnd();
}
