import { StageInputs } from '../../wiring/stage-inputs.js';
import { StageOutputs } from '../../wiring/stage-outputs.js';

/** adapt-test's input names, as in actions/adapt-test/action.yml. */
export const Inputs = {
  ...StageInputs,
  MaxShards: 'max-shards',
  Suites: 'suites',
  Tier: 'tier',
  CoverageReport: 'coverage-report',
  Coverage: 'coverage',
} as const;

/** adapt-test's output names. */
export const Outputs = {
  ...StageOutputs,
  Tiers: 'tiers',
  Matrix: 'matrix',
  Retries: 'retries',
  TimeoutMinutes: 'timeout-minutes',
  FailFast: 'fail-fast',
  CoverageMin: 'coverage-min',
  CoverageMeasured: 'coverage-measured',
} as const;

/** The shards of a shardable tier when `max-shards` is empty. */
export const DEFAULT_MAX_SHARDS = 4;
/** The most shards `max-shards` may ask for (a matrix holds at most 256 jobs). */
export const MAX_SHARDS_LIMIT = 64;
/** The most bytes of a coverage report read. */
export const MAX_COVERAGE_REPORT_BYTES = 64 * 1024 * 1024;
