import { ConfigurationError } from '../errors/configuration-error.js';
import { cutDescription, checkDeploymentId, checkRunId, isKnownGood, type ObservedStatus, rollbackHistoryOf, statusOfRun } from './deployment-rules.js';
import {
  type CreateDeploymentInput,
  DEFAULT_MAX_DEPLOYMENTS,
  type DeploymentRecord,
  type Deployments,
  type DeploymentState,
  type DeploymentStatusInput,
  RECENT_DEPLOYMENTS,
  type RollbackHistory,
  type RollbackRecordInput,
  type RunIdentity,
} from './deployments.js';
import { rollbackDescription } from './rollback-marker.js';

/** A deployment to seed, with its statuses oldest first. */
export interface DeploymentSeed {
  environment: string;
  sha: string;
  ref: string;
  /** ISO 8601. */
  createdAt: string;
  /** Default false; a transient deployment is never marked inactive. */
  transient?: boolean;
  statuses?: Array<{ state: DeploymentState; createdAt: string; description?: string; logUrl?: string }>;
}

/** A stored deployment with everything written on it. */
export interface StoredDeployment extends DeploymentRecord {
  description: string;
  payload: Record<string, unknown>;
  transient: boolean;
  /** Oldest first. */
  statuses: ObservedStatus[];
}

/** Options of {@link InMemoryDeployments}. */
export interface InMemoryDeploymentsOptions {
  /** The clock that dates created deployments and statuses. Default the system clock. */
  now?: () => Date;
  /** How many deployments `countSince` and `lastSuccessful` look at, at most (as the GitHub implementation). Default 1000. */
  maxDeployments?: number;
}

/**
 * {@link Deployments} in memory, with GitHub's semantics (newest first by creation
 * time; a `success` status marks the environment's older non-transient successful
 * deployments `inactive`; the same bounds: 30 recent, `maxDeployments`) and the
 * rules the GitHub implementation uses. Seed it with {@link seed}, inspect it with
 * {@link all}; set {@link failures} to make a method reject. The test fake of the
 * deploy stage and watch-monitor.
 */
export class InMemoryDeployments implements Deployments {
  /** A method name → the error it rejects with (until removed). */
  readonly failures: Partial<Record<keyof Deployments, Error>> = {};
  private readonly stored: StoredDeployment[] = [];
  private nextId = 1;
  private readonly now: () => Date;
  private readonly max: number;

  constructor(options: InMemoryDeploymentsOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.max = options.maxDeployments ?? DEFAULT_MAX_DEPLOYMENTS;
  }

  /** Adds a deployment with its statuses (oldest first); returns its id. */
  seed(seed: DeploymentSeed): number {
    const id = this.nextId++;
    const deployment: DeploymentRecord = { id, ref: seed.ref, sha: seed.sha, environment: seed.environment, createdAt: seed.createdAt };
    this.stored.push({ ...deployment, description: '', payload: {}, transient: seed.transient ?? false, statuses: [] });
    for (const status of seed.statuses ?? []) this.addStatus(id, { ...status, description: status.description ?? '' }, status.createdAt, false);
    return id;
  }

  /** Every deployment, newest first, with its statuses (oldest first). */
  all(): StoredDeployment[] {
    return [...this.stored].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
  }

  async findRunDeployment(q: { environment: string; sha: string } & RunIdentity): Promise<DeploymentRecord | undefined> {
    this.check('findRunDeployment');
    const runId = checkRunId(q.runId);
    const recent = this.of(q.environment, q.sha).slice(0, RECENT_DEPLOYMENTS);
    return record(recent.find((d) => d.statuses.some((status) => statusOfRun(status, runId))));
  }

  async create(q: CreateDeploymentInput): Promise<DeploymentRecord> {
    this.check('create');
    const id = this.nextId++;
    const deployment = { id, ref: q.ref, sha: q.sha, environment: q.environment, createdAt: this.now().toISOString() };
    this.stored.push({ ...deployment, description: cutDescription(q.description), payload: { ...q.payload, ref: q.ref }, transient: false, statuses: [] });
    return deployment;
  }

  async setStatus(id: number, status: DeploymentStatusInput): Promise<void> {
    this.check('setStatus');
    this.addStatus(checkDeploymentId(id), status, this.now().toISOString(), true);
  }

  async countSince(environment: string, since: Date, excludeId?: number): Promise<{ count: number; capped: boolean }> {
    this.check('countSince');
    const looked = this.of(environment).slice(0, this.max);
    const recent = looked.filter((d) => Date.parse(d.createdAt) >= since.getTime());
    const capped = recent.length === looked.length && this.of(environment).length > this.max;
    return { count: recent.filter((d) => d.id !== excludeId).length, capped };
  }

  async lastSuccessful(environment: string, excludeId?: number): Promise<DeploymentRecord | undefined> {
    this.check('lastSuccessful');
    const looked = this.of(environment).slice(0, this.max);
    return record(looked.find((d) => d.id !== excludeId && isKnownGood(d.statuses)));
  }

  async rollbackHistory(environment: string, run: RunIdentity): Promise<RollbackHistory> {
    this.check('rollbackHistory');
    const runId = checkRunId(run.runId);
    return rollbackHistoryOf(
      this.of(environment)
        .slice(0, RECENT_DEPLOYMENTS)
        .flatMap((d) => d.statuses),
      runId,
    );
  }

  async recordRollback(id: number, q: RollbackRecordInput): Promise<void> {
    await this.setStatus(id, {
      state: q.state ?? 'failure',
      description: rollbackDescription(q.target),
      ...(q.logUrl !== undefined ? { logUrl: q.logUrl } : {}),
    });
  }

  /** The deployments of `environment` (and `sha`), newest first. */
  private of(environment: string, sha?: string): StoredDeployment[] {
    return this.all().filter((d) => d.environment === environment && (sha === undefined || d.sha === sha));
  }

  private check(method: keyof Deployments): void {
    const error = this.failures[method];
    if (error) throw error;
  }

  /** Writes a status; a `success` marks older successful deployments of the environment inactive, as GitHub's `auto_inactive` does. */
  private addStatus(id: number, status: DeploymentStatusInput, createdAt: string, autoInactive: boolean): void {
    const deployment = this.stored.find((d) => d.id === id);
    if (!deployment) throw new ConfigurationError(`deployment ${id} does not exist`);
    const urls = status.logUrl !== undefined ? [status.logUrl] : [];
    deployment.statuses.push({ id: this.nextId++, state: status.state, description: cutDescription(status.description), urls, createdAt });
    if (!autoInactive || status.state !== 'success') return;
    for (const older of this.stored) {
      const newest = older.statuses.at(-1);
      if (older.id < id && older.environment === deployment.environment && !older.transient && newest?.state === 'success')
        older.statuses.push({ id: this.nextId++, state: 'inactive', description: '', urls: [], createdAt });
    }
  }
}

/** The record fields of a stored deployment (a copy, without its statuses). */
function record(deployment: StoredDeployment | undefined): DeploymentRecord | undefined {
  if (!deployment) return undefined;
  const { id, ref, sha, environment, createdAt } = deployment;
  return { id, ref, sha, environment, createdAt };
}
