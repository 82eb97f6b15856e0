/**
 * The parser's zod path: validates a persona file's data against the zod
 * schema (the single source of truth of the format) and words every issue
 * with its location and a "did you mean". The fast path
 * (fast-persona-check.ts) defers to this for every file it cannot prove
 * valid, so zod loads only for files with a problem (or outside the fast
 * path's reach).
 */
import { z } from 'zod';
import { quote } from '../errors/quote.js';
import type { Entry, Locate, ParsedPersona, Path, Report } from './parse-types.js';
import { didYouMean } from './closest.js';
import { PersonaCollectionSchema, PersonaDefinitionSchema } from './persona-schema.js';

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
  const same = (a: Path, b: Path) => a.length === b.length && a.every((part, i) => b[i] === part);
  for (const issue of issues) {
    const path = issue.path as Path;
    if (forbidden.some((p) => same(p, path))) continue; // reported already (a number too large)
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys) {
        const what = collection && path.length === 0 ? `unknown key ${quote(key)} beside "personas"` : `unknown key ${quote(key)}`;
        report(`${what}${didYouMean(key, keysAt(root, path))}`, locate([...path, key], true), [...path, key]);
      }
    else report(issue.message, locate(path), path);
  }

  const isValid = (prefix: Path): boolean => ![...issues.map((i) => i.path as Path), ...forbidden].some((p) => prefix.every((part, i) => p[i] === part));
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
