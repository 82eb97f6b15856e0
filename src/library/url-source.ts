import { ConfigurationError } from '../errors/configuration-error.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_REMOTE_TIMEOUT_MS, describeRequestFailure, fetchWithCache, type FetchResult, SourceUnreachableError } from './cached-fetch.js';
import { decodePersonaText, parseDocuments, type PersonaSource, type SourceResult } from './persona-source.js';
import type { RemoteCache } from './remote-cache.js';

/** Options of a {@link UrlSource}. */
export interface UrlSourceOptions {
  /** `https://host/path/file.yml`, optionally pinned with `#sha256=<64 hex>`. */
  url: string;
  cache: RemoteCache;
  logger: Logger;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  now?: () => Date;
  /** How long to wait for the server; a timeout counts as unreachable. Default 30 s. */
  timeoutMs?: number;
}

/** A source URL taken apart: where to fetch and, when pinned, the digest the body must have. */
export interface ParsedSourceUrl {
  /** The URL without its `#sha256=` fragment: what is fetched and shown. */
  href: string;
  /** Lowercase sha256 hex, when the URL is pinned. */
  sha256?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

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
    throw new ConfigurationError(`library source ${JSON.stringify(url)} is not a valid URL`);
  }
  const fragment = parsed.hash.slice(1);
  parsed.hash = '';
  const href = parsed.href;
  if (isInsecure(parsed))
    throw new ConfigurationError(`library source ${href} uses http://, which is only allowed for 127.0.0.1, localhost and [::1]: use https://`);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new ConfigurationError(`library source ${href} uses ${parsed.protocol}// but only https:// URLs are supported`);
  if (parsed.username || parsed.password)
    throw new ConfigurationError(`library source ${parsed.protocol}//${parsed.host}${parsed.pathname} must not contain credentials: they would show in logs`);
  if (!fragment) return { href };
  const pin = /^sha256=([0-9a-f]{64})$/i.exec(fragment);
  if (!pin)
    throw new ConfigurationError(`library source ${href} has the fragment "#${fragment}" but the only fragment allowed is #sha256= followed by 64 hex digits`);
  return { href, sha256: pin[1]!.toLowerCase() };
}

function isInsecure(url: URL): boolean {
  return url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname);
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

  private async request(href: string, etag: string | undefined): Promise<FetchResult> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS;
    const signal = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { accept: 'application/yaml, application/json, text/plain, */*' };
    if (etag !== undefined) headers['if-none-match'] = etag;
    const doFetch = this.options.fetch ?? globalThis.fetch;
    try {
      const response = await doFetch(href, { headers, signal, redirect: 'follow' });
      if (response.redirected && isInsecure(new URL(response.url)))
        throw new ConfigurationError(`library source ${href} redirected to ${response.url}, which uses http:// to a host that is not loopback`);
      if (response.status === 304) return { status: 'not-modified' };
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
        // A client error other than a timeout or rate limit means the URL itself is wrong: never mask it with a cached copy.
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)
          throw new ConfigurationError(`library source ${href} answered ${status}: check the URL`);
        throw new SourceUnreachableError(status);
      }
      // Keeps a byte order mark, so the digest is the sha256 of the bytes served.
      const text = decodePersonaText(new Uint8Array(await response.arrayBuffer()), href);
      const newEtag = response.headers.get('etag') ?? undefined;
      return { status: 'fresh', documents: [{ file: href, text }], etag: newEtag };
    } catch (error) {
      if (error instanceof SourceUnreachableError || error instanceof ConfigurationError) throw error;
      throw new SourceUnreachableError(describeRequestFailure(error, signal, timeoutMs));
    }
  }
}
