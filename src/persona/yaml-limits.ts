/** Limits on a persona file's YAML, shared by the yaml library path and the fast reader (no yaml import). */

/** The deepest nesting of mappings and lists a persona file may have. */
export const MAX_NESTING_DEPTH = 64;

/** The most YAML alias expansions a persona file may make. */
export const MAX_ALIAS_COUNT = 64;
