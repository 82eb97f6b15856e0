import path from 'node:path';
import { PERSONA_FILE_PATTERN } from '../persona/vocabulary.js';

/** Characters that make a `library` entry a glob. */
export const GLOB_CHARS = /[*?[\]{}]/;

/** A segment of a glob that is not a plain name. */
const DYNAMIC_SEGMENT = /[*?[\]{}()\\]/;

/** Which entries below a walked directory are persona files, and which directories are worth going into. */
export interface WalkFilter {
  /** True when the file at `rel` (`/`-separated, relative to the walked directory) is a persona file to read. */
  file(rel: string): boolean;
  /** True when the directory at `rel` may hold persona files. */
  directory(rel: string): boolean;
}

/** The last segment of a `/`-separated path. */
const nameOf = (rel: string): string => rel.slice(rel.lastIndexOf('/') + 1);

/** True when some segment of `rel` starts with a dot. */
const hasDotSegment = (rel: string): boolean => rel.startsWith('.') || rel.includes('/.');

/**
 * The filter of a directory walk: every persona file (`.json`, `.yml`,
 * `.yaml`) below it, skipping every file or directory whose name starts
 * with a dot.
 */
export const DIRECTORY_FILTER: WalkFilter = {
  file: (rel) => PERSONA_FILE_PATTERN.test(rel) && !hasDotSegment(rel),
  directory: (rel) => !nameOf(rel).startsWith('.'),
};

/** A glob split into the directory it is walked from and the filter of the walk. */
export interface GlobPlan {
  /** The glob's static prefix, as written (`.github/personas` of `.github/personas/**\/*.yml`); '' when it has none. */
  base: string;
  filter: WalkFilter;
}

/**
 * Splits a glob at its first segment with glob characters: the segments
 * before it are the base, the only directory walked (so a link found in the
 * walk must stay inside it), and the rest is matched with `path.matchesGlob`
 * (braces, `**`, character classes, extglobs) against paths relative to the
 * base. A directory is entered only when the pattern can match below it,
 * and, as with `dot: false` globs, a name starting with a dot matches only a
 * pattern segment that starts with a dot (never `*` or `**`).
 */
export function planGlob(spec: string): GlobPlan {
  const segments = spec.split('/');
  let first = segments.findIndex((s) => DYNAMIC_SEGMENT.test(s));
  if (first < 0) first = segments.length - 1;
  let base = segments.slice(0, first).join('/');
  if (base === '' && spec.startsWith('/')) base = '/';
  const rest = segments.slice(first).filter((s) => s !== '' && s !== '.');
  const pattern = rest.join('/');
  return {
    base,
    filter: {
      file: (rel) => PERSONA_FILE_PATTERN.test(rel) && path.matchesGlob(rel, pattern),
      directory: directoryFilter(rest),
    },
  };
}

/** Whether a directory at a path may hold matches of the pattern with these `segments`. */
function directoryFilter(segments: readonly string[]): (rel: string) => boolean {
  // Braces or extglobs across a `/` (`{a/b,c}`) cannot be matched segment by segment: enter every directory without a dot.
  if (segments.some((s) => !balanced(s))) return (rel) => !nameOf(rel).startsWith('.');
  return (rel) => {
    const parts = rel.split('/');
    const globstar = segments.findIndex((s) => s === '**');
    if (globstar >= 0 && globstar < parts.length) {
      // Up to the `**`, segment by segment; below it, any directory without a dot.
      const head = segments.slice(0, globstar);
      return (head.length === 0 || path.matchesGlob(parts.slice(0, globstar).join('/'), head.join('/'))) && !hasDotSegment(parts.slice(globstar).join('/'));
    }
    return parts.length < segments.length && path.matchesGlob(rel, segments.slice(0, parts.length).join('/'));
  };
}

/** True when the braces and parentheses of a segment close within it. */
function balanced(segment: string): boolean {
  let braces = 0;
  let parens = 0;
  for (const c of segment) {
    if (c === '{') braces++;
    else if (c === '}') braces--;
    else if (c === '(') parens++;
    else if (c === ')') parens--;
    if (braces < 0 || parens < 0) return false;
  }
  return braces === 0 && parens === 0;
}
