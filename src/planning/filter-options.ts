/**
 * Filtering a whole catalog by a persona's constraints, constraint by
 * constraint: each pass reads one parameter of the options still standing
 * (one property name per loop keeps V8's property reads fast on a large
 * catalog), and an option leaves at the first constraint, in the persona's
 * order, that rejects it, exactly as optionFilter decides one option. Pure.
 */
import type { PatternEngine } from '../persona/pattern-engine.js';
import type { Catalog, CatalogOption } from './catalog.js';
import type { RejectedOption } from './explanation.js';
import { checkedValue, compileChecks, rejection, type SourcedConstraint } from './option-constraints.js';

/** The options that pass, their places in the catalog, and the rejected ones with why, all in catalog order. */
export interface FilteredOptions {
  candidates: CatalogOption[];
  positions: number[];
  rejected: RejectedOption[];
}

/** Filters every option of `catalog` by `constraints` (see the module comment). */
export function filterOptions(catalog: Catalog, constraints: readonly SourcedConstraint[], patterns?: PatternEngine): FilteredOptions {
  const options = catalog.options;
  const why: Array<RejectedOption | undefined> = new Array<RejectedOption | undefined>(options.length);
  let standing: number[] = options.map((_, i) => i);
  for (const c of compileChecks(catalog, constraints, patterns)) {
    const next: number[] = [];
    for (const i of standing) {
      const option = options[i]!;
      const value = checkedValue(c, option);
      const reason = value === undefined ? undefined : c.check(value);
      if (reason === undefined) next.push(i);
      else why[i] = rejection(c, option, value!, reason);
    }
    standing = next;
  }
  const out: FilteredOptions = { candidates: [], positions: [], rejected: [] };
  options.forEach((option, i) => {
    const rejected = why[i];
    if (rejected) out.rejected.push(rejected);
    else {
      out.candidates.push(option);
      out.positions.push(i);
    }
  });
  return out;
}
