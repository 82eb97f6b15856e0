/**
 * A failure a cached copy may stand in for: a network error, a timeout, a
 * server error. User errors (not found, refused, bad pin) are
 * {@link ConfigurationError}s instead and never fall back to the cache.
 */
export class SourceUnreachableError extends Error {
  /** Whether another attempt may succeed (a network error, 408, 429, 500, 502, 503, 504). */
  readonly retryable: boolean;
  /** How long the server asked to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number;

  /** @param reason what went wrong, shown in parentheses: `HTTP 503 Service Unavailable`. */
  constructor(
    readonly reason: string,
    options: { retryable?: boolean; retryAfterMs?: number } = {},
  ) {
    super(reason);
    this.name = 'SourceUnreachableError';
    this.retryable = options.retryable ?? false;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}
