/** True for a plain object (not null, not an array): what a parsed JSON or YAML mapping is. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
