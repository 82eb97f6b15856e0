import { quote } from './quote.js';

/**
 * A `matches` pattern the linear-time engine refuses. `reason` completes the
 * sentence `pattern "…" <reason>`; the message quotes the pattern cut short.
 * Thrown by a PatternEngine's `compile`; callers that locate the pattern
 * (a file and line, a hand-over path) turn it into a Diagnostic.
 */
export class PatternSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`pattern ${quote(pattern)} ${reason}`);
    this.name = 'PatternSyntaxError';
  }
}

/** True for a PatternSyntaxError, including one thrown by a separately bundled copy of this class. */
export function isPatternSyntaxError(error: unknown): error is PatternSyntaxError {
  return (
    error instanceof PatternSyntaxError ||
    (error instanceof Error && error.name === 'PatternSyntaxError' && typeof (error as PatternSyntaxError).reason === 'string')
  );
}
