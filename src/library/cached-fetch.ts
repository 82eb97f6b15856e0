import { ConfigurationError } from '../errors/configuration-error.js';
import type { Logger } from '../logging/logger.js';
import type { SourceDocument } from './persona-source.js';
import { type CachedCopy, digestDocuments, type RemoteCache, SafeRemoteCache } from './remote-cache.js';

/** How long a remote source waits for an answer before it counts as unreachable. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 30_000;

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

/** What asking the server gave: new documents, or "the cached copy is still current". */
export type FetchResult = { status: 'fresh'; documents: SourceDocument[]; etag?: string } | { status: 'not-modified' };

/** Options of {@link fetchWithCache}. */
export interface CachedFetchOptions {
  /** Identifies the source in the cache (and in cache warnings). */
  sourceKey: string;
  /** Names the source in messages: the URL or `github:` spec. */
  display: string;
  cache: RemoteCache;
  logger: Logger;
  now?: () => Date;
  /** sha256 hex the content must have; a cached copy with this digest is used without any network. */
  pin?: string;
  /** When set, any cached copy is current (the source names immutable content, e.g. a commit SHA). */
  immutable?: boolean;
  /**
   * Asks the server, sending `etag` as `If-None-Match` when given. Throws a
   * {@link SourceUnreachableError} when a cached copy may stand in, a
   * {@link ConfigurationError} for user errors.
   */
  fetch(etag: string | undefined): Promise<FetchResult>;
}

/**
 * The fetch-or-fall-back-to-cache logic shared by every remote source:
 * use a trusted cached copy without asking; otherwise revalidate it (ETag);
 * verify the pin; save what changed; and when the server cannot be reached,
 * fall back to the cached copy with a warning naming its age.
 * @throws ConfigurationError when the content does not match its pin, or the
 *   source is unreachable and no usable cached copy exists.
 */
export async function fetchWithCache(options: CachedFetchOptions): Promise<SourceDocument[]> {
  const { sourceKey, display, logger, pin } = options;
  const now = options.now ?? (() => new Date());
  const cache = new SafeRemoteCache(options.cache, logger);
  const restored = await cache.restore(sourceKey);
  const cached = restored && usableCopy(restored, options);

  if (cached && (pin ? cached.digest === pin : options.immutable)) {
    logger.debug(`library source ${display}: using the cached copy from ${age(cached, now())} (${pin ? 'it matches the pin' : 'the ref is immutable'})`);
    return cached.documents;
  }

  let result: FetchResult;
  try {
    result = await options.fetch(cached?.etag);
    if (result.status === 'not-modified' && !cached) throw new SourceUnreachableError('HTTP 304 Not Modified answered a request that had no cached copy');
  } catch (error) {
    if (!(error instanceof SourceUnreachableError)) throw error;
    if (!cached) {
      const missing = restored && pin ? 'no cached copy matches its pin' : 'no cached copy exists';
      throw new ConfigurationError(`library source ${display} is unreachable (${error.reason}) and ${missing}`);
    }
    logger.warning(`library source ${display} is unreachable (${error.reason}); using the cached copy from ${age(cached, now())}`);
    return cached.documents;
  }

  if (result.status === 'not-modified') {
    logger.debug(`library source ${display}: not modified since ${cached!.fetchedAt}`);
    return cached!.documents;
  }
  const digest = digestDocuments(result.documents);
  if (pin && digest !== pin)
    throw new ConfigurationError(`library source ${display} does not match its pin: expected sha256 ${pin} but the content has sha256 ${digest}`);
  if (!cached || cached.digest !== digest || cached.etag !== result.etag) {
    const copy: CachedCopy = { documents: result.documents, digest, fetchedAt: now().toISOString() };
    if (result.etag !== undefined) copy.etag = result.etag;
    await cache.save(sourceKey, copy);
  }
  return result.documents;
}

/** The restored copy when it is intact and, for a pinned source, matches the pin. */
function usableCopy(copy: CachedCopy, options: CachedFetchOptions): CachedCopy | undefined {
  if (digestDocuments(copy.documents) !== copy.digest) {
    options.logger.warning(`the cached copy of ${options.display} does not match its digest; ignoring it`);
    return undefined;
  }
  if (options.pin && copy.digest !== options.pin) return undefined;
  return copy;
}

/** `3 h ago`, `12 min ago`, `2 d ago`. */
export function formatAge(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (!Number.isFinite(milliseconds)) return 'an unknown time ago';
  if (minutes < 1) return 'less than a minute ago';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

function age(copy: CachedCopy, now: Date): string {
  return formatAge(now.getTime() - Date.parse(copy.fetchedAt));
}

/**
 * Why a request failed, for {@link SourceUnreachableError}: a timeout of
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
