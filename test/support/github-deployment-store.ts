import type { DeploymentShapeInput, DeploymentStatusShapeInput, GitHubShapes } from './github-api-shapes.js';
import { errorReply, type StandInReply } from './github-git-store.js';

/** A deployment to seed into the stand-in, with its statuses oldest first. */
export interface StandInDeploymentSeed {
  environment: string;
  sha: string;
  ref: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  /** Default `github-actions[bot]`. */
  creator?: string;
  task?: string;
  transient?: boolean;
  production?: boolean;
  payload?: Record<string, unknown> | string;
  description?: string | null;
  statuses?: Array<{ state: string; createdAt: string; description?: string; logUrl?: string; creator?: string }>;
}

/** A deployment the stand-in holds, with its statuses oldest first. */
export interface StandInDeployment extends DeploymentShapeInput {
  statuses: DeploymentStatusShapeInput[];
}

/** What a deployments route gets from the server. */
export interface DeploymentCall {
  owner: string;
  repo: string;
  shapes: GitHubShapes;
  body: Record<string, unknown>;
  url: URL;
  /** The commit a branch points at, to resolve a created deployment's `ref`. */
  branchHead: (branch: string) => string | undefined;
}

const BOT = 'github-actions[bot]';
const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
const SHA = /^[0-9a-f]{40}$/;

/**
 * The Deployments API of the GitHub stand-in: deployments per repository
 * (listed newest first, filtered by `environment`, `sha`, `ref`, `task`, paged
 * with `per_page`/`page` and a `Link` header as GitHub does), their statuses
 * (newest first; a `success` with `auto_inactive` — the default — marks the
 * environment's older non-transient deployments whose newest status is
 * `success` as `inactive`), seeding and inspection for tests. {@link now}
 * dates what the API creates.
 */
export class GitHubDeploymentStore {
  /** The clock for deployments and statuses created through the API. */
  now: () => Date = () => new Date();
  private readonly repos = new Map<string, StandInDeployment[]>();
  private nextId = 1;
  private nextStatusId = 1;

  /** Whether `owner/repo` holds deployments (so the repository exists). */
  has(key: string): boolean {
    return this.repos.has(key);
  }

  /** Forgets every deployment and restores the system clock. */
  clear(): void {
    this.repos.clear();
    this.now = () => new Date();
  }

  /** Adds a deployment of `owner/repo` with its statuses (oldest first); returns its id. */
  seed(key: string, seed: StandInDeploymentSeed): number {
    const deployment = this.add(key, seed);
    for (const status of seed.statuses ?? [])
      this.addStatus(
        deployment,
        { state: status.state, description: status.description ?? '', logUrl: status.logUrl ?? '', creator: status.creator },
        status.createdAt,
      );
    return deployment.id;
  }

  /** The deployments of `owner/repo`, newest first, statuses oldest first. */
  of(key: string): StandInDeployment[] {
    return [...(this.repos.get(key) ?? [])].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
  }

  /** Answers a `/deployments…` route, or undefined when `rest` is not one. */
  route(method: string, rest: string, call: DeploymentCall): StandInReply | undefined {
    const key = `${call.owner}/${call.repo}`;
    if (rest === '/deployments') return method === 'GET' ? this.list(key, call) : method === 'POST' ? this.create(key, call) : undefined;
    const match = /^\/deployments\/(\d+)(\/statuses)?$/.exec(rest);
    if (!match) return undefined;
    const deployment = this.repos.get(key)?.find((d) => d.id === Number(match[1]));
    if (!deployment) return errorReply(404, 'Not Found');
    if (!match[2]) return method === 'GET' ? { status: 200, body: call.shapes.deployment(deployment) } : undefined;
    if (method === 'GET') {
      const statuses = [...deployment.statuses].reverse().map((s) => call.shapes.deploymentStatus(deployment, s));
      return paged(statuses, call.url);
    }
    return method === 'POST' ? this.createStatus(key, deployment, call) : undefined;
  }

  private list(key: string, call: DeploymentCall): StandInReply {
    const query = call.url.searchParams;
    const filters = (['environment', 'sha', 'ref', 'task'] as const).filter((name) => query.has(name));
    const found = this.of(key).filter((d) => filters.every((name) => d[name] === query.get(name)));
    return paged(
      found.map((d) => call.shapes.deployment(d)),
      call.url,
    );
  }

  private create(key: string, call: DeploymentCall): StandInReply {
    const { ref, task, payload, environment, description, transient_environment: transient, production_environment: production } = call.body;
    if (typeof ref !== 'string' || !ref) return errorReply(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
    if (payload !== undefined && typeof payload !== 'string' && (typeof payload !== 'object' || payload === null || Array.isArray(payload)))
      return errorReply(422, 'Invalid request.\n\nInvalid payload.');
    const sha = SHA.test(ref) ? ref : call.branchHead(ref.replace(/^refs\/heads\//, ''));
    if (!sha) return errorReply(422, `No ref found for: ${ref}`);
    const env = typeof environment === 'string' ? environment : 'production';
    const deployment = this.add(key, {
      environment: env,
      sha,
      ref,
      createdAt: iso(this.now()),
      task: typeof task === 'string' ? task : 'deploy',
      payload: (payload as Record<string, unknown> | string | undefined) ?? {},
      description: typeof description === 'string' ? description : null,
      transient: transient === true,
      production: typeof production === 'boolean' ? production : env === 'production',
    });
    return { status: 201, body: call.shapes.deployment(deployment) };
  }

  private createStatus(key: string, deployment: StandInDeployment, call: DeploymentCall): StandInReply {
    const { state, description = '', log_url: logUrl, target_url: targetUrl, environment_url: environmentUrl, auto_inactive: autoInactive } = call.body;
    if (typeof state !== 'string' || !STATES.includes(state)) return errorReply(422, 'Invalid request.\n\n"state" is invalid.');
    if (typeof description !== 'string' || description.length > 140)
      return errorReply(422, 'Validation Failed: description is too long (maximum is 140 characters)');
    const url = typeof logUrl === 'string' ? logUrl : typeof targetUrl === 'string' ? targetUrl : '';
    const at = iso(this.now());
    const status = this.addStatus(
      deployment,
      { state, description, logUrl: url, environmentUrl: typeof environmentUrl === 'string' ? environmentUrl : '' },
      at,
    );
    if (state === 'success' && autoInactive !== false) this.deactivateOlder(key, deployment, at);
    return { status: 201, body: call.shapes.deploymentStatus(deployment, status) };
  }

  /** GitHub's `auto_inactive`: older non-transient deployments of the environment whose newest status is `success` become `inactive`. */
  private deactivateOlder(key: string, deployment: StandInDeployment, at: string): void {
    for (const older of this.repos.get(key) ?? []) {
      if (older.id >= deployment.id || older.environment !== deployment.environment || older.transient) continue;
      if (older.statuses.at(-1)?.state === 'success') this.addStatus(older, { state: 'inactive', description: '', logUrl: '' }, at);
    }
  }

  private add(key: string, seed: StandInDeploymentSeed): StandInDeployment {
    const deployment: StandInDeployment = {
      id: this.nextId++,
      sha: seed.sha,
      ref: seed.ref,
      task: seed.task ?? 'deploy',
      payload: seed.payload ?? {},
      environment: seed.environment,
      description: seed.description ?? null,
      creator: seed.creator ?? BOT,
      transient: seed.transient ?? false,
      production: seed.production ?? seed.environment === 'production',
      createdAt: seed.createdAt,
      updatedAt: seed.createdAt,
      statuses: [],
    };
    let list = this.repos.get(key);
    if (!list) this.repos.set(key, (list = []));
    list.push(deployment);
    return deployment;
  }

  private addStatus(
    deployment: StandInDeployment,
    s: { state: string; description: string; logUrl: string; environmentUrl?: string; creator?: string | undefined },
    createdAt: string,
  ): DeploymentStatusShapeInput {
    const status = { id: this.nextStatusId++, ...s, creator: s.creator ?? BOT, targetUrl: s.logUrl, environmentUrl: s.environmentUrl ?? '', createdAt };
    deployment.statuses.push(status);
    deployment.updatedAt = createdAt;
    return status;
  }
}

/** One page of `items` as GitHub answers a list: `per_page` (default 30, at most 100), `page`, and a `Link` header. */
function paged(items: unknown[], url: URL): StandInReply {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page')) || 30));
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string): string => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    target.searchParams.set('per_page', String(perPage));
    return `<${target.href}>; rel="${rel}"`;
  };
  const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
  return { status: 200, ...(links.length ? { headers: { link: links.join(', ') } } : {}), body: items.slice((page - 1) * perPage, page * perPage) };
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
