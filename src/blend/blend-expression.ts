import { byCodeUnit } from '../persona/code-unit-order.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { ID_PATTERN } from '../persona/vocabulary.js';

/** One persona of a blend and its share, the shares summing to 1. */
export interface BlendTerm {
  id: string;
  weight: number;
}

const WEIGHTED = /^([^:\s]+)\s*:\s*(\S+)$/;

/**
 * Parses `id`, `a+b` or `a,b` (equal weights) or `a:0.6,b:0.4` (weights
 * normalised to sum 1). One form per expression: a weighted blend weights
 * every term (`a:0.6,b` is an error), and `+` and `,` are not mixed
 * (`a+b,c` is an error). Ids are checked for form here and for existence by
 * the caller. `what` names the input in errors.
 */
export function parseBlendExpression(expression: string, what = 'persona'): BlendTerm[] {
  const text = expression.trim();
  const fail = (message: string): never => {
    throw new ConfigurationError(`${what}: ${message} in ${JSON.stringify(expression)} (expected an id, "a+b" or "a:0.6,b:0.4")`);
  };
  if (!text) fail('empty blend expression');
  const weighted = text.includes(':');
  if (weighted && text.replace(/\d[eE]\+/g, '').includes('+')) fail('mixes "+" and ":" weights');
  if (!weighted && text.includes('+') && text.includes(',')) fail('mixes "+" and "," (an equal blend is "a+b+c" or "a,b,c")');
  const parts = text.split(weighted ? ',' : /[+,]/).map((p) => p.trim());
  const terms = parts.map((part) => {
    if (!part) return fail('empty term');
    let id = part;
    let weight = 1;
    if (weighted) {
      const m = WEIGHTED.exec(part);
      if (!m && !part.includes(':')) {
        const other = parts
          .find((p) => p.includes(':'))!
          .split(':')[0]!
          .trim();
        return fail(`term ${quote(part)} has no weight while ${quote(other)} has one (weight every term, or none for an equal blend)`);
      }
      if (!m) return fail(`term ${quote(part)} has no weight`);
      id = m[1]!;
      weight = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(m[2]!) ? Number(m[2]) : NaN;
      if (!Number.isFinite(weight)) return fail(`weight ${quote(m[2]!)} of ${quote(id)} is not a number`);
      if (weight <= 0) return fail(`weight of "${id}" must be greater than 0, got ${m[2]}`);
    }
    if (!ID_PATTERN.test(id)) return fail(`"${id}" is not a persona id`);
    return { id, weight };
  });
  const seen = new Set<string>();
  for (const t of terms) {
    if (seen.has(t.id)) fail(`"${t.id}" appears twice`);
    seen.add(t.id);
  }
  // Scale by the largest weight first, so huge weights (1e308) cannot overflow the sum.
  const largest = Math.max(...terms.map((t) => t.weight));
  const scaled = terms.map((t) => ({ id: t.id, weight: t.weight / largest }));
  const total = scaled.reduce((sum, t) => sum + t.weight, 0);
  const normalised = scaled.map((t) => ({ id: t.id, weight: t.weight / total }));
  // The canonical id keeps 4 decimals: a smaller share would read back as 0.
  const tiny = normalised.find((t) => roundWeight(t.weight) <= 0);
  if (tiny) fail(`weight of "${tiny.id}" is less than ${MIN_SHARE} of the total`);
  return normalised;
}

/** The smallest share a persona may have in a blend (the canonical id keeps 4 decimals). */
export const MIN_SHARE = 0.00005;

/** Rounds a weight for display and for canonical ids: at most 4 decimals. */
export function roundWeight(weight: number, decimals = 4): number {
  const f = 10 ** decimals;
  return Math.round(weight * f) / f;
}

/** Orders terms by descending weight, then id: the canonical order. */
export function sortTerms(terms: readonly BlendTerm[]): BlendTerm[] {
  return [...terms].sort((a, b) => b.weight - a.weight || byCodeUnit(a.id, b.id));
}

/**
 * The canonical blend expression: a single persona keeps its own id;
 * otherwise `stability:0.6,balanced:0.4`, by descending weight. The id is
 * syntax only: whether the blend holds is blendConstraints' question
 * (`security-first:0.6,cost-optimization:0.4` is a valid id whose test tiers
 * conflict under `strict`).
 */
export function canonicalBlendId(terms: readonly BlendTerm[]): string {
  if (terms.length === 1) return terms[0]!.id;
  return sortTerms(terms)
    .map((t) => `${t.id}:${roundWeight(t.weight)}`)
    .join(',');
}
