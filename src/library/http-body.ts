import type { Readable, Transform } from 'node:stream';
import type * as Zlib from 'node:zlib';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { SourceUnreachableError } from './source-unreachable-error.js';
import type { HttpResponse } from './http-transport.js';

/** The most bytes a remote persona file may have, after decompression: 1 MiB, like a local one. */
export const MAX_REMOTE_BYTES = 1024 * 1024;

/** What {@link readCappedBody} needs besides the response. */
export interface CappedBodyOptions {
  /** Names the source in messages (`library source <display> …`). */
  display: string;
  /** Default {@link MAX_REMOTE_BYTES}. */
  maxBytes?: number;
}

/** node:zlib, loaded on the first compressed body (≈3 ms at start-up otherwise, and the state store asks for none). */
const zlib = (): typeof Zlib => process.getBuiltinModule('node:zlib');

const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib().createGunzip(),
  'x-gzip': () => zlib().createGunzip(),
  deflate: () => zlib().createInflate(),
  br: () => zlib().createBrotliDecompress(),
};

/**
 * Reads a response body, decompressing it (`Content-Encoding` gzip, deflate,
 * br), and stops at `maxBytes` of decompressed content whatever the server
 * sends or claims: a `Content-Length` over the limit is refused before a
 * byte is read, and the decoded stream is destroyed as soon as it passes the
 * limit, so an endless body or a decompression bomb costs at most the limit
 * plus one chunk of memory.
 * @throws ConfigurationError when the body is over the limit or uses an unknown encoding;
 *   SourceUnreachableError when the connection fails mid-body (retryable) or the compressed data is corrupt (not).
 */
export async function readCappedBody(response: HttpResponse, options: CappedBodyOptions): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? MAX_REMOTE_BYTES;
  const tooLarge = (what: string) =>
    new ConfigurationError(`library source ${options.display} ${what}: a persona file may have at most ${formatBytes(maxBytes)}`);
  const encodings = contentEncodings(response.headers['content-encoding']);
  const declared = Number(response.headers['content-length']);
  // Compressed data may be a little larger than what it encodes, never much.
  if (Number.isFinite(declared) && declared > (encodings.length ? 2 * maxBytes : maxBytes)) {
    response.body.destroy();
    throw tooLarge(`declares a body of ${declared} bytes (Content-Length)`);
  }
  const decoded = decode(response.body, encodings, options.display);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes)
        throw tooLarge(`sent more than ${formatBytes(maxBytes)}${encodings.length ? ' after decompression' : ''}, so reading stopped there`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    // A connection that breaks mid-body is a network error worth another attempt; corrupt compressed data is not.
    const corrupt = String((error as { code?: unknown }).code ?? '').startsWith('Z_');
    throw new SourceUnreachableError(`the body could not be read: ${reasonOf(error)}`, { retryable: !corrupt });
  } finally {
    decoded.destroy();
    response.body.destroy();
  }
  return Buffer.concat(chunks, total);
}

/** The codings of a `Content-Encoding` header in the order they were applied (`identity` dropped). */
function contentEncodings(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding && coding !== 'identity');
}

/** The body with every coding undone, last applied first; an unknown coding is refused before reading. */
function decode(body: Readable, encodings: readonly string[], display: string): Readable {
  let stream: Readable = body;
  for (const coding of [...encodings].reverse()) {
    const decoder = DECODERS[coding];
    if (!decoder) {
      body.destroy();
      throw new ConfigurationError(
        `library source ${display} uses the content encoding ${quote(coding)}, which is not supported (use gzip, deflate, br or none)`,
      );
    }
    const next = decoder();
    stream.once('error', (error) => next.destroy(error));
    stream = stream.pipe(next);
  }
  return stream;
}

/** `1 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** The error's message (duck-typed: stream errors may come from another realm), cut like any quoted value. */
function reasonOf(error: unknown): string {
  const { message, code } = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; code?: unknown };
  const text = typeof message === 'string' && message ? message : typeof code === 'string' ? code : String(error);
  return quote(text).slice(1, -1);
}
