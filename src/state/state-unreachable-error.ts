import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * The store could not be reached (network error, timeout, 5xx, rate limit)
 * after bounded retries: nothing is known about the state, so the wiring may
 * fall back to the last state this repository read successfully (with its
 * age in a warning) or, with `state-required: false`, to `default`. Every
 * other read failure (corrupt state, no access, not found) is a plain
 * {@link ConfigurationError} and never falls back. It is a
 * ConfigurationError too, so when nobody catches it it is reported as one
 * clear annotation without a stack trace.
 */
export class StateUnreachableError extends ConfigurationError {
  /** Short cause for parentheses: `HTTP 502 after 3 attempts`, `timed out after 10 s`. */
  readonly reason: string;
  /** The store's {@link StateStore.description}. */
  readonly store: string;

  constructor(store: string, reason: string) {
    super(`the state store ${store} is unreachable (${reason})`);
    this.name = 'StateUnreachableError';
    this.store = store;
    this.reason = reason;
  }
}

/** True for a {@link StateUnreachableError}, including one thrown in another bundle (whose class is another copy). */
export function isStateUnreachableError(error: unknown): error is StateUnreachableError {
  return error instanceof Error && error.name === 'StateUnreachableError' && typeof (error as { reason?: unknown }).reason === 'string';
}
