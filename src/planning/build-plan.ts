/**
 * adapt-build's decision: the build profile the persona chooses, the
 * environment that builds it with the workspace's toolchain, the dependency
 * cache policy, and (when the organisation maps runner sizes to labels) a
 * runner for later jobs. Pure.
 */
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import type { PatternEngine } from '../persona/pattern-engine.js';
import { cachePolicy, type CacheFacts, type CachePolicy } from './cache-policy.js';
import type { Catalog, CatalogOption } from './catalog.js';
import type { StageExplanation } from './explanation.js';
import { planStage } from './plan-stage.js';
import { chooseRunner, type RunnerLabels, type RunnerMap } from './runner-choice.js';
import type { Toolchain } from './toolchain.js';
import { toolchainEnv } from './toolchain-flags.js';

/** What planBuild needs besides the persona and the catalog. */
export interface BuildPlanOptions {
  toolchain: Toolchain;
  /** The `runners` input: size → labels. Absent: no runner is suggested. */
  runners?: RunnerMap;
  /** Evaluates `matches` constraints. */
  patterns?: PatternEngine;
  /** os, ref and lockfile hash for the cache key; absent: the cache is off (no lockfile hash). */
  cacheFacts?: CacheFacts;
}

/** The build stage's plan. */
export interface BuildPlan {
  explanation: StageExplanation;
  /** The chosen profile; absent when every profile was rejected (see explanation.violations). */
  profile?: CatalogOption;
  /** The environment of the build (`PERSONA_BUILD_PROFILE` and the toolchain's flags); empty without a profile. */
  env: Record<string, string>;
  cache: CachePolicy;
  /** The runner suggested for later jobs, from the `runners` map. */
  runner?: RunnerLabels;
  /** The profile's `runner_size` parameter, when it is a string. */
  runnerSize?: string;
}

/**
 * Plans the build: planStage('build', …) chooses the profile; its parameters
 * become the toolchain's environment (toolchain-flags.ts) plus
 * `PERSONA_BUILD_PROFILE=<profile id>`; the cache policy follows the goals
 * (cache-policy.ts); the runner is chooseRunner(profile's `runner_size`,
 * `runners`). Without a profile the env is empty and no runner is suggested.
 */
export function planBuild(persona: ResolvedPersona, catalog: Catalog, options: BuildPlanOptions): BuildPlan {
  const explanation = planStage('build', catalog, persona, options.patterns);
  const chosen = explanation.chosen[0];
  const profile = chosen === undefined ? undefined : catalog.options.find((option) => option.id === chosen);
  const cache = cachePolicy(persona, options.toolchain, options.cacheFacts ?? { os: 'unknown', ref: 'unknown' });
  if (!profile) return { explanation, env: {}, cache };
  const env = { ...toolchainEnv(options.toolchain, profile.parameters), PERSONA_BUILD_PROFILE: profile.id };
  const size = profile.parameters.runner_size;
  const runnerSize = typeof size === 'string' ? size : undefined;
  const runner = chooseRunner(runnerSize, options.runners);
  return { explanation, profile, env, cache, ...(runner ? { runner } : {}), ...(runnerSize === undefined ? {} : { runnerSize }) };
}
