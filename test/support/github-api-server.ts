import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in received. */
export interface RecordedRequest {
  method: string;
  /** Decoded path, e.g. `/repos/acme/personas/contents/team/a.yml`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The request body as text; empty for GET. */
  body: string;
}

/** A canned answer that replaces the normal one. */
export interface CannedReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** Never answer (the connection stays open until the client gives up or the server closes). */
  hang?: boolean;
}

/**
 * A local stand-in for GitHub's REST contents API
 * (`GET /repos/{owner}/{repo}/contents/{path}`) on 127.0.0.1 with a random
 * port. It serves the files given to {@link setRepo} in GitHub's JSON shapes
 * (a folder is an array of entries; a file is an object with base64
 * `content`), answers `If-None-Match` with 304, unknown paths with 404, and
 * canned replies queued with {@link queue} before anything else, whatever
 * the route (so other endpoints can be stood in for too). Every request is
 * recorded with its body, and {@link maxInFlight} tracks concurrency.
 */
export class GitHubApiServer {
  readonly requests: RecordedRequest[] = [];
  /** The most requests that were being answered at one time since the last {@link reset}. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly repos = new Map<string, Map<string, Uint8Array>>();
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
        void instance.handle(req.method ?? 'GET', req.url ?? '/', req.headers, text).then(({ status, headers, body }) => {
          instance.inFlight--;
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const instance = new GitHubApiServer(server, `http://127.0.0.1:${port}`);
    return instance;
  }

  /** Forgets requests, queued replies and repositories. */
  reset(): void {
    this.requests.length = 0;
    this.replies.length = 0;
    this.maxInFlight = 0;
    this.inFlight = 0;
    this.repos.clear();
  }

  /** Replaces the files of `owner/repo`: repository path → text (served as UTF-8) or raw bytes. Every ref sees the same files. */
  setRepo(owner: string, repo: string, files: Record<string, string | Uint8Array>): void {
    this.repos.set(
      `${owner}/${repo}`,
      new Map(Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? Buffer.from(content, 'utf8') : content])),
    );
  }

  /** Answers the next `times` requests with `reply` instead of the contents. */
  queue(reply: CannedReply, times = 1): void {
    for (let i = 0; i < times; i++) this.replies.push(reply);
  }

  /** The JSON the contents API gives for `path` of `owner/repo`, or undefined when it does not exist. */
  contents(owner: string, repo: string, path: string, ref?: string): unknown {
    const files = this.repos.get(`${owner}/${repo}`);
    if (!files) return undefined;
    const bytes = files.get(path);
    if (bytes !== undefined) return { ...this.entry(owner, repo, path, 'file', bytes, ref), encoding: 'base64', content: wrapBase64(bytes) };
    const prefix = path ? `${path}/` : '';
    const children = new Map<string, 'file' | 'dir'>();
    for (const file of files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [name, ...deeper] = file.slice(prefix.length).split('/');
      children.set(name!, deeper.length ? 'dir' : 'file');
    }
    if (!children.size) return undefined;
    return [...children]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, type]) => this.entry(owner, repo, prefix + name, type, type === 'file' ? files.get(prefix + name)! : new Uint8Array(), ref));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  private async handle(
    method: string,
    rawUrl: string,
    headers: IncomingHttpHeaders,
    requestBody: string,
  ): Promise<Required<Pick<CannedReply, 'status'>> & CannedReply> {
    const url = new URL(rawUrl, this.baseUrl);
    const path = decodeURIComponent(url.pathname);
    this.requests.push({ method, path, query: Object.fromEntries(url.searchParams), headers, body: requestBody });
    const canned = this.replies.shift();
    if (canned) {
      if (canned.hang) await new Promise<never>(() => {});
      if (canned.delayMs) await new Promise((resolve) => setTimeout(resolve, canned.delayMs));
      return { ...canned, body: canned.body ?? (canned.status >= 400 ? { message: `canned ${canned.status}`, status: String(canned.status) } : undefined) };
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)\/contents(?:\/(.*))?$/.exec(path);
    const found =
      match && method === 'GET'
        ? this.contents(match[1]!, match[2]!, (match[3] ?? '').replace(/\/$/, ''), url.searchParams.get('ref') ?? undefined)
        : undefined;
    if (found === undefined)
      return {
        status: 404,
        body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content', status: '404' },
      };
    const body = JSON.stringify(found);
    const etag = `W/"${createHash('sha256').update(body).digest('hex')}"`;
    if (headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
    return { status: 200, headers: { etag }, body: found };
  }

  private entry(owner: string, repo: string, path: string, type: 'file' | 'dir', bytes: Uint8Array, ref = 'main'): Record<string, unknown> {
    const sha =
      type === 'file' ? createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex') : createHash('sha1').update(path).digest('hex');
    const api = `${this.baseUrl}/repos/${owner}/${repo}`;
    const self = `${api}/contents/${path}?ref=${ref}`;
    const git = `${api}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
    const html = `https://github.com/${owner}/${repo}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${path}`;
    return {
      type,
      size: type === 'file' ? bytes.byteLength : 0,
      name: path.split('/').pop(),
      path,
      sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url: type === 'file' ? `https://raw.githubusercontent.com/${owner}/${repo}/${ref}/${path}` : null,
      _links: { self, git, html },
    };
  }
}

/** Base64 in 60-character lines, as GitHub sends file content. */
function wrapBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('base64')
    .replace(/.{1,60}/g, '$&\n');
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
