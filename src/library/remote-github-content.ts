import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import type { GitHubResponse } from '../github/github-client.js';
import { formatBytes, MAX_REMOTE_BYTES, readCappedBody } from './http-body.js';
import { decodePersonaText } from './persona-source.js';

/** The parts of a contents API item a `github:` source reads. */
export interface ContentItem {
  type: string;
  name: string;
  path: string;
  size: number;
  content?: string;
  encoding?: string;
}

/**
 * The media type that makes the contents API answer a file with its bytes
 * (not base64 inside JSON), so the 1 MiB limit counts the file itself and a
 * legal file near 1 MiB is not refused for its base64 size.
 */
export const RAW_MEDIA_TYPE = 'application/vnd.github.raw+json';

/** A JSON envelope may hold a base64 copy of a 1 MiB file (4/3 of it, with line breaks) and its metadata. */
const ENVELOPE_BYTES = 2 * MAX_REMOTE_BYTES;

/**
 * Refuses a file the listing (or the file's own object) says is over the
 * limit, before any of it is requested.
 * @throws ConfigurationError naming the file and both sizes.
 */
export function checkListedSize(item: ContentItem, file: string, maxBytes = MAX_REMOTE_BYTES): void {
  if (typeof item.size === 'number' && item.size > maxBytes)
    throw new ConfigurationError(`library source ${file} has ${item.size} bytes: a persona file may have at most ${formatBytes(maxBytes)}`);
}

/** The text of a contents API file object with inline base64 content, the limit counted on the decoded bytes. */
export function decodeInlineContent(item: ContentItem, file: string, maxBytes = MAX_REMOTE_BYTES): string {
  if (item.encoding !== 'base64' || typeof item.content !== 'string')
    throw new ConfigurationError(
      `library source ${file} has no inline content (encoding ${quote(item.encoding ?? 'none')}, ${item.size} bytes): persona files may be at most ${formatBytes(maxBytes)}`,
    );
  const bytes = Buffer.from(item.content, 'base64');
  if (bytes.length > maxBytes)
    throw new ConfigurationError(`library source ${file} has ${bytes.length} bytes: a persona file may have at most ${formatBytes(maxBytes)}`);
  return decodePersonaText(bytes, file);
}

/**
 * The text of a file requested with {@link RAW_MEDIA_TYPE} and an unparsed
 * body: the body is streamed under the limit. A server that answers with the
 * JSON object instead (base64 `content`) is read under a limit for that
 * envelope, then the decoded content is held to the file limit.
 */
export async function readRawContent(response: GitHubResponse, file: string, maxBytes = MAX_REMOTE_BYTES): Promise<string> {
  const json = /^application\/json\b/i.test(response.headers['content-type'] ?? '');
  const body = toReadable(response.data);
  // fetch has already undone any Content-Encoding, so only the decoded bytes are counted.
  const bytes = await readCappedBody({ status: response.status, headers: {}, body }, { display: file, maxBytes: json ? ENVELOPE_BYTES : maxBytes });
  const item = json ? contentItem(bytes) : undefined;
  if (item) return decodeInlineContent(item, file, maxBytes);
  // A raw persona .json file may be served as application/json too.
  if (bytes.length > maxBytes)
    throw new ConfigurationError(`library source ${file} has ${bytes.length} bytes: a persona file may have at most ${formatBytes(maxBytes)}`);
  return decodePersonaText(bytes, file);
}

/** The contents API file object in a JSON body, or undefined when the body is something else (the file itself). */
function contentItem(bytes: Uint8Array): ContentItem | undefined {
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<ContentItem> | null;
    return value && typeof value === 'object' && value.type === 'file' && typeof value.encoding === 'string' ? (value as ContentItem) : undefined;
  } catch {
    return undefined;
  }
}

function toReadable(data: unknown): Readable {
  if (data instanceof Readable) return data;
  if (data && typeof (data as WebReadableStream).getReader === 'function') return Readable.fromWeb(data as WebReadableStream);
  if (typeof data === 'string' || data instanceof Uint8Array) return Readable.from([Buffer.from(data)]);
  if (data instanceof ArrayBuffer) return Readable.from([Buffer.from(data)]);
  return Readable.from([]);
}
