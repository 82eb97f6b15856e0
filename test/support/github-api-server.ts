import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitHubShapes } from './github-api-shapes.js';
import { GitHubDeploymentStore, type StandInDeployment, type StandInDeploymentSeed } from './github-deployment-store.js';
import { errorReply, gitDataRoute, GitObjectStore } from './github-git-store.js';

/** One request the stand-in received. */
export interface RecordedRequest {
  method: string;
  /** Decoded path, e.g. `/repos/acme/personas/contents/team/a.yml`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The request body as text; empty for GET. */
  body: string;
  /** The status answered (set once the answer is known). */
  status?: number;
  /** The JSON body answered, if any (raw answers and canned replies included). */
  reply?: unknown;
}

/** A canned answer that replaces the normal one. */
export interface CannedReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as is instead of `body` (a raw media-type answer). */
  raw?: Uint8Array;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** Never answer (the connection stays open until the client gives up or the server closes). */
  hang?: boolean;
  /** Carry the request out first, then answer with this reply instead (a write that landed but whose answer was lost). */
  applyFirst?: boolean;
  /** Only for a request like this one (the first queued reply that matches is used); default any request. */
  match?: (request: RecordedRequest) => boolean;
}

/** What {@link GitHubApiServer.setRepoInfo} sets: visibility, default branch, and which tokens may see a private repository. */
export interface RepoInfo {
  private: boolean;
  defaultBranch: string;
  /** Tokens granted access to a private repository; any other token (or none) gets 404 for everything in it. */
  tokens: string[];
}

/** One `repository_dispatch` or `workflow_dispatch` the stand-in accepted. */
export interface RecordedDispatch {
  repo: string;
  kind: 'repository_dispatch' | 'workflow_dispatch';
  /** `event_type`, or the workflow id or file name. */
  name: string;
  /** `client_payload`, or `{ ref, inputs }`. */
  payload: unknown;
}

type Reply = Required<Pick<CannedReply, 'status'>> & CannedReply;
interface Call {
  method: string;
  owner: string;
  repo: string;
  /** The path after `/repos/{owner}/{repo}`. */
  rest: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** The media type that asks the contents API for a file's bytes. */
const RAW = /^application\/vnd\.github(?:\.v3)?\.raw/i;
const notFound = (message = 'Not Found'): Reply => errorReply(404, message);
const unprocessable = (message: string): Reply => errorReply(422, message);

/**
 * A local stand-in for GitHub's REST API on 127.0.0.1 with a random port.
 * Contents: the files given to {@link setRepo} are served on every ref (the
 * library tests); a repository's branches ({@link git}, or written through
 * the API) are served per `?ref=`, in GitHub's JSON shapes or, with
 * `Accept: application/vnd.github.raw+json`, as bytes; `If-None-Match` gets
 * 304. Writes: contents PUT with the blob `sha` as compare-and-swap (a stale
 * sha 409, a missing one 422, as GitHub answers), the Git Data API (blobs,
 * trees, commits, refs; an existing ref 422), commit lists, and
 * `repository_dispatch` / `workflow_dispatch` (recorded in
 * {@link dispatches}), and the Deployments API ({@link deployments}). A private repository ({@link setRepoInfo}) answers
 * 404 to a token not granted. Canned replies queued with {@link queue} come
 * first, whatever the route. Every request is recorded with its body, and
 * {@link maxInFlight} tracks concurrency.
 */
export class GitHubApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly dispatches: RecordedDispatch[] = [];
  /** Commit statuses set with `POST /repos/{owner}/{repo}/statuses/{sha}`. */
  readonly statuses: Array<{ repo: string; sha: string; state: string; context: string; description: string }> = [];
  /** The most requests that were being answered at one time since the last {@link reset}. */
  maxInFlight = 0;
  /** Deployments and their statuses (github-deployment-store.ts): seed, inspect, set its clock. */
  readonly deployments = new GitHubDeploymentStore();
  private inFlight = 0;
  private readonly repos = new Map<string, Map<string, Uint8Array>>();
  private readonly stores = new Map<string, GitObjectStore>();
  private readonly infos = new Map<string, RepoInfo>();
  private readonly replies: CannedReply[] = [];

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  /** Starts a server on 127.0.0.1 and an ephemeral port. */
  static async start(): Promise<GitHubApiServer> {
    // `instance` is assigned before the server can receive a request.
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        instance.maxInFlight = Math.max(instance.maxInFlight, ++instance.inFlight);
        void instance.handle(req.method ?? 'GET', req.url ?? '/', req.headers, text).then(({ status, headers, body, raw }) => {
          instance.inFlight--;
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
          res.end(raw ?? (body === undefined ? undefined : JSON.stringify(body)));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const instance = new GitHubApiServer(server, `http://127.0.0.1:${port}`);
    return instance;
  }

  /** Forgets requests, queued replies, dispatches, repositories and deployments. */
  reset(): void {
    this.requests.length = 0;
    this.replies.length = 0;
    this.dispatches.length = 0;
    this.statuses.length = 0;
    this.maxInFlight = 0;
    this.inFlight = 0;
    this.repos.clear();
    this.stores.clear();
    this.infos.clear();
    this.deployments.clear();
  }

  /** Adds a deployment of `owner/repo` (which then exists) with its statuses, oldest first; returns its id. */
  seedDeployment(owner: string, repo: string, seed: StandInDeploymentSeed): number {
    return this.deployments.seed(`${owner}/${repo}`, seed);
  }

  /** The deployments of `owner/repo`, newest first, each with its statuses oldest first. */
  deploymentsOf(owner: string, repo: string): StandInDeployment[] {
    return this.deployments.of(`${owner}/${repo}`);
  }

  /** Replaces the files of `owner/repo`: repository path → text (served as UTF-8) or raw bytes. Every ref sees the same files. */
  setRepo(owner: string, repo: string, files: Record<string, string | Uint8Array>): void {
    this.repos.set(
      `${owner}/${repo}`,
      new Map(Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? Buffer.from(content, 'utf8') : content])),
    );
  }

  /** Declares `owner/repo` (so it exists even without files) with its visibility, default branch (`main`) and granted tokens. */
  setRepoInfo(owner: string, repo: string, info: Partial<RepoInfo> = {}): void {
    this.infos.set(`${owner}/${repo}`, { private: false, defaultBranch: 'main', tokens: [], ...info });
  }

  /** The branches, commits and objects of `owner/repo` (created empty on first use): seed or inspect them. */
  git(owner: string, repo: string): GitObjectStore {
    const key = `${owner}/${repo}`;
    let store = this.stores.get(key);
    if (!store) this.stores.set(key, (store = new GitObjectStore()));
    return store;
  }

  /** Answers the next `times` requests (that `reply.match`, if given) with `reply` instead of the normal answer. */
  queue(reply: CannedReply, times = 1): void {
    for (let i = 0; i < times; i++) this.replies.push(reply);
  }

  /** The JSON the contents API gives for `path` of `owner/repo` at `ref`, or undefined when it does not exist. */
  contents(owner: string, repo: string, path: string, ref?: string): unknown {
    const files = this.filesAt(owner, repo, ref);
    return files && this.shapesOf(owner, repo).contents(files, path, ref);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  /** The files at `ref`: the branch's when it exists, else those of {@link setRepo}; the default branch when `ref` is absent. */
  private filesAt(owner: string, repo: string, ref?: string): Map<string, Uint8Array> | undefined {
    const key = `${owner}/${repo}`;
    const branch = ref ?? this.infos.get(key)?.defaultBranch ?? 'main';
    return this.stores.get(key)?.files(branch) ?? this.repos.get(key);
  }

  private async handle(method: string, rawUrl: string, headers: IncomingHttpHeaders, requestBody: string): Promise<Reply> {
    const url = new URL(rawUrl, this.baseUrl);
    const path = decodeURIComponent(url.pathname);
    const recorded: RecordedRequest = { method, path, query: Object.fromEntries(url.searchParams), headers, body: requestBody };
    this.requests.push(recorded);
    const index = this.replies.findIndex((reply) => !reply.match || reply.match(recorded));
    const canned = index < 0 ? undefined : this.replies.splice(index, 1)[0];
    if (canned?.applyFirst) this.answer(method, url, path, headers, requestBody);
    const reply = canned ? await this.cannedReply(canned) : this.answer(method, url, path, headers, requestBody);
    recorded.status = reply.status;
    recorded.reply = reply.raw ? undefined : reply.body;
    return reply;
  }

  private async cannedReply(canned: CannedReply): Promise<Reply> {
    if (canned.hang) await new Promise<never>(() => {});
    if (canned.delayMs) await new Promise((resolve) => setTimeout(resolve, canned.delayMs));
    return { ...canned, body: canned.body ?? (canned.status >= 400 ? { message: `canned ${canned.status}`, status: String(canned.status) } : undefined) };
  }

  private answer(method: string, url: URL, path: string, headers: IncomingHttpHeaders, requestBody: string): Reply {
    const match = /^(?:\/api\/v3)?\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    if (!match) return notFound();
    const [, owner, repo, rest = ''] = match as unknown as [string, string, string, string | undefined];
    if (!this.visible(`${owner}/${repo}`, headers.authorization)) return notFound();
    let body: Record<string, unknown> = {};
    if (requestBody) {
      try {
        body = JSON.parse(requestBody) as Record<string, unknown>;
      } catch {
        return { status: 400, body: { message: 'Problems parsing JSON', status: '400' } };
      }
    }
    return this.route({ method, owner, repo, rest, url, headers, body });
  }

  /** Whether the repository exists and the request's token may see it. */
  private visible(key: string, authorization: string | undefined): boolean {
    const info = this.infos.get(key);
    if (!info) return this.repos.has(key) || this.stores.has(key) || this.deployments.has(key);
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(authorization ?? '')?.[1];
    return !info.private || (token !== undefined && info.tokens.includes(token));
  }

  private route(call: Call): Reply {
    const { method, rest } = call;
    if (method === 'GET' && rest === '') return this.repository(call);
    if (rest === '/contents' || rest.startsWith('/contents/')) {
      const file = rest.slice('/contents/'.length).replace(/\/$/, '');
      if (method === 'GET') return this.getContents(call, file);
      if (method === 'PUT') return this.putContents(call, file);
    }
    const defaultBranch = this.infos.get(`${call.owner}/${call.repo}`)?.defaultBranch ?? 'main';
    const git = gitDataRoute(method, rest, {
      store: this.git(call.owner, call.repo),
      shapes: this.shapesOf(call.owner, call.repo),
      body: call.body,
      query: call.url.searchParams,
      defaultBranch,
    });
    if (git) return git;
    if (method === 'POST' && rest === '/dispatches') return this.dispatch(call, 'repository_dispatch', call.body.event_type, call.body.client_payload);
    const status = /^\/statuses\/([0-9a-f]{40})$/.exec(rest);
    if (method === 'POST' && status) return this.commitStatus(call, status[1]!);
    const workflow = /^\/actions\/workflows\/([^/]+)\/dispatches$/.exec(rest);
    if (method === 'POST' && workflow) return this.dispatch(call, 'workflow_dispatch', workflow[1], { ref: call.body.ref, inputs: call.body.inputs });
    const branchHead = (branch: string) => this.stores.get(`${call.owner}/${call.repo}`)?.head(branch);
    return this.deployments.route(method, rest, { ...call, shapes: this.shapesOf(call.owner, call.repo), branchHead }) ?? notFound();
  }

  private shapesOf(owner: string, repo: string): GitHubShapes {
    return new GitHubShapes(this.baseUrl, owner, repo);
  }

  private repository(call: Call): Reply {
    const info = this.infos.get(`${call.owner}/${call.repo}`) ?? { private: false, defaultBranch: 'main', tokens: [] };
    return { status: 200, body: this.shapesOf(call.owner, call.repo).repository(info) };
  }

  private getContents(call: Call, file: string): Reply {
    const { owner, repo, url, headers } = call;
    const ref = url.searchParams.get('ref') ?? undefined;
    const found = this.contents(owner, repo, file, ref);
    if (found === undefined) return notFound();
    const raw = RAW.test(headers.accept ?? '') && !Array.isArray(found) ? this.filesAt(owner, repo, ref)!.get(file)! : undefined;
    const text = raw ?? Buffer.from(JSON.stringify(found));
    const etag = `W/"${createHash('sha256')
      .update(`${raw ? 'raw' : 'json'}:`)
      .update(text)
      .digest('hex')}"`;
    if (headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
    if (raw) return { status: 200, headers: { etag, 'content-type': 'application/vnd.github.raw+json; charset=utf-8' }, raw };
    return { status: 200, headers: { etag }, body: found };
  }

  /** Create or update a file: the blob `sha` is the compare-and-swap (GitHub: a stale sha is 409, none for an existing file 422). */
  private putContents(call: Call, file: string): Reply {
    const { message, content, sha, branch: asked } = call.body;
    if (typeof message !== 'string' || typeof content !== 'string') return unprocessable('Invalid request.\n\n"message" and "content" are required.');
    const store = this.git(call.owner, call.repo);
    const branch = typeof asked === 'string' ? asked : (this.infos.get(`${call.owner}/${call.repo}`)?.defaultBranch ?? 'main');
    if (store.head(branch) === undefined) return notFound(`Branch ${branch} not found`);
    const current = store.fileSha(branch, file);
    if (current !== undefined && sha === undefined) return unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.');
    if (current !== undefined && sha !== current) return { status: 409, body: { message: `${file} does not match ${String(sha)}`, status: '409' } };
    const commit = store.commitFiles(branch, { [file]: Buffer.from(content, 'base64') }, message);
    const entry = this.shapesOf(call.owner, call.repo).entry(file, 'file', store.files(branch)!.get(file)!, branch);
    return { status: current === undefined ? 201 : 200, body: { content: entry, commit: this.shapesOf(call.owner, call.repo).gitCommit(commit) } };
  }

  private commitStatus(call: Call, sha: string): Reply {
    const { state, context, description } = call.body;
    if (typeof state !== 'string' || !['error', 'failure', 'pending', 'success'].includes(state))
      return unprocessable('Invalid request.\n\n"state" is invalid.');
    const entry = {
      repo: `${call.owner}/${call.repo}`,
      sha,
      state,
      context: typeof context === 'string' ? context : 'default',
      description: String(description ?? ''),
    };
    this.statuses.push(entry);
    const body = { state, context: entry.context, ...(typeof description === 'string' ? { description } : {}) };
    return { status: 201, body: this.shapesOf(call.owner, call.repo).status(this.statuses.length, body) };
  }

  private dispatch(call: Call, kind: RecordedDispatch['kind'], name: unknown, payload: unknown): Reply {
    if (typeof name !== 'string' || !name) return unprocessable("Invalid request.\n\nFor 'links/0/schema', nil is not a string.");
    if (kind === 'workflow_dispatch' && typeof call.body.ref !== 'string') return unprocessable('Invalid request.\n\n"ref" wasn\'t supplied.');
    this.dispatches.push({ repo: `${call.owner}/${call.repo}`, kind, name, payload });
    return { status: 204 };
  }
}

/**
 * Starts one stand-in for the test file (jest hooks) and, before each test,
 * resets it to hold `repos` (`owner/repo` → files). Returns a getter.
 */
export function useGitHubApiServer(repos: Record<string, Record<string, string>>): () => GitHubApiServer {
  let server: GitHubApiServer | undefined;
  beforeAll(async () => {
    server = await GitHubApiServer.start();
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    server!.reset();
    for (const [name, files] of Object.entries(repos)) {
      const [owner, repo] = name.split('/') as [string, string];
      server!.setRepo(owner, repo, files);
    }
  });
  return () => server!;
}
