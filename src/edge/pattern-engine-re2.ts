/**
 * The linear-time engine for `matches` patterns: re2js (RE2's syntax and
 * guarantees, in JavaScript). 263 KB and ≈13 ms to load, so it is built into
 * the shared `dist/bundles/patterns` and loaded only through
 * loadPatternEngine(), when some persona has a pattern. The result fits the
 * domain's PatternEngine interface (src/persona/pattern-engine.ts).
 */
import { RE2JS } from 're2js';
import { PatternSyntaxError } from '../errors/pattern-syntax-error.js';

/**
 * The most instructions a compiled pattern may have. Matching is linear in
 * the value but proportional to the program too; this keeps each test of a
 * value cheap (a legitimate pattern compiles to a few hundred at most).
 */
export const MAX_PATTERN_INSTRUCTIONS = 10_000;

/** A fragment of a pattern as a message shows it: JSON escapes, no quotes, cut to 20 characters. */
const show = (token: string): string => JSON.stringify(token.length > 20 ? `${token.slice(0, 19)}…` : token).slice(1, -1);

/** re2js's syntax error (`invalid escape sequence`, `` `\Z` ``) in a message's words. */
function refusal(pattern: string, error: unknown): PatternSyntaxError {
  const { error: what, input } = error as { error?: unknown; input?: unknown };
  if (typeof what !== 'string') return new PatternSyntaxError(pattern, 'is not valid RE2 syntax');
  const fragment = typeof input === 'string' && input ? ` (${show(input.replace(/^`|`$/g, ''))})` : '';
  return new PatternSyntaxError(pattern, `is not valid RE2 syntax: ${what}${fragment}`);
}

/** The size of a compiled program, when re2js exposes it (an internal field; undefined otherwise). */
function instructionCount(compiled: RE2JS): number | undefined {
  const prog = (compiled as unknown as { re2Input?: { prog?: { numInst?: () => number } } }).re2Input?.prog;
  return typeof prog?.numInst === 'function' ? prog.numInst() : undefined;
}

/**
 * A pattern engine on re2js: `compile` throws a PatternSyntaxError for
 * syntax RE2 refuses (backreferences, lookaround, repeat counts over 1000…)
 * and for programs over {@link MAX_PATTERN_INSTRUCTIONS}; `test` searches
 * the value (a match anywhere, like JavaScript's `RegExp.test`).
 */
export function createPatternEngine(): { compile(pattern: string): { test(value: string): boolean } } {
  return {
    compile(pattern) {
      let compiled: RE2JS;
      try {
        compiled = RE2JS.compile(pattern);
      } catch (error) {
        throw refusal(pattern, error);
      }
      const size = instructionCount(compiled);
      if (size !== undefined && size > MAX_PATTERN_INSTRUCTIONS)
        throw new PatternSyntaxError(pattern, `is too large for the linear-time engine (${size} instructions, at most ${MAX_PATTERN_INSTRUCTIONS})`);
      return { test: (value) => compiled.matcher(value).find() };
    },
  };
}
