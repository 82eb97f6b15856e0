import { createHash } from 'node:crypto';
import { type CannedReply, checkFields, signBlobUrl, type StoredBlob, twirpError } from './actions-results-wire.js';

/*
 * The cache service (v2) of the Actions results service, as @actions/cache 6
 * calls it when ACTIONS_CACHE_SERVICE_V2 is set (and GITHUB_SERVER_URL is
 * github.com, *.ghe.com or *.localhost; GHES stays on v1): Twirp JSON at
 * `${ACTIONS_RESULTS_URL}twirp/github.actions.results.api.v1.CacheService/<Method>`,
 * bearer ACTIONS_RUNTIME_TOKEN. The archive (a tar, zstd-compressed where
 * zstd is installed) goes to a signed Azure blob URL with the blob SDK (Put
 * Blob up to 128 MiB) and comes back with a plain GET of a signed URL; the
 * results server serves both. Wire shapes follow
 * node_modules/@actions/cache/lib/generated/results/api/v1/cache.d.ts (proto
 * names, int64 as a decimal string, defaults left out of requests, every
 * field in answers); test/e2e/state-cache-fallback.test.ts checks them
 * against the generated types.
 */

/** `github.actions.results.api.v1.CreateCacheEntryRequest` as JSON. */
export interface CreateCacheEntryRequestJson {
  key?: string;
  version?: string;
}

/** `github.actions.results.api.v1.CreateCacheEntryResponse` as JSON. */
export interface CreateCacheEntryResponseJson {
  ok: boolean;
  signed_upload_url: string;
  message: string;
}

/** `github.actions.results.api.v1.FinalizeCacheEntryUploadRequest` as JSON. */
export interface FinalizeCacheEntryUploadRequestJson {
  key?: string;
  /** int64: a decimal string. */
  size_bytes?: string;
  version?: string;
}

/** `github.actions.results.api.v1.FinalizeCacheEntryUploadResponse` as JSON. */
export interface FinalizeCacheEntryUploadResponseJson {
  ok: boolean;
  /** int64: a decimal string. */
  entry_id: string;
  message: string;
}

/** `github.actions.results.api.v1.GetCacheEntryDownloadURLRequest` as JSON. */
export interface GetCacheEntryDownloadURLRequestJson {
  key?: string;
  restore_keys?: string[];
  version?: string;
}

/** `github.actions.results.api.v1.GetCacheEntryDownloadURLResponse` as JSON. */
export interface GetCacheEntryDownloadURLResponseJson {
  ok: boolean;
  signed_download_url: string;
  matched_key: string;
}

/** The Twirp service the cache client (v2) calls. */
export const CACHE_SERVICE = 'github.actions.results.api.v1.CacheService';

/** A cache entry as the stand-in keeps it: reserved by CreateCacheEntry, visible once finalized. */
export interface StoredCacheEntry extends StoredBlob {
  id: number;
  key: string;
  /** sha256 of the cached paths, the compression method and a salt: a restore only matches its own version. */
  version: string;
  /** Order of finalization: the newest entry of a prefix wins a restore. */
  finalizedOrder?: number;
  finalized?: { sizeBytes: string };
}

/**
 * The cache entries of one repository scope (the stand-in does not model
 * branch scopes: every run sees every entry), and the answers of the three
 * methods. A second CreateCacheEntry for a key and version that exist
 * (finalized, or reserved by a job still uploading) answers 409
 * `already_exists` with the real service's message; the client logs it as
 * information and the run goes on.
 */
export class ActionsCacheService {
  /** Every entry, reserved or finalized, in creation order. */
  readonly entries: StoredCacheEntry[] = [];
  private nextId = 1;
  private finalizations = 0;

  constructor(private readonly baseUrl: string) {}

  /** The finalized entries, oldest first. */
  get finalized(): StoredCacheEntry[] {
    return this.entries.filter((e) => e.finalized).sort((a, b) => a.finalizedOrder! - b.finalizedOrder!);
  }

  /** The entry whose blob lives at `pathname`. */
  blobAt(pathname: string): StoredCacheEntry | undefined {
    return this.entries.find((e) => e.blobPath === pathname);
  }

  /** Forgets every entry. */
  reset(): void {
    this.entries.length = 0;
  }

  /** The answer to one authenticated call of `method` with the decoded JSON body. */
  answer(method: string, json: unknown): CannedReply {
    if (method === 'CreateCacheEntry') return this.create(json);
    if (method === 'FinalizeCacheEntryUpload') return this.finalize(json);
    return this.downloadUrl(json);
  }

  private create(json: unknown): CannedReply {
    const problem = checkFields(json, { key: 'string', version: 'string' });
    if (problem) return twirpError('malformed', problem);
    const { key = '', version = '' } = json as CreateCacheEntryRequestJson;
    if (!key || !version) return twirpError('invalid_argument', `${key ? 'version' : 'key'} is required`, { argument: key ? 'version' : 'key' });
    if (this.entries.some((e) => e.key === key && e.version === version))
      return twirpError('already_exists', 'cache entry with the same key, version, and scope already exists');
    const id = this.nextId++;
    const blobPath = `/actions-cache/${createHash('sha256').update(`${key}\n${version}`).digest('hex')}/${id}`;
    const entry: StoredCacheEntry = {
      id,
      key,
      version,
      blobPath,
      signedUploadUrl: signBlobUrl(this.baseUrl, blobPath, 'cw'),
      uncommitted: new Map(),
      committed: [],
    };
    this.entries.push(entry);
    return { status: 200, body: { ok: true, signed_upload_url: entry.signedUploadUrl, message: '' } satisfies CreateCacheEntryResponseJson };
  }

  private finalize(json: unknown): CannedReply {
    const problem = checkFields(json, { key: 'string', size_bytes: 'int64', version: 'string' });
    if (problem) return twirpError('malformed', problem);
    const req = json as FinalizeCacheEntryUploadRequestJson;
    const entry = this.entries.find((e) => e.key === req.key && e.version === req.version);
    if (!entry) return twirpError('not_found', `no cache entry was reserved for key ${req.key ?? ''}`);
    if (entry.finalized) return twirpError('already_exists', 'cache entry with the same key, version, and scope already exists');
    if (!entry.blob) return twirpError('failed_precondition', `nothing was uploaded for key ${entry.key}`);
    const size = String(req.size_bytes ?? '0');
    if (size !== String(entry.blob.length))
      return twirpError('invalid_argument', `size_bytes ${size} does not match the uploaded blob (${entry.blob.length} bytes)`, { argument: 'size_bytes' });
    entry.finalized = { sizeBytes: size };
    entry.finalizedOrder = ++this.finalizations;
    return { status: 200, body: { ok: true, entry_id: String(entry.id), message: '' } satisfies FinalizeCacheEntryUploadResponseJson };
  }

  /**
   * As GitHub documents it: an exact match of the key, then the key as a prefix, then each restore key as a
   * prefix in the order given; among several matches of a prefix the newest. Only entries of the same version.
   */
  private downloadUrl(json: unknown): CannedReply {
    const problem = checkFields(json, { key: 'string', restore_keys: 'string[]', version: 'string' });
    if (problem) return twirpError('malformed', problem);
    const req = json as GetCacheEntryDownloadURLRequestJson;
    if (!req.key) return twirpError('invalid_argument', 'key is required', { argument: 'key' });
    const candidates = this.finalized.filter((e) => e.version === req.version).reverse();
    const hit =
      candidates.find((e) => e.key === req.key) ??
      [req.key, ...(req.restore_keys ?? [])].map((prefix) => candidates.find((e) => e.key.startsWith(prefix))).find((e) => e !== undefined);
    if (!hit) return { status: 200, body: { ok: false, signed_download_url: '', matched_key: '' } satisfies GetCacheEntryDownloadURLResponseJson };
    hit.signedDownloadUrl ??= signBlobUrl(this.baseUrl, hit.blobPath, 'r');
    return { status: 200, body: { ok: true, signed_download_url: hit.signedDownloadUrl, matched_key: hit.key } satisfies GetCacheEntryDownloadURLResponseJson };
  }
}
