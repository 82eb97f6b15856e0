/**
 * The failure policy a risk tolerance compiles to, which a persona can
 * override field by field with `risk_policy`: the defaults table, the
 * vocabulary and bounds of the `risk_policy` field (validated in
 * persona-schema.ts), and the order "toward safety" blending uses
 * (src/blend/blend-risk-policy.ts). Pure data and functions.
 */
import type { DurationBounds } from './duration.js';
import type { RiskTolerance } from './vocabulary.js';

/** What can follow the last failed retry, safest first: run the rollback command and fail, fail, continue with a warning. */
export const AFTER_RETRIES = ['rollback', 'fail', 'continue'] as const;
/** What follows the last failed retry. */
export type AfterRetries = (typeof AFTER_RETRIES)[number];

/** How a constraint violation can be treated, safest first. */
export const VIOLATION_TREATMENTS = ['fail', 'warn'] as const;
/** How a constraint violation is treated. */
export type ViolationTreatment = (typeof VIOLATION_TREATMENTS)[number];

/** The stages with a command timeout, in the order they run. */
export const POLICY_STAGES = ['build', 'test', 'deploy'] as const;
/** A stage with a command timeout. */
export type PolicyStage = (typeof POLICY_STAGES)[number];

/** The keys of `risk_policy` as written in a persona, in the order the parser outputs them. */
export const RISK_POLICY_KEYS = ['retries', 'retry_delay', 'after_retries', 'violations', 'timeouts'] as const;

/** The most retries a persona may ask for. */
export const MAX_RETRIES = 10;
/** Bounds of `risk_policy.retry_delay`: 1 second to 1 hour. */
export const RETRY_DELAY_BOUNDS: DurationBounds = { min: 1000, max: 60 * 60_000 };
/** Bounds of each `risk_policy.timeouts` entry: 1 second (a quick smoke command) to 6 hours (the longest a GitHub-hosted job runs). */
export const TIMEOUT_BOUNDS: DurationBounds = { min: 1000, max: 6 * 60 * 60_000 };

/** A complete failure policy (every field set). Durations in milliseconds. */
export interface FailurePolicy {
  /** Retries after the first attempt (0 = no retry). */
  retries: number;
  /** Wait before the first retry; doubles for each further one. */
  retry_delay_ms: number;
  /** What follows the last failed attempt: run the `rollback` command (when one is given) and fail; fail; or continue with a warning. */
  after_retries: AfterRetries;
  /** Whether a constraint violation fails the step or only warns. */
  violations: ViolationTreatment;
  /** Command timeout per stage (for test: per tier). */
  timeouts_ms: Record<PolicyStage, number>;
}

const MINUTE = 60_000;

/** The defaults per risk tolerance (documented in README "Failure policy"). */
export const DEFAULT_FAILURE_POLICIES: Record<RiskTolerance, FailurePolicy> = {
  low: {
    retries: 1,
    retry_delay_ms: 1000,
    after_retries: 'rollback',
    violations: 'fail',
    timeouts_ms: { build: 60 * MINUTE, test: 30 * MINUTE, deploy: 60 * MINUTE },
  },
  medium: {
    retries: 2,
    retry_delay_ms: 1000,
    after_retries: 'fail',
    violations: 'fail',
    timeouts_ms: { build: 60 * MINUTE, test: 30 * MINUTE, deploy: 60 * MINUTE },
  },
  high: {
    retries: 3,
    retry_delay_ms: 1000,
    after_retries: 'fail',
    violations: 'warn',
    timeouts_ms: { build: 90 * MINUTE, test: 45 * MINUTE, deploy: 90 * MINUTE },
  },
};

/**
 * The parts of a failure policy a resolved persona overrides (durations in
 * milliseconds): only the fields some persona of the blend declared, and
 * `from`, the ids of the personas of the blend that declare a `risk_policy`.
 */
export interface RiskPolicyOverride {
  retries?: number;
  retry_delay_ms?: number;
  after_retries?: AfterRetries;
  violations?: ViolationTreatment;
  timeouts_ms?: Partial<Record<PolicyStage, number>>;
  from: string[];
}
