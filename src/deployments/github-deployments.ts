import { mapConcurrent } from '../edge/map-concurrent.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import type { GitHubClient } from '../github/github-client.js';
import { type Logger, noopLogger } from '../logging/logger.js';
import { createdDeployment, deploymentsOf, skippedMessage, statusesOf } from './deployment-answers.js';
import { checkDeploymentId, checkRunId, cutDescription, isKnownGood, type ObservedStatus, rollbackHistoryOf, statusOfRun } from './deployment-rules.js';
import {
  type CreateDeploymentInput,
  DEFAULT_MAX_DEPLOYMENTS,
  type DeploymentRecord,
  type Deployments,
  type DeploymentStatusInput,
  RECENT_DEPLOYMENTS,
  type RollbackHistory,
  type RollbackRecordInput,
  type RunIdentity,
} from './deployments.js';
import { rollbackDescription } from './rollback-marker.js';

/** Options of {@link githubDeployments}. */
export interface GitHubDeploymentsOptions {
  logger?: Logger;
  /** How many deployments `countSince` and `lastSuccessful` look at, at most. Default 1000. */
  maxDeployments?: number;
  /** Status lookups in flight at most. Default 4. */
  concurrency?: number;
}

/** Status lookups in flight at most, unless told otherwise. */
export const DEFAULT_STATUS_CONCURRENCY = 4;
const PAGE = 100;
const READ = 'deployments: read';
const WRITE = 'deployments: write';

interface Page {
  records: DeploymentRecord[];
  /** How many items the answer held (fitting or not). */
  size: number;
  /** Whether GitHub says there is a next page. */
  more: boolean;
}

/**
 * {@link Deployments} over GitHub's REST API (`/repos/{owner}/{repo}/deployments`),
 * through `client` (retries, limits, error codes). Reads name `deployments: read`,
 * writes `deployments: write`; creating a deployment or a status is never retried
 * blindly (GitHub may have acted). Every answer is checked before use: a deployment
 * or status of the wrong shape is skipped with a warning, a list that is not a list
 * is refused. Every loop is bounded: pages by `maxDeployments`, statuses to the first
 * page of 100, looked up at most `concurrency` at a time.
 */
export function githubDeployments(client: GitHubClient, repo: { owner: string; repo: string }, options: GitHubDeploymentsOptions = {}): Deployments {
  const max = options.maxDeployments ?? DEFAULT_MAX_DEPLOYMENTS;
  const concurrency = options.concurrency ?? DEFAULT_STATUS_CONCURRENCY;
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxDeployments must be a positive integer, not ${String(max)}`);
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, not ${String(concurrency)}`);
  return new GitHubDeployments(client, repo, options.logger ?? noopLogger, max, concurrency);
}

class GitHubDeployments implements Deployments {
  private readonly name: string;

  constructor(
    private readonly client: GitHubClient,
    private readonly repo: { owner: string; repo: string },
    private readonly logger: Logger,
    private readonly max: number,
    private readonly concurrency: number,
  ) {
    this.name = `${repo.owner}/${repo.repo}`;
  }

  async findRunDeployment(q: { environment: string; sha: string } & RunIdentity): Promise<DeploymentRecord | undefined> {
    const runId = checkRunId(q.runId);
    const page = await this.page({ environment: q.environment, sha: q.sha }, RECENT_DEPLOYMENTS, 1);
    const candidates = page.records.filter((record) => record.sha === q.sha && record.environment === q.environment);
    return this.firstWhose(candidates, (statuses) => statuses.some((status) => statusOfRun(status, runId)));
  }

  async create(q: CreateDeploymentInput): Promise<DeploymentRecord> {
    const what = `creating a deployment of ${quote(q.sha)} to the environment ${quote(q.environment)} in ${this.name}`;
    const response = await this.client.request(
      'POST /repos/{owner}/{repo}/deployments',
      {
        ...this.repo,
        // The commit itself, so a branch that moved since the run started cannot change what is recorded; the ref rides in the payload.
        ref: q.sha,
        task: 'deploy',
        auto_merge: false,
        required_contexts: [],
        payload: { ...q.payload, ref: q.ref },
        environment: q.environment,
        description: cutDescription(q.description),
        ...(q.productionEnvironment !== undefined ? { production_environment: q.productionEnvironment } : {}),
      },
      { what, permission: WRITE },
    );
    if (response.status === 202) throw new ConfigurationError(`${what}: GitHub merged a branch instead of creating a deployment`);
    const record = createdDeployment(response.data, what);
    this.logger.debug(`created deployment ${record.id} of ${quote(q.sha)} to ${quote(q.environment)}`);
    return record;
  }

  async setStatus(id: number, status: DeploymentStatusInput): Promise<void> {
    await this.client.request(
      'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      {
        ...this.repo,
        deployment_id: checkDeploymentId(id),
        state: status.state,
        description: cutDescription(status.description),
        ...(status.logUrl !== undefined ? { log_url: status.logUrl } : {}),
        ...(status.environmentUrl !== undefined ? { environment_url: status.environmentUrl } : {}),
      },
      { what: `setting the status ${quote(status.state)} on deployment ${id} in ${this.name}`, permission: WRITE, idempotent: false },
    );
  }

  async countSince(environment: string, since: Date, excludeId?: number): Promise<{ count: number; capped: boolean }> {
    const from = since.getTime();
    let count = 0;
    let looked = 0;
    for (let number = 1; looked < this.max; number++) {
      const page = await this.page({ environment }, PAGE, number);
      for (const record of page.records.slice(0, this.max - looked)) {
        if (Date.parse(record.createdAt) < from) return { count, capped: false };
        if (record.id !== excludeId && record.environment === environment) count++;
      }
      looked += page.size;
      if (!page.more) return { count, capped: false };
    }
    this.logger.debug(`counted deployments of ${quote(environment)}: stopped after ${this.max}`);
    return { count, capped: true };
  }

  async lastSuccessful(environment: string, excludeId?: number): Promise<DeploymentRecord | undefined> {
    let looked = 0;
    for (let number = 1; looked < this.max; number++) {
      const page = await this.page({ environment }, PAGE, number);
      const candidates = page.records.slice(0, this.max - looked).filter((record) => record.id !== excludeId && record.environment === environment);
      const found = await this.firstWhose(candidates, isKnownGood);
      if (found) return found;
      looked += page.size;
      if (!page.more) return undefined;
    }
    return undefined;
  }

  async rollbackHistory(environment: string, run: RunIdentity): Promise<RollbackHistory> {
    const runId = checkRunId(run.runId);
    const page = await this.page({ environment }, RECENT_DEPLOYMENTS, 1);
    const records = page.records.filter((record) => record.environment === environment);
    const statuses = await mapConcurrent(records, (record) => this.statuses(record.id), this.concurrency);
    return rollbackHistoryOf(statuses.flat(), runId);
  }

  async recordRollback(id: number, q: RollbackRecordInput): Promise<void> {
    await this.setStatus(id, {
      state: q.state ?? 'failure',
      description: rollbackDescription(q.target),
      ...(q.logUrl !== undefined ? { logUrl: q.logUrl } : {}),
    });
  }

  /** The first of `records` (in order) whose statuses pass `test`, looking statuses up `concurrency` at a time. */
  private async firstWhose(records: DeploymentRecord[], test: (statuses: ObservedStatus[]) => boolean): Promise<DeploymentRecord | undefined> {
    for (let start = 0; start < records.length; start += this.concurrency) {
      const chunk = records.slice(start, start + this.concurrency);
      const statuses = await mapConcurrent(chunk, (record) => this.statuses(record.id), this.concurrency);
      const index = statuses.findIndex(test);
      if (index >= 0) return chunk[index];
    }
    return undefined;
  }

  /** One page of the deployments list, newest first. */
  private async page(filter: { environment: string; sha?: string }, perPage: number, page: number): Promise<Page> {
    const what = `listing the deployments of the environment ${quote(filter.environment)} in ${this.name}`;
    const response = await this.client.request(
      'GET /repos/{owner}/{repo}/deployments',
      { ...this.repo, ...filter, per_page: perPage, page },
      { what, permission: READ },
    );
    const { items, skipped } = deploymentsOf(response.data, what);
    if (skipped) this.logger.warning(skippedMessage(skipped, what, 'deployment'));
    const size = items.length + skipped;
    return { records: items, size, more: size >= perPage && /\brel="next"/.test(response.headers.link ?? '') };
  }

  /** The first page (100, newest first) of a deployment's statuses. */
  private async statuses(id: number): Promise<ObservedStatus[]> {
    const what = `reading the statuses of deployment ${id} in ${this.name}`;
    const response = await this.client.request(
      'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      { ...this.repo, deployment_id: id, per_page: PAGE },
      { what, permission: READ },
    );
    const { items, skipped } = statusesOf(response.data, what);
    if (skipped) this.logger.warning(skippedMessage(skipped, what, 'status'));
    return items;
  }
}
