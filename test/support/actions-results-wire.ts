import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/*
 * What goes over the wire of the results stand-in (split from actions-results-server.ts):
 * the Azure Blob answers (answerBlob) and the Twirp JSON the artifact client
 * exchanges with the results service (the cache service's is in
 * actions-cache-service.ts). @actions/artifact 6 serialises its protobuf-ts messages
 * with `toJson(…, { useProtoFieldName: true, emitDefaultValues: false })`,
 * so fields carry their proto names, default values are left out, int64 is a
 * decimal string, google.protobuf.StringValue is a bare string and
 * google.protobuf.Timestamp an RFC 3339 string. Responses are read with
 * `fromJson(…, { ignoreUnknownFields: true })`, which accepts proto or JSON
 * names; this stand-in answers with proto names, as a Twirp server does.
 * test/e2e/artifact-upload.test.ts checks these against the client's
 * generated types (node_modules/@actions/artifact/lib/generated).
 */

/** `github.actions.results.api.v1.CreateArtifactRequest` as JSON. */
export interface CreateArtifactRequestJson {
  workflow_run_backend_id?: string;
  workflow_job_run_backend_id?: string;
  name?: string;
  /** google.protobuf.Timestamp: RFC 3339. */
  expires_at?: string;
  version?: number;
  /** google.protobuf.StringValue. */
  mime_type?: string;
}

/** `github.actions.results.api.v1.CreateArtifactResponse` as JSON. */
export interface CreateArtifactResponseJson {
  ok: boolean;
  signed_upload_url: string;
}

/** `github.actions.results.api.v1.FinalizeArtifactRequest` as JSON. */
export interface FinalizeArtifactRequestJson {
  workflow_run_backend_id?: string;
  workflow_job_run_backend_id?: string;
  name?: string;
  /** int64: a decimal string. */
  size?: string;
  /** google.protobuf.StringValue, `sha256:<hex>`. */
  hash?: string;
}

/** `github.actions.results.api.v1.FinalizeArtifactResponse` as JSON. */
export interface FinalizeArtifactResponseJson {
  ok: boolean;
  /** int64: a decimal string. */
  artifact_id: string;
}

/** A Twirp error body. */
export interface TwirpErrorJson {
  code: string;
  msg: string;
  meta?: Record<string, string>;
}

/** The Twirp service the artifact client calls. */
export const ARTIFACT_SERVICE = 'github.actions.results.api.v1.ArtifactService';

/** HTTP status of each Twirp error code (twirp spec v7). */
export const TWIRP_STATUS: Record<string, number> = {
  canceled: 408,
  unknown: 500,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  data_loss: 500,
};

/** The methods of the cache service (v2) the cache client calls. */
export type CacheMethod = 'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'GetCacheEntryDownloadURL';

/** The Twirp methods the stand-in serves: the artifact service's and the cache service's. */
export type TwirpMethod = 'CreateArtifact' | 'FinalizeArtifact' | CacheMethod;

/** What a request was, as the stand-in understood it. */
export type Route = TwirpMethod | 'twirp' | 'blob-block' | 'blob-blocklist' | 'blob-put' | 'blob-get' | 'blob' | 'unknown';

/** One request the stand-in received, and what it answered. */
export interface RecordedRequest {
  route: Route;
  method: string;
  /** Decoded path. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, for Twirp requests. */
  json?: unknown;
  response: { status: number; headers: Record<string, string>; body: string };
}

/** A canned answer that replaces the normal one. */
export interface CannedReply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is; a Buffer as bytes. */
  body?: unknown;
}

/** A blob behind signed URLs: an artifact's zip or a cache entry's archive. */
export interface StoredBlob {
  /** Path of the blob the signed URLs point to. */
  blobPath: string;
  /** The URL a writer got: Put Block, Put Block List and Put Blob need its `sig`. */
  signedUploadUrl: string;
  /** The URL a reader got, if any: Get Blob needs its `sig`. */
  signedDownloadUrl?: string;
  /** Staged, not yet committed blocks by block id. */
  uncommitted: Map<string, Buffer>;
  /** Committed block ids in blob order, and their bytes. */
  committed: Array<{ id: string; data: Buffer }>;
  /** The committed blob, once a block list (or a whole blob) was put. */
  blob?: Buffer;
  blobContentType?: string;
  /** Set once the owner committed the blob (FinalizeArtifact, FinalizeCacheEntryUpload): it can no longer be written. */
  finalized?: object;
}

/** An artifact as the stand-in keeps it. */
export interface StoredArtifact extends StoredBlob {
  id: number;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  name: string;
  version: number;
  mimeType?: string;
  expiresAt?: string;
  finalized?: { size: string; hash?: string };
}

export const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * An unsigned JWT (`alg: none`): `base64url(header).base64url(payload).`.
 * The artifact client only decodes the payload (jwt-decode, no verification).
 */
export function unsignedJwt(payload: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ typ: 'JWT', alg: 'none' }))}.${base64url(JSON.stringify(payload))}.`;
}

/** A Twirp error reply with the status its code maps to. */
export function twirpError(code: string, msg: string, meta?: Record<string, string>): CannedReply {
  const status = TWIRP_STATUS[code];
  if (!status) throw new Error(`unknown Twirp error code ${code}`);
  return { status, body: { code, msg, ...(meta ? { meta } : {}) } satisfies TwirpErrorJson };
}

/** An Azure Storage error reply: XML body and `x-ms-error-code`, as the blob service sends. */
export function azureError(status: number, code: string, message: string): CannedReply {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-request-id': requestId, 'x-ms-version': '2025-11-05' },
    body: `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`,
  };
}

export type FieldKind = 'string' | 'string[]' | 'int32' | 'int64' | 'timestamp';

/**
 * Checks a Twirp JSON body against a message's fields (proto names): an
 * object with no other fields, each of the JSON type proto3 gives its kind.
 * Returns what is wrong, or undefined. Stricter than a Twirp server (which
 * may discard unknown fields) so that a renamed field fails loudly.
 */
export function checkFields(json: unknown, fields: Record<string, FieldKind>): string | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'the request body is not a JSON object';
  for (const [name, value] of Object.entries(json)) {
    const kind = fields[name];
    if (!kind) return `unknown field "${name}"`;
    const ok =
      kind === 'string'
        ? typeof value === 'string'
        : kind === 'string[]'
          ? Array.isArray(value) && value.every((v) => typeof v === 'string')
          : kind === 'int32'
            ? Number.isInteger(value)
            : kind === 'int64'
              ? (typeof value === 'string' && /^-?\d+$/.test(value)) || Number.isInteger(value)
              : typeof value === 'string' && !Number.isNaN(Date.parse(value));
    if (!ok) return `field "${name}" is not a valid ${kind}: ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** A SAS-style signed URL of `blobPath` on `baseUrl`, valid six hours, with permissions `sp` (`cw` write, `r` read). */
export function signBlobUrl(baseUrl: string, blobPath: string, sp: string): string {
  const expiry = new Date(Date.now() + 6 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return `${baseUrl}${blobPath}?${new URLSearchParams({ sv: '2025-11-05', se: expiry, sr: 'b', sp, sig: randomBytes(32).toString('base64') })}`;
}

/** True when `url` carries the signature and expiry of `issued`. */
const signedLike = (url: URL, issued: string | undefined): boolean => {
  if (!issued) return false;
  const params = new URL(issued).searchParams;
  return url.searchParams.get('sig') === params.get('sig') && url.searchParams.get('se') === params.get('se');
};

/** The route of a blob request: which Azure Blob operation it is. */
export function blobRoute(method: string, comp: string | null): Route {
  if (method === 'GET') return comp === null ? 'blob-get' : 'blob';
  if (method !== 'PUT') return 'blob';
  return comp === 'block' ? 'blob-block' : comp === 'blocklist' ? 'blob-blocklist' : comp === null ? 'blob-put' : 'blob';
}

/**
 * How Azure Blob Storage answers `record` (at `url`) on `target`: Get Blob
 * with the download URL's signature; Put Block, Put Block List and Put Blob
 * with the upload URL's, until the owner finalized the blob. Errors carry
 * Azure's XML body and `x-ms-error-code`. `canned` replaces a signed
 * request's normal answer.
 */
export function answerBlob(target: StoredBlob, record: RecordedRequest, url: URL, canned?: () => CannedReply | undefined): CannedReply {
  const reading = record.method === 'GET' || record.method === 'HEAD';
  if (!signedLike(url, reading ? target.signedDownloadUrl : target.signedUploadUrl))
    return azureError(
      403,
      'AuthenticationFailed',
      'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
    );
  const reply = canned?.();
  if (reply) return reply;
  const common = {
    server: 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0',
    'x-ms-request-id': randomUUID(),
    'x-ms-version': String(record.headers['x-ms-version'] ?? '2025-11-05'),
    ...(record.headers['x-ms-client-request-id'] ? { 'x-ms-client-request-id': String(record.headers['x-ms-client-request-id']) } : {}),
  };
  if (reading) {
    if (!target.blob || !target.finalized) return azureError(404, 'BlobNotFound', 'The specified blob does not exist.');
    const headers = { ...common, 'content-type': target.blobContentType ?? 'application/octet-stream', 'content-length': String(target.blob.length) };
    return { status: 200, headers, body: record.method === 'GET' ? target.blob : Buffer.alloc(0) };
  }
  if (target.finalized) return azureError(409, 'BlobImmutableDueToPolicy', 'This operation is not permitted as the blob is immutable due to a policy.');
  if (record.method !== 'PUT') return azureError(405, 'UnsupportedHttpVerb', `The resource doesn't support the specified HTTP verb.`);
  if (record.headers['x-ms-structured-body'])
    return azureError(
      400,
      'UnsupportedHeader',
      'One of the HTTP headers specified in the request is not supported (this stand-in does not decode structured message bodies).',
    );
  if (Number(record.headers['content-length'] ?? NaN) !== record.body.length)
    return azureError(400, 'InvalidHeaderValue', 'The value for one of the HTTP headers is not in the correct format (Content-Length).');
  return writeBlob(target, record, url, { ...common, 'x-ms-request-server-encrypted': 'true', 'content-length': '0' });
}

/** Put Block, Put Block List or Put Blob on `target`, answered 201 with the headers Azure sends. */
function writeBlob(target: StoredBlob, record: RecordedRequest, url: URL, common: Record<string, string>): CannedReply {
  const comp = url.searchParams.get('comp');
  /** Headers of a response that wrote the blob: a fresh ETag and the time. */
  const written = () => ({ ...common, etag: `"0x8DD${randomBytes(6).toString('hex').toUpperCase()}"`, 'last-modified': new Date().toUTCString() });
  const md5 = (data: Buffer) => createHash('md5').update(data).digest('base64');
  if (comp === 'block') {
    const id = url.searchParams.get('blockid');
    if (!id || Buffer.from(id, 'base64').length > 64 || Buffer.from(id, 'base64').toString('base64') !== id)
      return azureError(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid (blockid).');
    const lengths = new Set([...target.uncommitted.keys()].map((k) => k.length));
    if (lengths.size && !lengths.has(id.length))
      return azureError(400, 'InvalidBlobOrBlock', 'The specified blob or block content is invalid (block ids of a blob must have the same length).');
    target.uncommitted.set(id, record.body);
    return { status: 201, headers: { ...common, 'content-md5': md5(record.body) } };
  }
  if (comp === 'blocklist') {
    const xml = record.body.toString('utf8');
    if (!/^(<\?xml[^>]*\?>)?\s*<BlockList>[\s\S]*<\/BlockList>\s*$/.test(xml))
      return azureError(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.');
    const blocks: Array<{ id: string; data: Buffer }> = [];
    for (const [, kind, id] of xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)) {
      const staged = kind !== 'Committed' ? target.uncommitted.get(id!) : undefined;
      const data = staged ?? (kind !== 'Uncommitted' ? target.committed.find((b) => b.id === id)?.data : undefined);
      if (!data) return azureError(400, 'InvalidBlockList', 'The specified block list is invalid.');
      blocks.push({ id: id!, data });
    }
    target.committed = blocks;
    target.uncommitted.clear();
    target.blob = Buffer.concat(blocks.map((b) => b.data));
    target.blobContentType = record.headers['x-ms-blob-content-type'] as string | undefined;
    return { status: 201, headers: { ...written(), 'x-ms-version-id': new Date().toISOString() } };
  }
  if (comp === null && record.headers['x-ms-blob-type'] === 'BlockBlob') {
    target.blob = record.body;
    target.committed = [];
    target.uncommitted.clear();
    target.blobContentType = record.headers['x-ms-blob-content-type'] as string | undefined;
    return { status: 201, headers: { ...written(), 'content-md5': md5(record.body) } };
  }
  return azureError(
    400,
    'InvalidQueryParameterValue',
    `Value for one of the query parameters specified in the request URI is invalid (comp=${comp}; this stand-in implements Put Block, Put Block List and Put Blob).`,
  );
}
