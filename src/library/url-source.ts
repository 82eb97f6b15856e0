import { STATUS_CODES } from 'node:http';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { RequestLimiter } from '../github/request-limiter.js';
import { parseRetryAfter } from '../github/retry-policy.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_REMOTE_TIMEOUT_MS, describeRequestFailure, fetchWithCache, type FetchResult, SourceUnreachableError } from './cached-fetch.js';
import { readCappedBody } from './http-body.js';
import { isPlainHttpToRemoteHost, requestFollowingRedirects } from './http-redirects.js';
import { createNodeTransport, type HttpResponse, type HttpTransport } from './http-transport.js';
import { REAL_TIMING, retryTransient, type RetryTiming } from './remote-retry.js';
import { decodePersonaText, parseDocuments, type PersonaSource, type SourceResult } from './persona-source.js';
import type { RemoteCache } from './remote-cache.js';

/** Options of a {@link UrlSource}. */
export interface UrlSourceOptions {
  /** `https://host/path/file.yml`, optionally pinned with `#sha256=<64 hex>`. */
  url: string;
  cache: RemoteCache;
  logger: Logger;
  /** Sends one request; default {@link createNodeTransport} (node:https, the toolkit's proxy rules). Tests record requests with it. */
  transport?: HttpTransport;
  now?: () => Date;
  /** The source's whole budget, every attempt, redirect and wait included; running out counts as unreachable. Default 30 s. */
  timeoutMs?: number;
  /** Clock, sleep and jitter of retries (tests); default real time. */
  timing?: RetryTiming;
  /** Shared by the sources of one library, so many URL entries never mean more than its limit of requests at once; a source's budget starts when it gets a slot. */
  limiter?: RequestLimiter;
  /** The most bytes of the file after decompression; default 1 MiB. */
  maxBytes?: number;
}

/** A source URL taken apart: where to fetch and, when pinned, the digest the body must have. */
export interface ParsedSourceUrl {
  /** The URL without its `#sha256=` fragment: what is fetched and shown. */
  href: string;
  /** Lowercase sha256 hex, when the URL is pinned. */
  sha256?: string;
}

/**
 * Checks a source URL and splits off its `#sha256=` pin.
 *
 * Only `https:` is accepted, except that `http:` is allowed for loopback
 * hosts (`127.0.0.1`, `localhost`, `[::1]`): tests and local mirrors. Plain
 * HTTP to any other host could be altered in transit, so it is refused.
 * @throws ConfigurationError for a malformed URL, another scheme, embedded
 *   credentials or a fragment other than `sha256=<64 hex digits>`.
 */
export function parseSourceUrl(url: string): ParsedSourceUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`library source ${quote(url)} is not a valid URL`);
  }
  const fragment = parsed.hash.slice(1);
  parsed.hash = '';
  const href = parsed.href;
  if (isPlainHttpToRemoteHost(parsed))
    throw new ConfigurationError(`library source ${href} uses http://, which is only allowed for 127.0.0.1, localhost and [::1]: use https://`);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new ConfigurationError(`library source ${href} uses ${parsed.protocol}// but only https:// URLs are supported`);
  if (parsed.username || parsed.password)
    throw new ConfigurationError(`library source ${parsed.protocol}//${parsed.host}${parsed.pathname} must not contain credentials: they would show in logs`);
  if (!fragment) return { href };
  const pin = /^sha256=([0-9a-f]{64})$/i.exec(fragment);
  if (!pin)
    throw new ConfigurationError(
      `library source ${href} has the fragment ${quote(`#${fragment}`)} but the only fragment allowed is #sha256= followed by 64 hex digits`,
    );
  return { href, sha256: pin[1]!.toLowerCase() };
}

/**
 * One persona file fetched over HTTPS, optionally pinned by `#sha256=`.
 * A pinned copy already in the cache is used without any network; otherwise
 * the cached copy is revalidated with its ETag, and stands in (with a warning
 * naming its age) when the server cannot be reached or answers an error.
 */
export class UrlSource implements PersonaSource {
  readonly label: string;

  /** Checks nothing yet: a bad URL fails {@link load}, so it is reported with the library's other problems. */
  constructor(private readonly options: UrlSourceOptions) {
    this.label = options.url;
  }

  /** @throws ConfigurationError when the URL is not acceptable (see {@link parseSourceUrl}) or cannot be fetched. */
  async load(): Promise<SourceResult> {
    const { href, sha256 } = parseSourceUrl(this.options.url);
    const documents = await fetchWithCache({
      sourceKey: href,
      display: href,
      cache: this.options.cache,
      logger: this.options.logger,
      now: this.options.now,
      pin: sha256,
      fetch: (etag) => this.request(href, etag),
    });
    return parseDocuments(this.label, documents);
  }

  /**
   * Every attempt (retries of transient failures included) inside the source's budget. The source
   * holds one slot of the shared limiter throughout, and its budget starts when it gets the slot,
   * so time spent queued behind other sources never counts against it.
   */
  private request(href: string, etag: string | undefined): Promise<FetchResult> {
    const budgetMs = this.options.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS;
    const timing = this.options.timing ?? REAL_TIMING;
    const limiter = this.options.limiter ?? new RequestLimiter(1);
    const headers: Record<string, string> = {
      accept: 'application/yaml, application/json, text/plain, */*',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': 'pipeline-personas',
    };
    if (etag !== undefined) headers['if-none-match'] = etag;
    const attempt = (timeLeftMs: number) => this.attempt(href, headers, timeLeftMs, budgetMs);
    return limiter.run(() => retryTransient(attempt, { budgetMs, display: href, logger: this.options.logger, timing }));
  }

  /** One request (redirects followed by hand) and its capped body. */
  private async attempt(href: string, headers: Record<string, string>, timeLeftMs: number, budgetMs: number): Promise<FetchResult> {
    const signal = AbortSignal.timeout(Math.max(1, timeLeftMs));
    const transport = this.options.transport ?? defaultTransport();
    try {
      const response = await requestFollowingRedirects(new URL(href), { transport, headers, signal, display: href });
      if (response.status === 304) {
        response.body.destroy();
        return { status: 'not-modified' };
      }
      if (response.status < 200 || response.status >= 300) throw this.statusFailure(href, response);
      const bytes = await readCappedBody(response, { display: href, ...(this.options.maxBytes ? { maxBytes: this.options.maxBytes } : {}) });
      // Keeps a byte order mark, so the digest is the sha256 of the bytes served.
      const text = decodePersonaText(bytes, href);
      const etag = response.headers.etag;
      return { status: 'fresh', documents: [{ file: href, text }], ...(etag !== undefined ? { etag } : {}) };
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      if (signal.aborted) throw new SourceUnreachableError(describeRequestFailure(error, signal, budgetMs));
      if (error instanceof SourceUnreachableError) throw error;
      throw new SourceUnreachableError(describeRequestFailure(error, signal, budgetMs), { retryable: true });
    }
  }

  /** A status that is neither success nor 304: transient (retried, then the cached copy), or the URL is wrong. */
  private statusFailure(href: string, response: HttpResponse): Error {
    response.body.destroy();
    const { status } = response;
    const text = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
    if (TRANSIENT_STATUSES.has(status)) {
      const header = response.headers['retry-after'];
      const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, (this.options.timing ?? REAL_TIMING).now());
      return new SourceUnreachableError(text, { retryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
    // A client error other than a timeout or rate limit means the URL itself is wrong: never mask it with a cached copy.
    if (status >= 400 && status < 500) return new ConfigurationError(`library source ${href} answered ${text}: check the URL`);
    return new SourceUnreachableError(text);
  }
}

/** Statuses another attempt may fix, as for the GitHub client: timeout, rate limit, and the transient 5xx. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

let sharedTransport: HttpTransport | undefined;
function defaultTransport(): HttpTransport {
  return (sharedTransport ??= createNodeTransport());
}
