import type { Scalar } from '../../src/persona/persona.js';
import { BUILTIN_CATALOGS } from '../../src/planning/builtin-catalogs.js';
import { profileSwitches, toolchainEnv } from '../../src/planning/toolchain-flags.js';
import { TOOLCHAINS } from '../../src/planning/toolchain.js';

/** The parameters of the six profiles as the contract defines them (independent of the catalog's data). */
const P: Record<string, Record<string, Scalar>> = {
  debug: { optimization_level: 0, size_optimised: false, lto: false, hardening: false, debug_info: true },
  fast: { optimization_level: 1, size_optimised: false, lto: false, hardening: false, debug_info: false },
  release: { optimization_level: 2, size_optimised: false, lto: false, hardening: false, debug_info: false },
  'max-performance': { optimization_level: 3, size_optimised: false, lto: true, hardening: false, debug_info: false },
  size: { optimization_level: 2, size_optimised: true, lto: false, hardening: false, debug_info: false },
  hardened: { optimization_level: 2, size_optimised: false, lto: false, hardening: true, debug_info: false },
};

const HARDEN_C = '-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fPIE';
const c = (flags: string, ld?: string) => ({ CFLAGS: flags, CXXFLAGS: flags, ...(ld ? { LDFLAGS: ld } : {}) });

describe('toolchainEnv: gcc and clang', () => {
  it.each([
    ['debug', c('-O0 -g')],
    ['fast', c('-O1')],
    ['release', c('-O2')],
    ['max-performance', c('-O3 -flto', '-flto')],
    ['size', c('-Os')],
    ['hardened', c(`-O2 ${HARDEN_C}`, '-pie -Wl,-z,relro,-z,now')],
  ])('gcc %s', (profile, env) => {
    expect(toolchainEnv('gcc', P[profile]!)).toEqual(env);
  });

  it('clang sets CC and CXX and links LTO with lld', () => {
    expect(toolchainEnv('clang', P['max-performance']!)).toEqual({ CC: 'clang', CXX: 'clang++', ...c('-O3 -flto', '-flto -fuse-ld=lld') });
    expect(toolchainEnv('clang', P.debug!)).toEqual({ CC: 'clang', CXX: 'clang++', ...c('-O0 -g') });
  });

  it('fortifies only an optimised build (glibc ignores _FORTIFY_SOURCE at -O0), but keeps the other mitigations', () => {
    expect(toolchainEnv('gcc', { ...P.debug, hardening: true })).toEqual(c('-O0 -g -fstack-protector-strong -fPIE', '-pie -Wl,-z,relro,-z,now'));
    expect(toolchainEnv('gcc', { ...P.size, hardening: true }).CFLAGS).toBe(`-Os ${HARDEN_C}`);
    expect(toolchainEnv('gcc', { hardening: true }).CFLAGS).toBe('-fstack-protector-strong -fPIE');
  });

  it('leaves out a variable that would be empty, so the job keeps its own value', () => {
    expect(toolchainEnv('gcc', {})).toEqual({});
    expect(toolchainEnv('gcc', P.release!)).not.toHaveProperty('LDFLAGS');
  });
});

describe('toolchainEnv: rust', () => {
  it.each([
    ['debug', { OPT_LEVEL: '0', LTO: 'false', DEBUG: 'true', DEBUG_ASSERTIONS: 'true', OVERFLOW_CHECKS: 'true' }],
    ['fast', { OPT_LEVEL: '1', LTO: 'false', DEBUG: 'false' }],
    ['release', { OPT_LEVEL: '2', LTO: 'false', DEBUG: 'false' }],
    ['max-performance', { OPT_LEVEL: '3', LTO: 'true', DEBUG: 'false' }],
    ['size', { OPT_LEVEL: 's', LTO: 'false', DEBUG: 'false' }],
    ['hardened', { OPT_LEVEL: '2', LTO: 'false', DEBUG: 'false', OVERFLOW_CHECKS: 'true' }],
  ])('%s', (profile, profileVars: Record<string, string>) => {
    const expected: Record<string, string> = Object.fromEntries(Object.entries(profileVars).map(([k, v]) => [`CARGO_PROFILE_RELEASE_${k}`, v]));
    if (profile === 'hardened') expected.RUSTFLAGS = '-C relocation-model=pie -C link-arg=-Wl,-z,relro,-z,now';
    expect(toolchainEnv('rust', P[profile]!)).toEqual(expected);
  });
});

describe('toolchainEnv: go', () => {
  it.each([
    ['debug', "'-gcflags=all=-N -l'"],
    ['fast', "-trimpath '-ldflags=-s -w'"],
    ['release', "-trimpath '-ldflags=-s -w'"],
    ['max-performance', "-trimpath '-ldflags=-s -w'"],
    ['size', "-trimpath '-ldflags=-s -w'"],
    ['hardened', "-trimpath -buildmode=pie '-ldflags=-s -w'"],
  ])('%s → GOFLAGS=%s', (profile, goflags) => {
    expect(toolchainEnv('go', P[profile]!)).toEqual({ GOFLAGS: goflags });
  });

  it('keeps symbols when the profile keeps debug information', () => {
    expect(toolchainEnv('go', { ...P.release, debug_info: true })).toEqual({ GOFLAGS: '-trimpath' });
  });
});

describe('toolchainEnv: node, java, dotnet', () => {
  it('node: development for a debug build, production (devDependencies still installed) otherwise', () => {
    expect(toolchainEnv('node', P.debug!)).toEqual({ NODE_ENV: 'development' });
    for (const profile of ['fast', 'release', 'max-performance', 'size', 'hardened']) {
      expect(toolchainEnv('node', P[profile]!)).toEqual({ NODE_ENV: 'production', npm_config_include: 'dev' });
    }
  });

  it.each([
    ['debug', 'lines,vars,source'],
    ['release', 'lines,source'],
    ['max-performance', 'lines,source'],
    ['hardened', 'lines,source'],
    ['size', 'none'],
  ])('java %s: javac debug level %s for Maven and Gradle', (profile, level) => {
    expect(toolchainEnv('java', P[profile]!)).toEqual({
      MAVEN_ARGS: `-Dmaven.compiler.debug=true -Dmaven.compiler.debuglevel=${level}`,
      ORG_GRADLE_PROJECT_personaDebugLevel: level,
    });
  });

  it.each([
    ['debug', { Configuration: 'Debug' }],
    ['fast', { Configuration: 'Release' }],
    ['max-performance', { Configuration: 'Release' }],
    ['size', { Configuration: 'Release', DebugType: 'none' }],
    ['hardened', { Configuration: 'Release', CheckForOverflowUnderflow: 'true', ContinuousIntegrationBuild: 'true' }],
  ])('dotnet %s', (profile, env) => {
    expect(toolchainEnv('dotnet', P[profile]!)).toEqual(env);
  });
});

describe('profileSwitches: untrusted catalog parameters', () => {
  it('rounds and clamps the level, ignores a level that is not a finite number', () => {
    expect(profileSwitches({ optimization_level: 7 }).level).toBe(3);
    expect(profileSwitches({ optimization_level: -2 }).level).toBe(0);
    expect(profileSwitches({ optimization_level: 1.6 }).level).toBe(2);
    for (const bad of ['3', 's', true, Number.NaN, Number.POSITIVE_INFINITY]) expect(profileSwitches({ optimization_level: bad }).level).toBeUndefined();
  });

  it('turns a switch on only for exactly true', () => {
    expect(profileSwitches({ lto: 'true', hardening: 1, debug_info: 'yes', size_optimised: 'false' })).toEqual({
      size: false,
      lto: false,
      hardening: false,
      debugInfo: false,
    });
  });

  it('never copies a parameter text into the environment (only constants and the level digit)', () => {
    const hostile = { optimization_level: 2, runner_size: '$(touch /tmp/x)', description: '`rm -rf /`', hardening: '; reboot' };
    for (const t of TOOLCHAINS) {
      for (const value of Object.values(toolchainEnv(t, hostile))) expect(value).not.toMatch(/touch|rm -rf|reboot/);
    }
  });
});

describe('the built-in build profiles', () => {
  it('carry the parameters the mapping reads, so each maps to its own gcc flags', () => {
    const byId = Object.fromEntries(BUILTIN_CATALOGS.build.options.map((o) => [o.id, toolchainEnv('gcc', o.parameters).CFLAGS]));
    expect(byId).toEqual({ debug: '-O0 -g', fast: '-O1', release: '-O2', 'max-performance': '-O3 -flto', size: '-Os', hardened: `-O2 ${HARDEN_C}` });
  });
});
