import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/*
 * Wire shapes (split from actions-results-server.ts) of the Twirp JSON the artifact client exchanges with the
 * results service. @actions/artifact 6 serialises its protobuf-ts messages
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

/** What a request was, as the stand-in understood it. */
export type Route = 'CreateArtifact' | 'FinalizeArtifact' | 'twirp' | 'blob-block' | 'blob-blocklist' | 'blob-put' | 'blob' | 'unknown';

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
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
}

/** An artifact as the stand-in keeps it. */
export interface StoredArtifact {
  id: number;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  name: string;
  version: number;
  mimeType?: string;
  expiresAt?: string;
  /** Path of the blob the signed upload URL points to. */
  blobPath: string;
  signedUploadUrl: string;
  /** Staged, not yet committed blocks by block id. */
  uncommitted: Map<string, Buffer>;
  /** Committed block ids in blob order, and their bytes. */
  committed: Array<{ id: string; data: Buffer }>;
  /** The committed blob, once a block list (or a whole blob) was put. */
  blob?: Buffer;
  blobContentType?: string;
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

export type FieldKind = 'string' | 'int32' | 'int64' | 'timestamp';

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
        : kind === 'int32'
          ? Number.isInteger(value)
          : kind === 'int64'
            ? (typeof value === 'string' && /^-?\d+$/.test(value)) || Number.isInteger(value)
            : typeof value === 'string' && !Number.isNaN(Date.parse(value));
    if (!ok) return `field "${name}" is not a valid ${kind}: ${JSON.stringify(value)}`;
  }
  return undefined;
}
