/**
 * The part of GitHub's REST API a simulated pipeline calls, on 127.0.0.1:
 * the Deployments API (create and list deployments, create and list their
 * statuses), in memory, in GitHub's shapes, so adapt-deploy records its
 * deployment (with the switch's correlation id in the payload) and a
 * watch's rollback finds the environment's last good deployment. Every
 * other path answers 404 as GitHub does for what a token cannot see, but
 * the repository itself (its default branch): a switch's policy file is then
 * absent, so every valid request is allowed, as the README says.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A deployment the stand-in holds. */
export interface StandInDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  task: string;
  payload: unknown;
  description: string | null;
  created_at: string;
  statuses: Array<{ id: number; state: string; description: string; environment: string; target_url: string; log_url: string; created_at: string }>;
}

/** Called for each deployment or status created through the API. */
export type DeploymentListener = (change: { kind: 'deployment' | 'status'; deployment: StandInDeployment; state?: string }) => void;

/** The most bytes of a request body. */
const MAX_BODY = 64 * 1024;

/** The local Deployments API: {@link start} it, point GITHUB_API_URL at {@link url}, {@link stop} it. */
export class DeploymentsStandIn {
  readonly deployments: StandInDeployment[] = [];
  private server: Server | undefined;
  private nextId = 1;
  private nextStatus = 1;
  url = '';

  constructor(
    private readonly repository: string,
    private readonly headSha: string,
    private readonly listener?: DeploymentListener,
  ) {}

  /** Adds a deployment that happened before the run (with its statuses). */
  seed(deployment: Omit<StandInDeployment, 'id' | 'statuses'> & { states: Array<{ state: string; at: string }> }): void {
    const { states, ...rest } = deployment;
    const record: StandInDeployment = { ...rest, id: this.nextId++, statuses: [] };
    for (const s of states) record.statuses.push(this.status(record, { state: s.state }, s.at));
    this.deployments.push(record);
  }

  /** Listens on an ephemeral port of 127.0.0.1. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const prefix = `/repos/${this.repository}/deployments`;
    if (url.pathname === `/repos/${this.repository}` && req.method === 'GET') return send(200, this.repositoryShape());
    if (!url.pathname.startsWith(prefix)) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    const rest = url.pathname.slice(prefix.length).split('/').filter(Boolean);
    let body: Record<string, unknown> = {};
    if (req.method === 'POST') {
      try {
        body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      } catch {
        return send(400, { message: 'Problems parsing JSON' });
      }
    }
    const found = rest[0] ? this.deployments.find((d) => d.id === Number(rest[0])) : undefined;
    if (rest.length === 0 && req.method === 'GET') return send(200, this.list(url));
    if (rest.length === 0 && req.method === 'POST') return send(201, this.shape(this.create(body)));
    if (!found) return send(404, { message: 'Not Found' });
    if (rest.length === 1 && req.method === 'GET') return send(200, this.shape(found));
    if (rest[1] === 'statuses' && req.method === 'GET')
      return send(
        200,
        [...found.statuses].reverse().map((s) => this.statusShape(found, s)),
      );
    if (rest[1] === 'statuses' && req.method === 'POST') {
      const status = this.status(found, body, new Date().toISOString());
      found.statuses.push(status);
      this.listener?.({ kind: 'status', deployment: found, state: status.state });
      return send(201, this.statusShape(found, status));
    }
    return send(404, { message: 'Not Found' });
  }

  /** The repository itself (the switch's policy read asks for its default branch; its policy file answers 404: none). */
  private repositoryShape(): Record<string, unknown> {
    const [owner, name] = this.repository.split('/');
    return {
      id: 1,
      node_id: 'R_1',
      name,
      full_name: this.repository,
      private: false,
      default_branch: 'main',
      owner: { login: owner, id: 1, type: 'Organization' },
      url: `${this.url}/repos/${this.repository}`,
    };
  }

  private list(url: URL): unknown[] {
    const filter = (key: 'environment' | 'sha' | 'ref' | 'task') => url.searchParams.get(key);
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30) || 30, 100);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    return [...this.deployments]
      .reverse()
      .filter((d) => (['environment', 'sha', 'ref', 'task'] as const).every((k) => filter(k) === null || d[k] === filter(k)))
      .slice((page - 1) * perPage, page * perPage)
      .map((d) => this.shape(d));
  }

  private create(body: Record<string, unknown>): StandInDeployment {
    const ref = typeof body.ref === 'string' ? body.ref : 'main';
    const deployment: StandInDeployment = {
      id: this.nextId++,
      sha: /^[0-9a-f]{40}$/.test(ref) ? ref : this.headSha,
      ref,
      environment: typeof body.environment === 'string' ? body.environment : 'production',
      task: typeof body.task === 'string' ? body.task : 'deploy',
      payload: body.payload ?? {},
      description: typeof body.description === 'string' ? body.description : null,
      created_at: new Date().toISOString(),
      statuses: [],
    };
    this.deployments.push(deployment);
    this.listener?.({ kind: 'deployment', deployment });
    return deployment;
  }

  private status(d: StandInDeployment, body: Record<string, unknown>, at: string): StandInDeployment['statuses'][number] {
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    return {
      id: this.nextStatus++,
      state: text('state') || 'success',
      description: text('description'),
      environment: d.environment,
      target_url: text('environment_url'),
      log_url: text('log_url'),
      created_at: at,
    };
  }

  private shape(d: StandInDeployment): Record<string, unknown> {
    const url = `${this.url}/repos/${this.repository}/deployments/${d.id}`;
    const { statuses: _statuses, ...fields } = d;
    return {
      ...fields,
      url,
      node_id: `DE_${d.id}`,
      original_environment: d.environment,
      updated_at: d.created_at,
      statuses_url: `${url}/statuses`,
      repository_url: `${this.url}/repos/${this.repository}`,
      creator: this.creator(),
    };
  }

  /** `github-actions[bot]` as a full `simple-user`, as GitHub answers a deployment's creator. */
  private creator(): Record<string, unknown> {
    const url = `${this.url}/users/github-actions[bot]`;
    return {
      login: 'github-actions[bot]',
      id: 41898282,
      node_id: 'MDM6Qm90NDE4OTgyODI=',
      type: 'Bot',
      site_admin: false,
      avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
      gravatar_id: '',
      url,
      html_url: 'https://github.com/apps/github-actions',
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
    };
  }

  private statusShape(d: StandInDeployment, s: StandInDeployment['statuses'][number]): Record<string, unknown> {
    const url = `${this.url}/repos/${this.repository}/deployments/${d.id}`;
    return {
      ...s,
      url: `${url}/statuses/${s.id}`,
      node_id: `DES_${s.id}`,
      updated_at: s.created_at,
      deployment_url: url,
      repository_url: `${this.url}/repos/${this.repository}`,
      creator: this.creator(),
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
