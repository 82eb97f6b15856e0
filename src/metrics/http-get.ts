/**
 * One GET of a metric source: the library's transport (node:http(s), the
 * toolkit's proxy rules for https), a timeout per attempt, the body capped
 * after decompression, no redirects, and one retry of a transient failure.
 */
import { isConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { describeRequestFailure } from '../library/request-failure.js';
import { formatBytes, readCappedBody } from '../library/http-body.js';
import { createNodeTransport, type HttpTransport } from '../library/http-transport.js';

/** The most bytes of an answer after decompression: 1 MiB. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** The pause before the one retry of a transient failure. */
export const RETRY_DELAY_MS = 200;

/** What one GET needs. */
export interface GetOptions {
  transport?: HttpTransport;
  headers: Record<string, string>;
  /** The budget of each attempt. */
  timeoutMs: number;
  /** Default {@link MAX_SOURCE_BYTES}. */
  maxBytes?: number;
  /** Default {@link RETRY_DELAY_MS}. */
  retryDelayMs?: number;
}

/** An answer that was read (any status but a redirect), or why there is none, as a sentence fragment (`timed out after 10 s`). */
export type GetResult = { status: number; text: string; statusText: string } | { problem: string };

/** Statuses another attempt may fix. */
const TRANSIENT = new Set([429, 502, 503, 504]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

let shared: HttpTransport | undefined;

/**
 * GETs `url` and reads its body (for error statuses too: Prometheus explains
 * a bad query in it). A network failure other than a timeout, or HTTP 429,
 * 502, 503 or 504, is tried once more after a short pause; a timeout is not
 * (the next check comes soon). Redirects are not followed: the request
 * carries credentials, and a source's URL is the author's to write. Never throws.
 */
export async function getText(url: URL, options: GetOptions): Promise<GetResult> {
  const first = await attempt(url, options);
  if (!('retry' in first) || !first.retry) return strip(first);
  await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? RETRY_DELAY_MS));
  return strip(await attempt(url, options));
}

type Attempt = (GetResult & { retry?: false }) | { problem: string; retry: true };

function strip(result: Attempt): GetResult {
  return 'problem' in result ? { problem: result.problem } : result;
}

async function attempt(url: URL, options: GetOptions): Promise<Attempt> {
  const transport = options.transport ?? (shared ??= createNodeTransport());
  const signal = AbortSignal.timeout(Math.max(1, options.timeoutMs));
  const maxBytes = options.maxBytes ?? MAX_SOURCE_BYTES;
  const headers = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'pipeline-personas', ...options.headers };
  try {
    const response = await transport(url, { headers, signal });
    const phrase = (process.getBuiltinModule('node:http') as typeof import('node:http')).STATUS_CODES[response.status];
    const statusText = `HTTP ${response.status}${phrase ? ` ${phrase}` : ''}`;
    if (REDIRECTS.has(response.status)) {
      response.body.destroy();
      const location = response.headers.location;
      return { problem: `answered ${statusText} to ${location ? quote(location) : 'nowhere'}: redirects are not followed, write the final URL` };
    }
    const bytes = await readCappedBody(response, { display: url.origin, maxBytes });
    if (TRANSIENT.has(response.status)) return { problem: `answered ${statusText}`, retry: true };
    return { status: response.status, statusText, text: Buffer.from(bytes).toString('utf8') };
  } catch (error) {
    if (signal.aborted) return { problem: describeRequestFailure(error, signal, options.timeoutMs) };
    if (isConfigurationError(error))
      return {
        problem: /encoding/.test(error.message)
          ? 'answered with a content encoding that is not supported (gzip, deflate, br or none are)'
          : `sent a body over ${formatBytes(maxBytes)}, so reading stopped there`,
      };
    const reason = describeRequestFailure(error, signal, options.timeoutMs);
    return { problem: `could not be reached (${quote(reason).slice(1, -1)})`, retry: true };
  }
}
