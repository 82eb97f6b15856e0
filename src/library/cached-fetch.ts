import { ConfigurationError } from '../errors/configuration-error.js';
import type { Logger } from '../logging/logger.js';
import type { SourceDocument } from './persona-source.js';
import { type CachedCopy, digestDocuments, type RemoteCache, SafeRemoteCache } from './remote-cache.js';

import { SourceUnreachableError } from './source-unreachable-error.js';

export { describeRequestFailure } from './request-failure.js';
export { SourceUnreachableError } from './source-unreachable-error.js';

/** How long a remote source waits for an answer before it counts as unreachable. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 30_000;

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
