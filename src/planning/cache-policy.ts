/**
 * Dependency caching from the persona's goals: a cost- or velocity-minded
 * persona caches the toolchain's dependency folders (keyed by its lockfiles,
 * restored at the start of adapt-build and saved in its `post:` step); a
 * security-minded one scopes the cache to its own branch, so no other
 * branch's cache is ever restored. Pure: the wiring hashes the lockfiles.
 */
import type * as Crypto from 'node:crypto';
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import { quote } from '../errors/quote.js';
import type { Toolchain } from './toolchain.js';

/** What adapt-build does with the dependency cache. */
export interface CachePolicy {
  enabled: boolean;
  /** Why, in one sentence (for `explain` and the job summary). */
  reason: string;
  /** The exact key saved and looked up (absent when disabled). */
  key?: string;
  /** Prefixes a miss falls back to, most specific first (empty when disabled). */
  restoreKeys: string[];
  /** Folders cached (empty when disabled). */
  paths: string[];
  /** True when the key and every restore prefix carry the ref's digest. */
  branchScoped: boolean;
}

/** The workspace facts a cache key needs. */
export interface CacheFacts {
  /** `runner.os` (`Linux`); the wiring may add the architecture (`Linux-X64`). */
  os: string;
  /** The ref built (`refs/heads/main`). */
  ref: string;
  /** A digest of the toolchain's lockfiles that exist; absent when there are none. */
  lockfileHash?: string;
}

/**
 * The files whose contents key each toolchain's cache, relative to the
 * working directory (`*` matches within one path segment); the wiring hashes
 * those that exist. A C or C++ project caches only with a package manager.
 */
export const LOCKFILES: Readonly<Record<Toolchain, readonly string[]>> = {
  node: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'],
  rust: ['Cargo.lock'],
  go: ['go.sum'],
  java: ['pom.xml', 'gradle.lockfile', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'gradle/libs.versions.toml'],
  dotnet: ['packages.lock.json', '*.csproj', '*.fsproj', 'Directory.Packages.props'],
  gcc: ['conan.lock', 'conanfile.txt', 'conanfile.py', 'vcpkg.json'],
  clang: ['conan.lock', 'conanfile.txt', 'conanfile.py', 'vcpkg.json'],
};

const C_FAMILY_PATHS = ['~/.cache/ccache', '~/.conan2/p', '~/.cache/vcpkg/archives'];

/** The folders each toolchain's dependencies (and compiler caches) live in. */
export const CACHE_PATHS: Readonly<Record<Toolchain, readonly string[]>> = {
  node: ['~/.npm', '~/.cache/yarn', '~/.local/share/pnpm/store'],
  rust: ['~/.cargo/registry', '~/.cargo/git'],
  go: ['~/go/pkg/mod', '~/.cache/go-build'],
  java: ['~/.m2/repository', '~/.gradle/caches', '~/.gradle/wrapper'],
  dotnet: ['~/.nuget/packages'],
  gcc: C_FAMILY_PATHS,
  clang: C_FAMILY_PATHS,
};

/** A goal weighs this much or more to turn caching on (cost, velocity, build_time). */
export const CACHE_GOAL_WEIGHT = 0.3;
/** A security goal weighs this much or more to scope the cache to the branch. */
export const BRANCH_SCOPE_WEIGHT = 0.5;
const CACHE_GOALS = ['cost', 'velocity', 'build_time'];

/** The weight of a goal of the persona (0 when it has none). */
const weightOf = (persona: Pick<ResolvedPersona, 'optimization_goals'>, metric: string) =>
  persona.optimization_goals.find((goal) => goal.metric === metric)?.weight ?? 0;

/** A key segment: characters a cache key allows (no commas), bounded. */
const segment = (value: string, max: number) => value.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, max) || 'none';

/** The first 12 hex digits of sha256(ref): the ref in a key without its slashes, length or commas. */
export function refDigest(ref: string): string {
  // node:crypto only when a digest is needed: loading it costs every adapter start a few milliseconds.
  const { createHash } = process.getBuiltinModule('node:crypto') as typeof Crypto;
  return createHash('sha256').update(ref, 'utf8').digest('hex').slice(0, 12);
}

/** Whether the goals call for a dependency cache (the heaviest of cost, velocity and build_time weighs ≥ 0.3), before any lockfile is hashed. */
export function cacheWanted(persona: Pick<ResolvedPersona, 'optimization_goals'>): boolean {
  return CACHE_GOALS.some((metric) => weightOf(persona, metric) >= CACHE_GOAL_WEIGHT);
}

/**
 * The cache policy:
 * - enabled when the heaviest of the `cost`, `velocity` and `build_time`
 *   goals weighs ≥ 0.3 and a lockfile hash exists;
 * - branch-scoped when the `security` goal weighs ≥ 0.5: the ref's digest is
 *   in the key and in the restore prefix, so a miss restores only this ref's
 *   older caches;
 * - key `persona-deps-<toolchain>-<os>[-<refDigest>]-<lockfileHash>`, restore
 *   prefix the key without the lockfile hash (`os` and the hash keep only
 *   `[A-Za-z0-9._-]`, cut to 40 and 128 characters).
 */
export function cachePolicy(persona: Pick<ResolvedPersona, 'optimization_goals'>, toolchain: Toolchain, facts: CacheFacts): CachePolicy {
  const drivers = CACHE_GOALS.map((metric) => ({ metric, weight: weightOf(persona, metric) }));
  const heaviest = drivers.reduce((a, b) => (b.weight > a.weight ? b : a));
  const security = weightOf(persona, 'security');
  const branchScoped = security >= BRANCH_SCOPE_WEIGHT;
  const off = (reason: string): CachePolicy => ({ enabled: false, reason, restoreKeys: [], paths: [], branchScoped });
  if (heaviest.weight < CACHE_GOAL_WEIGHT) return off(`no cost, velocity or build_time goal weighs ${CACHE_GOAL_WEIGHT} or more`);
  if (!facts.lockfileHash) return off(`no lockfile to key the cache (${LOCKFILES[toolchain].join(', ')})`);
  const prefix = `persona-deps-${toolchain}-${segment(facts.os, 40)}-${branchScoped ? `${refDigest(facts.ref)}-` : ''}`;
  const scope = branchScoped ? `, scoped to ref ${quote(facts.ref)} (security goal ${security})` : '';
  return {
    enabled: true,
    reason: `${heaviest.metric} goal ${heaviest.weight} ≥ ${CACHE_GOAL_WEIGHT}: dependencies cached${scope}`,
    key: `${prefix}${segment(facts.lockfileHash, 128)}`,
    restoreKeys: [prefix],
    paths: [...CACHE_PATHS[toolchain]],
    branchScoped,
  };
}
