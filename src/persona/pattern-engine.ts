import { isPatternSyntaxError } from '../errors/pattern-syntax-error.js';
import { quote } from '../errors/quote.js';
import { unsupportedPatternSyntax } from './pattern-syntax.js';
import { MAX_PATTERN_LENGTH } from './vocabulary.js';

/** A compiled `matches` pattern. */
export interface PatternMatcher {
  /** True when the pattern is found anywhere in `value` (search semantics; anchor with `^…$` for a whole value). */
  test(value: string): boolean;
}

/**
 * Compiles `matches` patterns on a linear-time engine (RE2 syntax). The
 * domain only receives one: the re2js implementation lives in a shared
 * bundle (`dist/bundles/patterns`) that the edge loads when some persona
 * has a pattern, and hands to the library, blends and hand-over reader.
 */
export interface PatternEngine {
  /** The matcher of `pattern`; throws a PatternSyntaxError naming what the engine refuses. */
  compile(pattern: string): PatternMatcher;
}

/**
 * The engine a pattern must be evaluated with. No engine where patterns
 * have to be evaluated is a bug of the caller (it should have loaded one),
 * not a user error, so this throws a plain Error.
 */
export function requirePatternEngine(engine: PatternEngine | undefined): PatternEngine {
  if (!engine) throw new Error('a "matches" pattern must be evaluated but no pattern engine was given (load it with loadPatternEngine)');
  return engine;
}

/** `engine` with each pattern compiled once. */
export function cachingPatternEngine(engine: PatternEngine): PatternEngine {
  const compiled = new Map<string, PatternMatcher>();
  return {
    compile(pattern) {
      let matcher = compiled.get(pattern);
      if (!matcher) compiled.set(pattern, (matcher = engine.compile(pattern)));
      return matcher;
    },
  };
}

/**
 * Why `pattern` cannot be used, as a whole sentence (`pattern "(a)\\1" uses
 * a backreference (\\1), which …`), or undefined when it can: too long,
 * syntax the scan names (backreferences, lookaround, brackets), then, when
 * an engine is given, whatever it refuses.
 */
export function patternProblem(pattern: string, engine?: PatternEngine): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `pattern ${quote(pattern)} is ${pattern.length} characters long, over the ${MAX_PATTERN_LENGTH} a pattern may have`;
  const reason = unsupportedPatternSyntax(pattern);
  if (reason) return `pattern ${quote(pattern)} ${reason}`;
  if (!engine) return undefined;
  try {
    engine.compile(pattern);
    return undefined;
  } catch (error) {
    if (isPatternSyntaxError(error)) return error.message;
    throw error;
  }
}
