import { TOOLCHAINS } from '../../planning/toolchain.js';
import { StageInputs } from '../../wiring/stage-inputs.js';
import { StageOutputs } from '../../wiring/stage-outputs.js';

/** adapt-build's input names, as in actions/adapt-build/action.yml. */
export const Inputs = {
  ...StageInputs,
  Toolchain: 'toolchain',
  Runners: 'runners',
  DependencyCache: 'dependency-cache',
} as const;

/** adapt-build's output names. */
export const Outputs = {
  ...StageOutputs,
  Profile: 'profile',
  Env: 'env',
  CacheKey: 'cache-key',
  Runner: 'runner',
} as const;

/** `auto` (detected from the working directory) or one of the toolchains. */
export const TOOLCHAIN_CHOICES = ['auto', ...TOOLCHAINS] as const;

/** `auto`: the persona's goals decide (cost or velocity cache, security keeps caches per branch); `off`: never. */
export const DEPENDENCY_CACHE_CHOICES = ['auto', 'off'] as const;

/** Names under which the main step hands the cache to the `post:` step (GITHUB_STATE). */
export const SavedState = {
  CacheKey: 'cache-key',
  CachePaths: 'cache-paths',
  CacheMatched: 'cache-matched',
} as const;
