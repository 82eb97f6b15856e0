/**
 * The parameters the stages understand: the one table of their names, kinds,
 * the stage that sets each, and whether a constraint on it is checked before
 * anything runs (*planned*) or after the run from what it produced
 * (*measured*). Rendered in the README ("Parameters the stages understand").
 * Parameters not listed here pass through untouched. Pure data.
 */

/** What a parameter's value is: one number, string or boolean, or a set of items (the stage chooses several). */
export type ParameterKind = 'number' | 'string' | 'boolean' | 'set';
/** The stage that sets the parameter. */
export type ParameterStage = 'build' | 'test' | 'deploy';
/** When a constraint on the parameter is checked: before the stage runs, or after it from what it produced. */
export type ParameterCheck = 'planned' | 'measured';

/** One parameter of the registry. */
export interface ParameterSpec {
  name: string;
  kind: ParameterKind;
  stage: ParameterStage;
  check: ParameterCheck;
  /** What it means, in one sentence (markdown). */
  description: string;
}

/** The registry, by stage. */
export const PARAMETERS: readonly ParameterSpec[] = [
  { name: 'optimization_level', kind: 'number', stage: 'build', check: 'planned', description: 'Compiler optimisation level of the build profile, 0–3.' },
  {
    name: 'build_profile',
    kind: 'string',
    stage: 'build',
    check: 'planned',
    description: 'The build profile chosen (`debug`, `fast`, `release`, `max-performance`, `size`, `hardened`).',
  },
  { name: 'hardening', kind: 'boolean', stage: 'build', check: 'planned', description: 'Hardening flags (fortify, stack protector, PIE, RELRO) in the build.' },
  { name: 'lto', kind: 'boolean', stage: 'build', check: 'planned', description: 'Link-time optimisation in the build profile.' },
  {
    name: 'size_optimised',
    kind: 'boolean',
    stage: 'build',
    check: 'planned',
    description: 'The profile optimises for binary size (`-Os`, `opt-level = "s"`).',
  },
  { name: 'debug_info', kind: 'boolean', stage: 'build', check: 'planned', description: 'Debug information in the build (`-g`).' },
  {
    name: 'runner_size',
    kind: 'string',
    stage: 'build',
    check: 'planned',
    description: "The runner size the profile wants (`small`, `medium`, `large`), looked up in adapt-build's `runners` map.",
  },
  {
    name: 'test_tiers',
    kind: 'set',
    stage: 'test',
    check: 'planned',
    description: 'The test tiers run: `in` allows, `includes` requires, `excludes` forbids.',
  },
  { name: 'security_scan', kind: 'boolean', stage: 'test', check: 'planned', description: 'Whether a security tier (dependency audit, SAST) runs.' },
  {
    name: 'coverage',
    kind: 'number',
    stage: 'test',
    check: 'measured',
    description: 'Line coverage in percent, read after the run from an lcov or Cobertura report (or a number input).',
  },
  { name: 'instance_type', kind: 'string', stage: 'deploy', check: 'planned', description: 'The instance type deployed to.' },
  { name: 'replicas', kind: 'number', stage: 'deploy', check: 'planned', description: 'How many replicas are deployed.' },
  { name: 'region', kind: 'string', stage: 'deploy', check: 'planned', description: 'The region deployed to.' },
  {
    name: 'strategy',
    kind: 'string',
    stage: 'deploy',
    check: 'planned',
    description: '`direct`, `rolling`, `blue-green`, `canary` or `none` (no deployment).',
  },
  {
    name: 'canary_steps',
    kind: 'string',
    stage: 'deploy',
    check: 'planned',
    description:
      'Traffic percentages of a canary deployment, increasing to 100 (`= "10,50,100"`); without it the risk tolerance decides (low `5,25,50,100`, medium `25,50,100`, high `100`).',
  },
  {
    name: 'deployment_frequency',
    kind: 'number',
    stage: 'deploy',
    check: 'planned',
    description:
      'Deployments per day, counted over the last 24 h through the Deployments API: an upper bound blocks (warns under high risk), a lower bound is a target, reported; `<= 0` closes deployments: a freeze, which wins in every blend.',
  },
  {
    name: 'deploy_window',
    kind: 'string',
    stage: 'deploy',
    check: 'planned',
    description:
      'When deployments may happen: `in ["Mon-Fri 09:00-17:00", "Sat 10:00-12:00 Europe/Berlin"]` (UTC unless an IANA zone is named; alternatives within a persona, every persona of a blend must allow the moment); `not_in` lists blackouts.',
  },
];

/** The registered parameter called `name`, if any. */
export function parameterSpec(name: string): ParameterSpec | undefined {
  return PARAMETERS.find((p) => p.name === name);
}
