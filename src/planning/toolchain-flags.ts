/**
 * A build profile's parameters turned into the environment a toolchain reads.
 * Pure: constant flags chosen from typed parameters, never a profile's text.
 */
import type { Scalar } from '../persona/persona.js';
import type { Toolchain } from './toolchain.js';

/** The profile parameters the mapping reads, typed. */
export interface ProfileSwitches {
  /** 0..3, or undefined: no level (the build's own default). */
  level?: number;
  size: boolean;
  lto: boolean;
  hardening: boolean;
  debugInfo: boolean;
}

/** Reads the profile parameters the mapping understands (see {@link toolchainEnv}). */
export function profileSwitches(parameters: Record<string, Scalar>): ProfileSwitches {
  const raw = parameters.optimization_level;
  const level = typeof raw === 'number' && Number.isFinite(raw) ? Math.min(3, Math.max(0, Math.round(raw))) : undefined;
  return {
    ...(level === undefined ? {} : { level }),
    size: parameters.size_optimised === true,
    lto: parameters.lto === true,
    hardening: parameters.hardening === true,
    debugInfo: parameters.debug_info === true,
  };
}

const HARDENING_LINK = '-Wl,-z,relro,-z,now';

/** gcc and clang: `CFLAGS`/`CXXFLAGS`/`LDFLAGS` (and `CC`/`CXX` for clang). */
function cFamilyEnv(p: ProfileSwitches, clang: boolean): Record<string, string> {
  const compile: string[] = [];
  const link: string[] = [];
  if (p.size) compile.push('-Os');
  else if (p.level !== undefined) compile.push(`-O${p.level}`);
  if (p.debugInfo) compile.push('-g');
  if (p.lto) {
    compile.push('-flto');
    link.push('-flto', ...(clang ? ['-fuse-ld=lld'] : []));
  }
  if (p.hardening) {
    if (p.size || (p.level ?? 0) >= 1) compile.push('-U_FORTIFY_SOURCE', '-D_FORTIFY_SOURCE=3');
    compile.push('-fstack-protector-strong', '-fPIE');
    link.push('-pie', HARDENING_LINK);
  }
  const flags = compile.join(' ');
  return { ...(clang ? { CC: 'clang', CXX: 'clang++' } : {}), CFLAGS: flags, CXXFLAGS: flags, LDFLAGS: link.join(' ') };
}

/** rust: Cargo's release profile through `CARGO_PROFILE_RELEASE_*`, hardening through `RUSTFLAGS`. */
function rustEnv(p: ProfileSwitches): Record<string, string> {
  const env: Record<string, string> = {};
  if (p.size) env.CARGO_PROFILE_RELEASE_OPT_LEVEL = 's';
  else if (p.level !== undefined) env.CARGO_PROFILE_RELEASE_OPT_LEVEL = String(p.level);
  env.CARGO_PROFILE_RELEASE_LTO = String(p.lto);
  env.CARGO_PROFILE_RELEASE_DEBUG = String(p.debugInfo);
  if (p.level === 0) env.CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS = 'true';
  if (p.level === 0 || p.hardening) env.CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS = 'true';
  if (p.hardening) env.RUSTFLAGS = `-C relocation-model=pie -C link-arg=${HARDENING_LINK}`;
  return env;
}

/** go: one `GOFLAGS`, fields with spaces quoted whole. */
function goEnv(p: ProfileSwitches): Record<string, string> {
  const flags: string[] = [];
  if (p.level !== 0) flags.push('-trimpath');
  if (p.hardening) flags.push('-buildmode=pie');
  if (p.level === 0) flags.push("'-gcflags=all=-N -l'");
  if (!p.debugInfo) flags.push("'-ldflags=-s -w'");
  return { GOFLAGS: flags.join(' ') };
}

/** node: `NODE_ENV`, keeping devDependencies installable in production mode. */
function nodeEnv(p: ProfileSwitches): Record<string, string> {
  return p.level === 0 ? { NODE_ENV: 'development' } : { NODE_ENV: 'production', npm_config_include: 'dev' };
}

/** java: javac's debug level for Maven (`MAVEN_ARGS`) and Gradle (a project property). */
function javaEnv(p: ProfileSwitches): Record<string, string> {
  const debugLevel = p.debugInfo ? 'lines,vars,source' : p.size ? 'none' : 'lines,source';
  return {
    MAVEN_ARGS: `-Dmaven.compiler.debug=true -Dmaven.compiler.debuglevel=${debugLevel}`,
    ORG_GRADLE_PROJECT_personaDebugLevel: debugLevel,
  };
}

/** dotnet: MSBuild properties as environment variables. */
function dotnetEnv(p: ProfileSwitches): Record<string, string> {
  const env: Record<string, string> = {};
  if (p.level !== undefined || p.size) env.Configuration = p.level === 0 ? 'Debug' : 'Release';
  if (p.size && !p.debugInfo) env.DebugType = 'none';
  if (p.hardening) {
    env.CheckForOverflowUnderflow = 'true';
    env.ContinuousIntegrationBuild = 'true';
  }
  return env;
}

const MAPPINGS: Record<Toolchain, (p: ProfileSwitches) => Record<string, string>> = {
  gcc: (p) => cFamilyEnv(p, false),
  clang: (p) => cFamilyEnv(p, true),
  rust: rustEnv,
  go: goEnv,
  node: nodeEnv,
  java: javaEnv,
  dotnet: dotnetEnv,
};

/**
 * The environment that builds a profile with a toolchain.
 *
 * Profile parameters read (any other is ignored): `optimization_level`
 * (number, rounded and clamped to 0..3; absent or not a number = no level:
 * the build's own default), `size_optimised`, `lto`, `hardening`,
 * `debug_info` (each on only when exactly `true`).
 *
 * | toolchain | variable | value | read by |
 * |---|---|---|---|
 * | gcc, clang | `CFLAGS`, `CXXFLAGS` | `-O<level>` (`-Os` when size_optimised); `-g` when debug_info; `-flto` when lto; hardening: `-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3` (only when optimising: glibc ignores it at -O0) `-fstack-protector-strong -fPIE` | make's implicit rules, CMake (first configure), autoconf, meson |
 * | gcc, clang | `LDFLAGS` | `-flto` when lto (clang adds `-fuse-ld=lld`: clang's LTO needs an LLVM-aware linker); hardening: `-pie -Wl,-z,relro,-z,now` | same |
 * | clang | `CC`, `CXX` | `clang`, `clang++` | same |
 * | rust | `CARGO_PROFILE_RELEASE_OPT_LEVEL` | `<level>`, `s` when size_optimised | Cargo (config from the environment overrides Cargo.toml) |
 * | rust | `CARGO_PROFILE_RELEASE_LTO`, `CARGO_PROFILE_RELEASE_DEBUG` | `true` / `false` | Cargo |
 * | rust | `CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS` | `true` at level 0 (what the dev profile does) | Cargo |
 * | rust | `CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS` | `true` at level 0 and when hardening | Cargo |
 * | rust | `RUSTFLAGS` | hardening: `-C relocation-model=pie -C link-arg=-Wl,-z,relro,-z,now` (replaces `build.rustflags` of .cargo/config) | Cargo |
 * | go | `GOFLAGS` | `-trimpath` unless level 0; `-buildmode=pie` when hardening; `'-gcflags=all=-N -l'` at level 0; `'-ldflags=-s -w'` unless debug_info (a field with spaces is quoted whole: current Go splits GOFLAGS with cmd/internal/quoted; very old Go rejects it) | the go command |
 * | node | `NODE_ENV` | `development` at level 0, else `production` | Node tools, bundlers |
 * | node | `npm_config_include` | `dev` with `production` (npm omits devDependencies when NODE_ENV=production; a build needs them) | npm |
 * | java | `MAVEN_ARGS` | `-Dmaven.compiler.debug=true -Dmaven.compiler.debuglevel=<debug level>` | Maven ≥ 3.9 (older Mavens ignore it) |
 * | java | `ORG_GRADLE_PROJECT_personaDebugLevel` | `<debug level>` | Gradle sets the project property; the build script must apply it (convention) |
 * | dotnet | `Configuration` | `Debug` at level 0, else `Release` | MSBuild (environment variables are properties) |
 * | dotnet | `DebugType` | `none` when size_optimised without debug_info | MSBuild |
 * | dotnet | `CheckForOverflowUnderflow`, `ContinuousIntegrationBuild` | `true` when hardening | MSBuild |
 *
 * Java's debug level: `lines,vars,source` with debug_info, `none` when
 * size_optimised, else `lines,source` (stack traces keep line numbers).
 * javac has no optimisation level or LTO (the JIT optimises at run time) and
 * no compile-time hardening; those parameters map to nothing for java.
 * A variable whose value would be empty is left out, so the job's own value
 * (an `LDFLAGS` with `-L` paths) is not cleared.
 */
export function toolchainEnv(toolchain: Toolchain, profileParameters: Record<string, Scalar>): Record<string, string> {
  const env = MAPPINGS[toolchain](profileSwitches(profileParameters));
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}
