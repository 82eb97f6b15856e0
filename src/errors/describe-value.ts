import { MAX_QUOTED_CHARS } from './quote.js';

/**
 * What a value is, for messages: `null`, `a list`, `string "x"`, `object {"a":1}`.
 * The value is written as JSON (control characters escaped, never raw) and
 * cut to about {@link MAX_QUOTED_CHARS} characters, like `quote()`.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'string') {
    // Cut before escaping so a huge string is never copied whole; the cut keeps the JSON valid.
    const cut = value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS - 1)}…` : value;
    return `string ${JSON.stringify(cut)}`;
  }
  const json = typeof value === 'object' || typeof value === 'function' ? safeJson(value) : String(value);
  return `${typeof value} ${json.length > MAX_QUOTED_CHARS ? `${json.slice(0, MAX_QUOTED_CHARS - 1)}…` : json}`;
}

/** JSON of an object, or a placeholder for one JSON cannot write (a cycle, a BigInt). */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '(not representable as JSON)';
  }
}
