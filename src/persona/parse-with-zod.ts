/**
 * The parser's zod path: validates a persona file's data against the zod
 * schema (the single source of truth of the format) and words every issue
 * with its location and a "did you mean". The fast path
 * (fast-persona-check.ts) defers to this for every file it cannot prove
 * valid, so zod loads only for files with a problem (or outside the fast
 * path's reach). Catalog files take parse-catalogs.ts, which reports its
 * issues with {@link reportIssues} too.
 */
import { z } from 'zod';
import { quote } from '../errors/quote.js';
import type { Entry, Locate, ParsedPersona, Path, Report } from './parse-types.js';
import { didYouMean } from './closest.js';
import { PersonaCollectionSchema, PersonaDefinitionSchema } from './persona-schema.js';

/** Words an unknown key at `path` (the object holding it); `known` are the keys the schema allows there. */
export type UnknownKeyMessage = (key: string, path: Path, known: string[]) => string;

/**
 * Reports every zod issue at its location (unknown keys worded by
 * `unknownKey`), except those at a `forbidden` path (reported already),
 * and returns a test of whether the data under a path is free of issues.
 */
export function reportIssues(
  root: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  forbidden: readonly Path[],
  { locate, report, unknownKey }: { locate: Locate; report: Report; unknownKey: UnknownKeyMessage },
): (prefix: Path) => boolean {
  const same = (a: Path, b: Path) => a.length === b.length && a.every((part, i) => b[i] === part);
  for (const issue of issues) {
    const path = issue.path as Path;
    if (forbidden.some((p) => same(p, path))) continue; // reported already (a number too large)
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys) report(unknownKey(key, path, keysAt(root, path)), locate([...path, key], true), [...path, key]);
    else report(issue.message, locate(path), path);
  }
  const bad = [...issues.map((i) => i.path as Path), ...forbidden];
  return (prefix) => !bad.some((p) => prefix.every((part, i) => p[i] === part));
}

/** A persona's unknown key: a "did you mean", and a pointer to catalog files for a `catalogs` key or one close to it. */
function personaUnknownKey(collection: boolean): UnknownKeyMessage {
  return (key, path, known) => {
    if (key === 'catalogs') return `unknown key "catalogs" (catalogs go in a file of their own, whose top level is "catalogs:")`;
    const what = collection && path.length === 0 ? `unknown key ${quote(key)} beside "personas"` : `unknown key ${quote(key)}`;
    return `${what}${didYouMean(key, path.length === 0 ? [...known, 'catalogs'] : known)}`;
  };
}

/**
 * Validates the data against the single-persona or collection schema,
 * reporting every issue (unknown keys with a "did you mean"), and returns
 * the personas with neither an issue nor a forbidden key.
 */
export function validEntries(clean: Record<string, unknown>, forbidden: readonly Path[], locate: Locate, report: Report): Entry[] {
  const collection = Object.hasOwn(clean, 'personas');
  const root = collection ? PersonaCollectionSchema : PersonaDefinitionSchema;
  const result = root.safeParse(clean);
  const issues = result.success ? [] : result.error.issues;
  const isValid = reportIssues(root, issues, forbidden, { locate, report, unknownKey: personaUnknownKey(collection) });
  const entries: Entry[] = [];
  if (result.success && !collection && isValid([])) entries.push({ parsed: result.data as ParsedPersona, prefix: [] });
  if (collection && Array.isArray(clean.personas))
    clean.personas.forEach((raw, i) => {
      const prefix = ['personas', i];
      if (!isValid(prefix)) return;
      const one = PersonaDefinitionSchema.safeParse(raw);
      if (one.success) entries.push({ parsed: one.data, prefix });
    });
  return entries;
}

/** Unwraps `.optional()` and `.default()`. */
function unwrap(schema: unknown): unknown {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap();
  return s;
}

/** The keys the schema allows in the object at `path` (none when it is not an object), for "did you mean" hints. */
function keysAt(root: z.ZodType, path: Path): string[] {
  let schema: unknown = root;
  for (const part of path) {
    const s = unwrap(schema);
    schema = typeof part === 'number' ? (s instanceof z.ZodArray ? s.element : undefined) : s instanceof z.ZodObject ? s.shape[part] : undefined;
  }
  const s = unwrap(schema);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}
