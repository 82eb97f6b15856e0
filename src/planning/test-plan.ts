/**
 * adapt-test's decision: the tiers the persona chooses, a matrix of tier ×
 * shard for later jobs, and the retry, timeout, fail-fast and coverage
 * settings that follow from its goals, risk tolerance and constraints. Pure.
 */
import { failurePolicy } from '../blend/failure-policy.js';
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import type { PatternEngine } from '../persona/pattern-engine.js';
import type { Catalog } from './catalog.js';
import type { StageExplanation } from './explanation.js';
import { planStage } from './plan-stage.js';

/** One job of the matrix. */
export interface TestMatrixEntry {
  tier: string;
  /** 1-based. */
  shard: number;
  /** Shards of this tier (1 for a tier that is not shardable). */
  shards: number;
}

/** The test stage's plan. */
export interface TestPlan {
  explanation: StageExplanation;
  /** The chosen tiers, in catalog order. */
  tiers: string[];
  /** Usable as `strategy.matrix` (`fromJSON(outputs.matrix)`). */
  matrix: { include: TestMatrixEntry[] };
  /** Shards of each shardable tier chosen (1 when no chosen tier is shardable). */
  shards: number;
  /** Flaky-test retries: the failure policy's retries. */
  retries: number;
  /** The failure policy's test timeout (per tier), in whole minutes. */
  timeoutMinutes: number;
  failFast: boolean;
  /** The tightest `coverage >=`/`>` bound of the persona; absent without one. */
  coverageMin?: number;
}

/** What planTests needs besides the persona and the catalog. */
export interface TestPlanOptions {
  /** The `max-shards` input (floored; at least 1). */
  maxShards: number;
  patterns?: PatternEngine;
}

/** GitHub runs at most 256 jobs from one matrix. */
export const MAX_MATRIX_JOBS = 256;

const weightOf = (persona: Pick<ResolvedPersona, 'optimization_goals'>, metric: string) =>
  persona.optimization_goals.find((goal) => goal.metric === metric)?.weight ?? 0;

/**
 * Shards per shardable tier: pressure = weight(velocity) − weight(cost)/2
 * (a missing goal weighs 0); shards = clamp(1 + round((maxShards − 1) ×
 * pressure), 1, maxShards).
 */
export function shardCount(persona: Pick<ResolvedPersona, 'optimization_goals'>, maxShards: number): number {
  const max = Number.isFinite(maxShards) ? Math.max(1, Math.floor(maxShards)) : 1;
  const pressure = weightOf(persona, 'velocity') - weightOf(persona, 'cost') / 2;
  return Math.min(max, Math.max(1, 1 + Math.round((max - 1) * pressure)));
}

/**
 * Fail fast when speed outweighs confidence: the heaviest of the velocity,
 * build_time and cost goals weighs more than the heaviest of reliability,
 * security and coverage (a tie does not fail fast: every tier reports).
 */
export function failFast(persona: Pick<ResolvedPersona, 'optimization_goals'>): boolean {
  const heaviest = (metrics: string[]) => Math.max(...metrics.map((m) => weightOf(persona, m)));
  return heaviest(['velocity', 'build_time', 'cost']) > heaviest(['reliability', 'security', 'coverage']);
}

/** The tightest lower bound of the persona's `coverage >=` / `coverage >` constraints (the largest value). */
export function coverageMin(persona: Pick<ResolvedPersona, 'constraints'>): number | undefined {
  const bounds = persona.constraints
    .filter((c) => c.parameter === 'coverage' && (c.operator === '>=' || c.operator === '>') && typeof c.value === 'number')
    .map((c) => c.value as number);
  return bounds.length ? Math.max(...bounds) : undefined;
}

/** The matrix: each tier in order, shards 1..n for a shardable tier (`shardable: true`), one job otherwise. */
function matrixOf(catalog: Catalog, tiers: readonly string[], shards: number): TestMatrixEntry[] {
  const shardable = new Set(catalog.options.filter((o) => o.parameters.shardable === true).map((o) => o.id));
  return tiers.flatMap((tier) => {
    const n = shardable.has(tier) ? shards : 1;
    return Array.from({ length: n }, (_, i) => ({ tier, shard: i + 1, shards: n }));
  });
}

/**
 * Plans the tests: planStage('test', …) chooses the tiers (the `set` rules
 * of plan-set.ts); shards from {@link shardCount} when a chosen tier is
 * shardable (else 1), lowered when needed so the matrix stays within
 * {@link MAX_MATRIX_JOBS} jobs; retries and the
 * timeout from failurePolicy(persona); {@link failFast}; {@link coverageMin}.
 */
export function planTests(persona: ResolvedPersona, catalog: Catalog, options: TestPlanOptions): TestPlan {
  const explanation = planStage('test', catalog, persona, options.patterns);
  const tiers = [...explanation.chosen];
  const shardableCount = tiers.filter((t) => catalog.options.some((o) => o.id === t && o.parameters.shardable === true)).length;
  const room = shardableCount ? Math.floor((MAX_MATRIX_JOBS - (tiers.length - shardableCount)) / shardableCount) : Number.POSITIVE_INFINITY;
  const shards = shardableCount ? Math.max(1, Math.min(shardCount(persona, options.maxShards), room)) : 1;
  const policy = failurePolicy(persona);
  const min = coverageMin(persona);
  return {
    explanation,
    tiers,
    matrix: { include: matrixOf(catalog, tiers, shards) },
    shards,
    retries: policy.retries,
    timeoutMinutes: Math.ceil(policy.timeouts_ms.test / 60_000),
    failFast: failFast(persona),
    ...(min === undefined ? {} : { coverageMin: min }),
  };
}
