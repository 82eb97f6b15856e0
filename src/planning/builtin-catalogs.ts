/**
 * The catalogs that ship with the package: build profiles and test tiers
 * (here), instance types and strategies (builtin-deploy-catalogs.ts),
 * each option with estimated metric values. Plain data (no parsing at run
 * time); library `catalogs:` documents add or replace options on top of them
 * (merge-catalogs.ts).
 *
 * The estimates are relative figures calibrated so the built-in personas get
 * sensible choices (the README's "Stage choices" table, generated from this
 * file, shows them): build_time and duration in minutes, cost relative to a
 * `fast` build or a `unit` tier, performance, security and reliability from
 * 0 to 1, binary_size in MB, coverage in the percent of lines a tier adds.
 */
import type { Catalog } from './catalog.js';
import { INSTANCE_TYPES, STRATEGIES } from './builtin-deploy-catalogs.js';

/** Build profiles (`build_profile`): one is chosen. */
const BUILD: Catalog = {
  name: 'build',
  parameter: 'build_profile',
  choice: 'one',
  metrics: { build_time: 'lower', performance: 'higher', binary_size: 'lower', security: 'higher', cost: 'lower' },
  goals: { velocity: 'build_time', latency: 'performance', throughput: 'performance' },
  options: [
    {
      id: 'debug',
      description: 'No optimisation, full debug information: for debugging, not for shipping.',
      parameters: { optimization_level: 0, size_optimised: false, lto: false, hardening: false, debug_info: true, runner_size: 'small' },
      estimates: { build_time: 3, performance: 0.2, binary_size: 40, security: 0.1, cost: 1.2 },
    },
    {
      id: 'fast',
      description: 'Light optimisation without debug information: the quickest useful build.',
      parameters: { optimization_level: 1, size_optimised: false, lto: false, hardening: false, debug_info: false, runner_size: 'small' },
      estimates: { build_time: 2, performance: 0.5, binary_size: 20, security: 0.2, cost: 1 },
    },
    {
      id: 'release',
      description: 'The usual release build (-O2).',
      parameters: { optimization_level: 2, size_optimised: false, lto: false, hardening: false, debug_info: false, runner_size: 'medium' },
      estimates: { build_time: 5, performance: 0.8, binary_size: 12, security: 0.5, cost: 1.5 },
    },
    {
      id: 'max-performance',
      description: 'Aggressive optimisation with link-time optimisation (-O3, LTO): slow to build, fastest to run.',
      parameters: { optimization_level: 3, size_optimised: false, lto: true, hardening: false, debug_info: false, runner_size: 'large' },
      estimates: { build_time: 10, performance: 1, binary_size: 15, security: 0.4, cost: 3 },
    },
    {
      id: 'size',
      description: 'Optimised for a small binary (-Os).',
      parameters: { optimization_level: 2, size_optimised: true, lto: false, hardening: false, debug_info: false, runner_size: 'medium' },
      estimates: { build_time: 6, performance: 0.7, binary_size: 6, security: 0.5, cost: 1.6 },
    },
    {
      id: 'hardened',
      description: 'A release build with exploit mitigations: fortified sources, stack protector, PIE, full RELRO.',
      parameters: { optimization_level: 2, size_optimised: false, lto: false, hardening: true, debug_info: false, runner_size: 'medium' },
      estimates: { build_time: 5.5, performance: 0.75, binary_size: 14, security: 1, cost: 1.6 },
    },
  ],
};

/** Test tiers (`test_tiers`): a set is chosen. */
const TEST: Catalog = {
  name: 'test',
  parameter: 'test_tiers',
  choice: 'set',
  metrics: { duration: 'lower', cost: 'lower', coverage: 'higher', security: 'higher', reliability: 'higher', performance: 'higher' },
  goals: { velocity: 'duration', build_time: 'duration', latency: 'performance', throughput: 'performance' },
  options: [
    {
      id: 'smoke',
      description: 'A handful of checks that the build starts and answers.',
      parameters: { security_scan: false, shardable: false },
      estimates: { duration: 3, cost: 0.5, coverage: 5, security: 0.1, reliability: 0.4, performance: 0 },
    },
    {
      id: 'unit',
      description: 'Unit tests.',
      parameters: { security_scan: false, shardable: true },
      estimates: { duration: 3, cost: 1, coverage: 60, security: 0.3, reliability: 0.8, performance: 0 },
    },
    {
      id: 'integration',
      description: 'Integration tests against real dependencies.',
      parameters: { security_scan: false, shardable: true },
      estimates: { duration: 10, cost: 3, coverage: 20, security: 0.4, reliability: 0.85, performance: 0 },
    },
    {
      id: 'e2e',
      description: 'End-to-end tests of the deployed system.',
      parameters: { security_scan: false, shardable: true },
      estimates: { duration: 25, cost: 6, coverage: 10, security: 0.5, reliability: 0.9, performance: 0 },
    },
    {
      id: 'security',
      description: 'Dependency audit and static analysis (SAST).',
      parameters: { security_scan: true, shardable: false },
      estimates: { duration: 8, cost: 2, coverage: 0, security: 1, reliability: 0.5, performance: 0 },
    },
    {
      id: 'performance',
      description: 'Load and latency benchmarks.',
      parameters: { security_scan: false, shardable: false },
      estimates: { duration: 20, cost: 5, coverage: 0, security: 0.1, reliability: 0.5, performance: 1 },
    },
  ],
};

/** The built-in catalogs by name. Treat as read-only: mergeCatalogs copies before it changes anything. */
export const BUILTIN_CATALOGS: Record<'build' | 'test' | 'instance-types' | 'strategies', Catalog> = {
  build: BUILD,
  test: TEST,
  'instance-types': INSTANCE_TYPES,
  strategies: STRATEGIES,
};
