import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionsCacheService, CACHE_SERVICE } from './actions-cache-service.js';
import {
  type CreateArtifactRequestJson,
  type CreateArtifactResponseJson,
  type FinalizeArtifactRequestJson,
  type FinalizeArtifactResponseJson,
  ARTIFACT_SERVICE,
  type Route,
  type RecordedRequest,
  type CannedReply,
  type StoredArtifact,
  unsignedJwt,
  twirpError,
  azureError,
  checkFields,
  answerBlob,
  blobRoute,
  signBlobUrl,
  type TwirpMethod,
} from './actions-results-wire.js';

export * from './actions-cache-service.js';
export * from './actions-results-wire.js';

/** The methods served, by Twirp service. */
const TWIRP_METHODS = new Map<string, string[]>([
  [ARTIFACT_SERVICE, ['CreateArtifact', 'FinalizeArtifact']],
  [CACHE_SERVICE, ['CreateCacheEntry', 'FinalizeCacheEntryUpload', 'GetCacheEntryDownloadURL']],
]);

/** What {@link ActionsResultsServer.queue} can replace the answer of. */
export type QueueRoute = TwirpMethod | 'blob';

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A local stand-in for the GitHub Actions results service as
 * `@actions/artifact` 6 uploads to it, on 127.0.0.1 and an ephemeral port:
 *
 * - Twirp JSON `POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact`
 *   and `…/FinalizeArtifact`, authenticated with the runtime token
 *   ({@link runtimeToken}, an unsigned JWT whose `scp` claim carries
 *   `Actions.Results:<workflow run backend id>:<job run backend id>`).
 *   Requests are checked as the real service would (field names and types,
 *   backend ids matching the token, one artifact name per run, finalize only
 *   after the blob was committed, with its real size and sha256); failures
 *   are Twirp errors (`{ code, msg }` with the code's HTTP status).
 * - The cache service v2 the same way: `…/github.actions.results.api.v1.CacheService/CreateCacheEntry`,
 *   `…/FinalizeCacheEntryUpload` and `…/GetCacheEntryDownloadURL`
 *   ({@link ActionsCacheService}, entries in {@link cache}). Other methods
 *   answer `bad_route`.
 * - Azure Blob Storage at the `signed_upload_url` it hands out (plain
 *   `http://127.0.0.1`, a SAS-style query with `sig`): Put Block
 *   (`PUT ?comp=block&blockid=…`), Put Block List (`PUT ?comp=blocklist`, XML)
 *   and Put Blob, answered 201 with the headers Azure sends, and Get Blob
 *   at a cache entry's `signed_download_url`; a bad or
 *   missing `sig` is 403 AuthenticationFailed, unknown block ids 400
 *   InvalidBlockList, all with Azure's XML error body.
 *
 * Every request is recorded with the answer it got. Replies queued with
 * {@link queue} replace the normal answer of the next matching requests.
 * Every answer is immediate.
 */
export class ActionsResultsServer {
  readonly requests: RecordedRequest[] = [];
  /** Artifacts by `<workflow run backend id>/<name>`. */
  readonly artifacts = new Map<string, StoredArtifact>();
  /** The cache service's entries. */
  readonly cache: ActionsCacheService;
  /** The runtime token to hand to the action as ACTIONS_RUNTIME_TOKEN. */
  readonly runtimeToken: string;
  private readonly replies: Array<{ route: QueueRoute; reply: CannedReply }> = [];
  private nextId = 1000;

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>`. */
    readonly baseUrl: string,
    readonly workflowRunBackendId: string,
    readonly workflowJobRunBackendId: string,
  ) {
    this.cache = new ActionsCacheService(baseUrl);
    const now = Math.floor(Date.now() / 1000);
    this.runtimeToken = unsignedJwt({
      nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
      scp: `Actions.ExampleScope Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.UploadArtifacts:00000000-0000-0000-0000-000000000000:${workflowJobRunBackendId} Actions.Results:${workflowRunBackendId}:${workflowJobRunBackendId}`,
      iss: 'vstoken.actions.githubusercontent.com',
      aud: 'vso:00000000-0000-0000-0000-000000000000',
      nbf: now - 60,
      exp: now + 3600,
    });
  }

  /** Starts a server on 127.0.0.1 and an ephemeral port. */
  static async start(ids: { workflowRunBackendId?: string; workflowJobRunBackendId?: string } = {}): Promise<ActionsResultsServer> {
    const server = createServer((req, res) => {
      void instance.handle(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, headers);
          res.end(body);
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`stand-in crashed: ${error.stack}`);
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const instance = new ActionsResultsServer(
      server,
      `http://127.0.0.1:${port}`,
      ids.workflowRunBackendId ?? randomUUID(),
      ids.workflowJobRunBackendId ?? randomUUID(),
    );
    return instance;
  }

  /** ACTIONS_RESULTS_URL, with the trailing slash the runner gives it. */
  get resultsUrl(): string {
    return `${this.baseUrl}/`;
  }

  /** The Twirp requests and blob requests of one route, in order. */
  requestsTo(route: Route): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Answers the next `times` requests of `route` with `reply` instead of the normal answer. */
  queue(route: QueueRoute, reply: CannedReply, times = 1): void {
    for (let i = 0; i < times; i++) this.replies.push({ route, reply });
  }

  /** Forgets requests, queued replies, artifacts and cache entries. */
  reset(): void {
    this.requests.length = 0;
    this.replies.length = 0;
    this.artifacts.clear();
    this.cache.reset();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: string | Buffer }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.baseUrl);
    const record: RecordedRequest = {
      route: 'unknown',
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      response: { status: 0, headers: {}, body: '' },
    };
    this.requests.push(record);

    let reply: Reply;
    if (url.pathname.startsWith('/twirp/')) reply = this.twirp(record, url.pathname);
    else reply = this.blob(record, url);

    const headers: Record<string, string> = { date: new Date().toUTCString(), ...reply.headers };
    if (Buffer.isBuffer(reply.body)) {
      record.response = { status: reply.status, headers, body: `<${reply.body.length} bytes>` };
      return { status: reply.status, headers, body: reply.body };
    }
    let text = '';
    if (typeof reply.body === 'string') text = reply.body;
    else if (reply.body !== undefined) {
      text = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json';
    }
    record.response = { status: reply.status, headers, body: text };
    return { status: reply.status, headers, body: text };
  }

  private canned(route: QueueRoute): CannedReply | undefined {
    const at = this.replies.findIndex((r) => r.route === route);
    return at < 0 ? undefined : this.replies.splice(at, 1)[0]!.reply;
  }

  // ---- Twirp -------------------------------------------------------------

  private twirp(record: RecordedRequest, pathname: string): Reply {
    const m = /^\/twirp\/([^/]+)\/([^/]+)$/.exec(pathname);
    const method = m?.[2] ?? '';
    record.route = TWIRP_METHODS.get(m?.[1] ?? '')?.includes(method) ? (method as TwirpMethod) : 'twirp';
    if (record.method !== 'POST') return twirpError('bad_route', `unsupported method ${record.method} (only POST is allowed)`);
    const contentType = String(record.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (contentType !== 'application/json') return twirpError('bad_route', `unexpected Content-Type: "${contentType}" (this stand-in speaks Twirp JSON only)`);
    if (record.route === 'twirp') return twirpError('bad_route', `no handler for path "${pathname}"`);
    try {
      record.json = JSON.parse(record.body.toString('utf8'));
    } catch {
      return twirpError('malformed', `the json request could not be decoded`);
    }
    if (record.headers.authorization !== `Bearer ${this.runtimeToken}`) return twirpError('unauthenticated', 'invalid or missing runtime token');
    const canned = this.canned(record.route as TwirpMethod);
    if (canned) return canned;
    if (record.route === 'CreateArtifact') return this.createArtifact(record.json);
    if (record.route === 'FinalizeArtifact') return this.finalizeArtifact(record.json);
    return this.cache.answer(record.route, record.json);
  }

  private createArtifact(json: unknown): Reply {
    const problem = checkFields(json, {
      workflow_run_backend_id: 'string',
      workflow_job_run_backend_id: 'string',
      name: 'string',
      expires_at: 'timestamp',
      version: 'int32',
      mime_type: 'string',
    });
    if (problem) return twirpError('malformed', problem);
    const req = json as CreateArtifactRequestJson;
    const ids = this.checkIds(req);
    if (ids) return ids;
    if (!req.name) return twirpError('invalid_argument', 'name is required', { argument: 'name' });
    const key = `${req.workflow_run_backend_id}/${req.name}`;
    const existing = this.artifacts.get(key);
    if (existing?.finalized) return twirpError('already_exists', `an artifact with this name already exists on the workflow run`);
    const blobPath = `/actions-results/${req.workflow_run_backend_id}/workflow-job-run-${req.workflow_job_run_backend_id}/artifacts/${createHash('sha256').update(key).digest('hex')}.zip`;
    const artifact: StoredArtifact = {
      id: existing?.id ?? this.nextId++,
      workflowRunBackendId: req.workflow_run_backend_id!,
      workflowJobRunBackendId: req.workflow_job_run_backend_id!,
      name: req.name,
      version: req.version ?? 0,
      mimeType: req.mime_type,
      expiresAt: req.expires_at,
      blobPath,
      signedUploadUrl: signBlobUrl(this.baseUrl, blobPath, 'racwt'),
      uncommitted: new Map(),
      committed: [],
    };
    this.artifacts.set(key, artifact);
    return { status: 200, body: { ok: true, signed_upload_url: artifact.signedUploadUrl } satisfies CreateArtifactResponseJson };
  }

  private finalizeArtifact(json: unknown): Reply {
    const problem = checkFields(json, {
      workflow_run_backend_id: 'string',
      workflow_job_run_backend_id: 'string',
      name: 'string',
      size: 'int64',
      hash: 'string',
    });
    if (problem) return twirpError('malformed', problem);
    const req = json as FinalizeArtifactRequestJson;
    const ids = this.checkIds(req);
    if (ids) return ids;
    const artifact = this.artifacts.get(`${req.workflow_run_backend_id}/${req.name ?? ''}`);
    if (!artifact) return twirpError('not_found', `artifact "${req.name ?? ''}" was not created`);
    if (artifact.finalized) return twirpError('already_exists', `artifact "${artifact.name}" is already finalized`);
    if (!artifact.blob) return twirpError('failed_precondition', `nothing was uploaded for artifact "${artifact.name}"`);
    const size = String(req.size ?? '0');
    if (size !== String(artifact.blob.length))
      return twirpError('invalid_argument', `size ${size} does not match the uploaded blob (${artifact.blob.length} bytes)`, { argument: 'size' });
    if (req.hash !== undefined && req.hash !== `sha256:${createHash('sha256').update(artifact.blob).digest('hex')}`)
      return twirpError('invalid_argument', `hash ${req.hash} does not match the uploaded blob`, { argument: 'hash' });
    artifact.finalized = { size, ...(req.hash !== undefined ? { hash: req.hash } : {}) };
    return { status: 200, body: { ok: true, artifact_id: String(artifact.id) } satisfies FinalizeArtifactResponseJson };
  }

  private checkIds(req: { workflow_run_backend_id?: string; workflow_job_run_backend_id?: string }): Reply | undefined {
    if (req.workflow_run_backend_id !== this.workflowRunBackendId || req.workflow_job_run_backend_id !== this.workflowJobRunBackendId)
      return twirpError('permission_denied', 'the backend ids do not match the runtime token');
    return undefined;
  }

  // ---- Azure Blob Storage ------------------------------------------------

  private blob(record: RecordedRequest, url: URL): Reply {
    record.route = blobRoute(record.method, url.searchParams.get('comp'));
    const target = [...this.artifacts.values()].find((a) => a.blobPath === url.pathname) ?? this.cache.blobAt(url.pathname);
    if (!target) {
      record.route = 'unknown';
      return azureError(404, 'ResourceNotFound', 'The specified resource does not exist.');
    }
    return answerBlob(target, record, url, () => this.canned('blob'));
  }
}
