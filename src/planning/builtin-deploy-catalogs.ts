/**
 * The deploy stage's built-in catalogs: instance types and deployment
 * strategies, each option with estimated metric values. Plain data; library
 * `catalogs:` documents add options or replace a catalog (for another
 * cloud's instance types, `replace: true`).
 *
 * The instance types carry the names of a common cloud so the built-in
 * personas' constraints (`instance_type in [t3.micro, …]`) read naturally;
 * cost is the on-demand price in USD per hour, `vcpu` and `memory_gib` are
 * parameters (so `vcpu >= 4` filters), and performance is a relative score
 * from 0 to 1. The strategies estimate how long a deployment takes
 * (minutes), what it costs relative to a direct one, and how reliable it is
 * (how little of a bad release reaches users) from 0 to 1.
 */
import type { Catalog, CatalogOption } from './catalog.js';

/** One instance type as a catalog option. */
function instance(id: string, vcpu: number, memoryGib: number, arch: string, usdPerHour: number, performance: number, reliability: number): CatalogOption {
  return {
    id,
    description: `${vcpu} vCPU, ${memoryGib} GiB, ${arch}, $${usdPerHour}/h`,
    parameters: { vcpu, memory_gib: memoryGib, arch, burstable: id.startsWith('t') },
    estimates: { cost: usdPerHour, performance, reliability },
  };
}

/** Instance types (`instance_type`): one is chosen. Burstable types throttle when out of CPU credits, so they are less reliable under load. */
export const INSTANCE_TYPES: Catalog = {
  name: 'instance-types',
  parameter: 'instance_type',
  choice: 'one',
  metrics: { cost: 'lower', performance: 'higher', reliability: 'higher' },
  goals: { latency: 'performance', throughput: 'performance' },
  options: [
    instance('t3.micro', 2, 1, 'x86_64', 0.0104, 0.05, 0.6),
    instance('t3.small', 2, 2, 'x86_64', 0.0208, 0.08, 0.6),
    instance('t3.medium', 2, 4, 'x86_64', 0.0416, 0.12, 0.65),
    instance('t3.large', 2, 8, 'x86_64', 0.0832, 0.18, 0.65),
    instance('m6i.large', 2, 8, 'x86_64', 0.096, 0.25, 0.9),
    instance('m6i.xlarge', 4, 16, 'x86_64', 0.192, 0.45, 0.9),
    instance('c6i.xlarge', 4, 8, 'x86_64', 0.17, 0.55, 0.9),
    instance('c6i.2xlarge', 8, 16, 'x86_64', 0.34, 0.85, 0.9),
    instance('c7g.xlarge', 4, 8, 'arm64', 0.145, 0.6, 0.9),
    instance('c7g.2xlarge', 8, 16, 'arm64', 0.29, 0.95, 0.9),
    instance('r6i.large', 2, 16, 'x86_64', 0.126, 0.25, 0.9),
  ],
};

/**
 * Deployment strategies (`strategy`): one is chosen. `none` deploys
 * nothing (`deploys: false`): it is chosen only when the persona's
 * constraints allow nothing else, and a persona that asks for it alone
 * (`strategy = none`) closes deployments (a freeze).
 */
export const STRATEGIES: Catalog = {
  name: 'strategies',
  parameter: 'strategy',
  choice: 'one',
  metrics: { duration: 'lower', cost: 'lower', reliability: 'higher' },
  goals: { velocity: 'duration', build_time: 'duration', security: 'reliability' },
  options: [
    {
      id: 'direct',
      description: 'Replace every instance at once: the quickest, and every user meets a bad release.',
      parameters: { deploys: true, progressive: false },
      estimates: { duration: 2, cost: 1, reliability: 0.3 },
    },
    {
      id: 'rolling',
      description: 'Replace instances in batches, keeping capacity.',
      parameters: { deploys: true, progressive: true },
      estimates: { duration: 8, cost: 1.1, reliability: 0.6 },
    },
    {
      id: 'blue-green',
      description: 'Deploy a second environment and switch traffic at once; switching back is the rollback.',
      parameters: { deploys: true, progressive: false },
      estimates: { duration: 10, cost: 2, reliability: 0.85 },
    },
    {
      id: 'canary',
      description: 'Shift traffic in steps (the canary steps), watching between them.',
      parameters: { deploys: true, progressive: true },
      estimates: { duration: 20, cost: 1.3, reliability: 0.95 },
    },
    {
      id: 'none',
      description: 'Deploy nothing.',
      parameters: { deploys: false, progressive: false },
      estimates: {},
    },
  ],
};
