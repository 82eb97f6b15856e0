/**
 * Orders strings by UTF-16 code units: deterministic on every machine, and
 * unlike `localeCompare` it does not load ICU collation data (about 5 ms of
 * an action's start-up).
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
