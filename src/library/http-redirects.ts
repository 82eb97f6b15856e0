import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import type { HttpResponse, HttpTransport } from './http-transport.js';

/** The most redirects a remote source follows. */
export const MAX_REDIRECTS = 5;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** True for plain http to a host that is not loopback: it could be altered in transit. */
export function isPlainHttpToRemoteHost(url: URL): boolean {
  return url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Why a remote source may not request `url`, or undefined when it may:
 * https only, plain http only to a loopback host (`127.0.0.1`, `localhost`,
 * `[::1]`: tests and local mirrors), and no credentials in the URL.
 */
export function refusedTarget(url: URL): string | undefined {
  if (isPlainHttpToRemoteHost(url)) return 'uses http:// to a host that is not loopback';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `uses ${url.protocol}// but only https:// is supported`;
  if (url.username || url.password) return 'contains credentials';
  return undefined;
}

/** What {@link requestFollowingRedirects} needs. */
export interface RedirectOptions {
  transport: HttpTransport;
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Names the source in messages. */
  display: string;
  /** Default {@link MAX_REDIRECTS}. */
  maxRedirects?: number;
}

/**
 * Requests `url` and follows redirects by hand: every `Location` is
 * resolved and checked with {@link refusedTarget} *before* it is requested,
 * and at most `maxRedirects` are followed. The answer that is not a
 * redirect is returned with its body unread; every redirect's body is
 * discarded.
 * @throws ConfigurationError for a refused hop, a redirect without a usable
 *   `Location`, or too many redirects; no request is sent to a refused hop.
 */
export async function requestFollowingRedirects(url: URL, options: RedirectOptions): Promise<HttpResponse> {
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const fail = (problem: string) => new ConfigurationError(`library source ${options.display} ${problem}`);
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await options.transport(current, { headers: options.headers, signal: options.signal });
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    response.body.destroy();
    const location = response.headers.location;
    if (!location) throw fail(`answered HTTP ${response.status} (a redirect) without a Location`);
    if (hop >= maxRedirects) throw fail(`redirected more than ${maxRedirects} times (the last to ${quote(location)})`);
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw fail(`redirected to ${quote(location)}, which is not a valid URL`);
    }
    next.hash = '';
    const refused = refusedTarget(next);
    if (refused) throw fail(`redirected to ${quote(withoutCredentials(next))}, which ${refused}: the redirect was not followed`);
    current = next;
  }
}

/** The URL as text with any user name and password removed, so a message never shows them. */
function withoutCredentials(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
