/*
 * The Deployments API as the deploy stage and watch-monitor need it: no I/O
 * here. `githubDeployments` (github-deployments.ts) speaks GitHub's REST API;
 * `InMemoryDeployments` (in-memory-deployments.ts) has the same semantics in
 * memory and is the test fake.
 */

/** A deployment as the deploy stage sees it. */
export interface DeploymentRecord {
  id: number;
  ref: string;
  sha: string;
  environment: string;
  /** ISO 8601. */
  createdAt: string;
}

/** The states a deployment status can take (GitHub's `pending` is not written by this package). */
export type DeploymentState = 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

/** A status to write on a deployment. */
export interface DeploymentStatusInput {
  state: DeploymentState;
  /** ≤ 140 characters (GitHub's limit): the implementation cuts longer text with an ellipsis. */
  description: string;
  /** The run's URL (`${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`): sent as `log_url`. */
  logUrl?: string;
  environmentUrl?: string;
}

/** Which workflow run is asking. */
export interface RunIdentity {
  /** GITHUB_RUN_ID (digits). */
  runId: string;
}

/** What {@link Deployments.create} takes. */
export interface CreateDeploymentInput {
  /** The branch or tag, recorded in the payload as `ref` (the deployment itself is made of `sha`, so a moved branch cannot change what is deployed). */
  ref: string;
  sha: string;
  environment: string;
  description: string;
  payload: Record<string, unknown>;
  productionEnvironment?: boolean;
}

/** What {@link Deployments.recordRollback} takes. */
export interface RollbackRecordInput {
  /** The known-good deployment rolled back to; absent when the rollback command knew its own target. */
  target?: { ref: string; sha: string };
  logUrl?: string;
  /** Default `failure`. */
  state?: DeploymentState;
}

/** What the deploy stage and watch-monitor need of the Deployments API. */
export interface Deployments {
  /**
   * The deployment GitHub created for this job (`environment:` in the job):
   * same environment and sha, and one of its statuses' `log_url`/`target_url`
   * points into this run (`/actions/runs/<runId>` followed by `/` or the end).
   * Looks at the newest 30 deployments of that environment and sha.
   */
  findRunDeployment(q: { environment: string; sha: string } & RunIdentity): Promise<DeploymentRecord | undefined>;
  /** POST /deployments with `auto_merge: false`, `required_contexts: []`, `task: 'deploy'`, `payload` (an object), `description`. */
  create(q: CreateDeploymentInput): Promise<DeploymentRecord>;
  /** Adds a status to deployment `id` (the description cut to 140 characters). */
  setStatus(id: number, status: DeploymentStatusInput): Promise<void>;
  /**
   * Deployments of `environment` created at or after `since`, except `excludeId`:
   * pages of 100 newest first, stopping at the first older one; at most
   * `maxDeployments` (default 1000) looked at → `capped: true` (the count is then a lower bound).
   */
  countSince(environment: string, since: Date, excludeId?: number): Promise<{ count: number; capped: boolean }>;
  /**
   * The environment's last successful deployment other than `excludeId`: the newest
   * deployment that has a `success` status (an `inactive` status after it still counts: GitHub
   * marks older deployments inactive when a newer one succeeds) and no rollback marker
   * after its last success; undefined when none among the newest `maxDeployments`.
   */
  lastSuccessful(environment: string, excludeId?: number): Promise<DeploymentRecord | undefined>;
  /**
   * Rollbacks recorded on the environment's recent deployments (the newest 30), by their marker
   * status (see rollback-marker.ts): when the newest one was written, and how many were written
   * by this run (their log_url points into `/actions/runs/<runId>`).
   */
  rollbackHistory(environment: string, run: RunIdentity): Promise<RollbackHistory>;
  /** Writes the marker status on deployment `id` (state `failure` unless given, description from rollback-marker.ts, log_url of the run). */
  recordRollback(id: number, q: RollbackRecordInput): Promise<void>;
}

/** What {@link Deployments.rollbackHistory} finds. */
export interface RollbackHistory {
  lastRollbackAt?: Date;
  thisRun: number;
}

/** How many deployments the history walks look at, at most, unless told otherwise. */
export const DEFAULT_MAX_DEPLOYMENTS = 1000;
/** How many of the newest deployments {@link Deployments.findRunDeployment} and {@link Deployments.rollbackHistory} look at. */
export const RECENT_DEPLOYMENTS = 30;
/** GitHub's limit on a deployment status description. */
export const MAX_STATUS_DESCRIPTION = 140;
