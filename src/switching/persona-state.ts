/**
 * The durable state of runtime switching: which persona is active (globally
 * and per environment), the rollout in progress, the ttl, the recent history
 * and the acknowledgements of requests. Plain data, stored as `state.json`
 * by every state store; schema/state.schema.json describes it (generated
 * from src/switching/state-schema.ts). Pure types and constants.
 */

/** The version of the state document this release writes. */
export const STATE_SCHEMA_VERSION = '1.0';
/** How many earlier actives `previous` keeps, newest first. */
export const MAX_PREVIOUS = 20;
/** How many acknowledgements `acks` keeps, newest last. */
export const MAX_ACKS = 200;

/** How a rollout assigns a run to a cohort: by `GITHUB_RUN_ID`, `GITHUB_REF` or the environment. */
export const BUCKET_BY = ['run', 'ref', 'environment'] as const;
export type BucketBy = (typeof BUCKET_BY)[number];

export const ROLLOUT_STATUSES = ['progressing', 'paused', 'aborted', 'complete'] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];

/** The outcome of one request, as acknowledged. */
export const ACK_RESULTS = ['applied', 'rejected', 'duplicate'] as const;
export type AckResult = (typeof ACK_RESULTS)[number];

/** One active persona: what was switched to, when, by whom, why, and under which correlation id. */
export interface ActiveSwitch {
  /** Canonical blend id (`security-first:0.6,cost-optimization:0.4`). */
  persona: string;
  /** ISO 8601 UTC. */
  since: string;
  /** The actor (`github.actor`, or the CLI user) who asked for it. */
  by: string;
  /** Free text; may be ''. */
  reason: string;
  correlation_id: string;
}

/** A gradual replacement of `from` by `to`. */
export interface RolloutState {
  /** Identifies the rollout; part of each run's bucket (`sha256("<id>:<key>")`). The switch's correlation id. */
  id: string;
  /** Canonical blend id of the persona being replaced. */
  from: string;
  /** Canonical blend id of the target persona. */
  to: string;
  /** Percentages, strictly increasing, each 1..100, the last 100. */
  steps: number[];
  /** Index into `steps` reached by `advance` requests (the step computed from time may be later). */
  step: number;
  /** Duration between steps, as written (`30m`). */
  interval: string;
  bucket_by: BucketBy;
  started_at: string;
  updated_at: string;
  /** Set while paused. */
  paused_at?: string;
  /** Milliseconds spent paused before the current pause. */
  paused_ms: number;
  status: RolloutStatus;
}

/** A switch that expires: after `expires_at` the scope resolves to `revert_to` again. */
export interface TtlState {
  expires_at: string;
  /** The active switch it replaced. */
  revert_to: ActiveSwitch;
}

/** What one scope (global, or one environment) has: its active persona, rollout and ttl. */
export interface ScopeState {
  active: ActiveSwitch;
  rollout?: RolloutState;
  ttl?: TtlState;
}

/** The acknowledgement of one request. */
export interface Ack {
  correlation_id: string;
  result: AckResult;
  /** Why it was rejected, or what a duplicate repeats; '' when applied. */
  reason: string;
  /** The state revision after the request. */
  revision: number;
  at: string;
}

/**
 * The whole state document. `active` is absent only while nothing was ever
 * applied globally (a first request that was rejected, or one that switched
 * an environment only, still has to be recorded).
 */
export interface PersonaState extends Omit<ScopeState, 'active'> {
  active?: ActiveSwitch;
  schema_version: string;
  /** +1 per change of an active persona, rollout or ttl; an acknowledgement alone does not change it. */
  revision: number;
  /** The last {@link MAX_PREVIOUS} global actives, newest first. */
  previous: ActiveSwitch[];
  environments?: Record<string, ScopeState & { previous?: ActiveSwitch[] }>;
  /** The last {@link MAX_ACKS} acknowledgements, oldest first. */
  acks: Ack[];
}

/**
 * One line of the audit history: a change or an acknowledgement. The
 * `branch` store writes it as the commit message, the `file` store as a
 * JSON line beside the state.
 */
export interface HistoryEntry {
  at: string;
  by: string;
  action: string;
  /** The persona switched to, for switches. */
  persona?: string;
  environment?: string;
  correlation_id: string;
  result: AckResult;
  reason: string;
  /** Revision after the request. */
  revision: number;
}
