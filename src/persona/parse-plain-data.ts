/** Plain data of a persona file, as both parser paths hand it to validation. */
import { isRecord } from './is-record.js';
import { FORBIDDEN_KEYS } from './vocabulary.js';

/** The deepest the data may nest once aliases are expanded. */
export const MAX_EXPANDED_DEPTH = 256;
/** Thrown by withoutIgnoredKeys for data nested deeper than MAX_EXPANDED_DEPTH. */
export class TooDeep extends Error {}

/** Drops `x-` extension keys (the strict schema ignores them) and forbidden keys (reported already) at every level. */
export function withoutIgnoredKeys(value: unknown, depth: number): unknown {
  if (depth > MAX_EXPANDED_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return value.map((v) => withoutIgnoredKeys(v, depth + 1));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!k.startsWith('x-') && !FORBIDDEN_KEYS.has(k)) out[k] = withoutIgnoredKeys(v, depth + 1);
    return out;
  }
  return value;
}
