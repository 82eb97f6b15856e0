/**
 * A job's matrix as GitHub expands it: the product of the keys' values,
 * minus `exclude` (an entry removes every combination it matches), plus
 * `include` (an entry extends each combination whose original values it
 * matches without overwriting them, or is added as a combination of its own).
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Json } from './expressions.js';

type Combination = Record<string, Json>;

/** The most combinations GitHub runs per workflow run's job. */
export const MAX_COMBINATIONS = 256;

const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

/** The combinations of `matrix` (`what` names the job in errors). */
export function expandMatrix(matrix: Json, what: string): Combination[] {
  if (!isRecord(matrix)) throw new ConfigurationError(`${what}: strategy.matrix must be a mapping, got ${JSON.stringify(matrix)?.slice(0, 80)}`);
  const { include = [], exclude = [], ...axes } = matrix;
  if (!Array.isArray(include) || !Array.isArray(exclude)) throw new ConfigurationError(`${what}: matrix include and exclude must be lists`);
  let combinations: Combination[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    if (!Array.isArray(values) || !values.length) throw new ConfigurationError(`${what}: matrix ${key} must be a non-empty list`);
    combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  if (!Object.keys(axes).length) combinations = [];
  combinations = combinations.filter((c) => !exclude.some((e) => isRecord(e) && Object.entries(e).every(([k, v]) => same(c[k] ?? null, v))));
  const originals = new Set(Object.keys(axes));
  const extended = combinations.map((c) => ({ ...c }));
  for (const entry of include) {
    if (!isRecord(entry)) throw new ConfigurationError(`${what}: each matrix include must be a mapping`);
    let matched = false;
    for (const [i, c] of combinations.entries()) {
      const fits = Object.entries(entry).every(([k, v]) => !originals.has(k) || same(c[k] ?? null, v));
      if (fits && originals.size) {
        Object.assign(extended[i]!, Object.fromEntries(Object.entries(entry).filter(([k]) => !originals.has(k))));
        matched = true;
      }
    }
    if (!matched) extended.push({ ...entry });
  }
  if (!extended.length) throw new ConfigurationError(`${what}: the matrix has no combination`);
  if (extended.length > MAX_COMBINATIONS)
    throw new ConfigurationError(`${what}: the matrix has ${extended.length} combinations; GitHub runs at most ${MAX_COMBINATIONS}`);
  return extended;
}
