/**
 * Why a request failed, for the sources' messages (its own module, so a user
 * of it loads nothing else: no node:crypto): a timeout of
 * `signal` reads as `timed out after 30 s`, else the error's innermost message.
 */
export function describeRequestFailure(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `timed out after ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
  let cause: unknown = error;
  while (isErrorLike(cause) && isErrorLike(cause.cause)) cause = cause.cause;
  if (!isErrorLike(cause)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return cause.message || (typeof code === 'string' ? code : 'unknown network error');
}

/** Duck-typed, because errors from fetch can come from another realm (`instanceof Error` fails there). */
function isErrorLike(value: unknown): value is { message: string; cause?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}
