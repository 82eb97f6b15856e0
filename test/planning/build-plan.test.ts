import { resolveBlend } from '../../src/blend/blend.js';
import type { ResolvedPersona } from '../../src/blend/resolved-persona.js';
import { BUILTIN_DEFINITIONS } from '../../src/library/builtin-personas.generated.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import type { Constraint } from '../../src/persona/persona.js';
import { planBuild } from '../../src/planning/build-plan.js';
import { BUILTIN_CATALOGS } from '../../src/planning/builtin-catalogs.js';
import type { Catalog } from '../../src/planning/catalog.js';
import { toolchainEnv } from '../../src/planning/toolchain-flags.js';

const library = PersonaLibrary.build([{ label: 'built-in', definitions: BUILTIN_DEFINITIONS, diagnostics: [] }]);
const resolve = (expression: string) => resolveBlend(library, expression, { onConflict: 'weighted' });
const RUNNERS = { small: 'ubuntu-latest', medium: 'ubuntu-latest-4-cores', large: ['self-hosted', 'x64-16core'] };

/** A resolved persona written by hand: goals by weight, constraints, risk medium. */
function persona(goals: Record<string, number>, constraints: Constraint[] = []): ResolvedPersona {
  return {
    id: 'p',
    name: 'P',
    blend: [{ id: 'p', weight: 1 }],
    risk_tolerance: 'medium',
    risk_tolerance_from: ['p'],
    constraints: constraints.map((c) => ({ ...c, from: ['p'] })),
    optimization_goals: Object.entries(goals).map(([metric, weight]) => ({ metric, weight, from: ['p'] })),
    monitoring_thresholds: [],
    conflicts: [],
  };
}

describe('planBuild: the built-in personas', () => {
  it.each([
    ['balanced', 'hardened', 'medium'],
    ['cost-optimization', 'fast', 'small'],
    ['freeze', 'hardened', 'medium'],
    ['high-velocity', 'fast', 'small'],
    ['performance', 'max-performance', 'large'],
    ['security-first', 'hardened', 'medium'],
    ['stability', 'hardened', 'medium'],
    ['security-first:0.6,cost-optimization:0.4', 'hardened', 'medium'],
    ['high-velocity:0.7,stability:0.3', 'fast', 'small'],
  ])('%s builds %s on a %s runner', (expression, profile, size) => {
    const plan = planBuild(resolve(expression), BUILTIN_CATALOGS.build, { toolchain: 'gcc', runners: RUNNERS });
    expect(plan.profile?.id).toBe(profile);
    expect(plan.explanation.chosen).toEqual([profile]);
    expect(plan.explanation.ranking[0]!.id).toBe(profile);
    expect(plan.runnerSize).toBe(size);
    expect(plan.runner).toEqual({ size, labels: ([] as string[]).concat(RUNNERS[size as keyof typeof RUNNERS]) });
    expect(plan.env).toEqual({ ...toolchainEnv('gcc', plan.profile!.parameters), PERSONA_BUILD_PROFILE: profile });
  });

  it('explains why cost-optimization cannot have max-performance: its optimization_level <= 2', () => {
    const { explanation } = planBuild(resolve('cost-optimization'), BUILTIN_CATALOGS.build, { toolchain: 'rust' });
    const rejected = explanation.rejected.find((r) => r.id === 'max-performance');
    expect(rejected?.constraint).toMatchObject({ parameter: 'optimization_level', operator: '<=', value: 2 });
    expect(rejected?.from).toEqual(['cost-optimization']);
    expect(explanation.ranking.map((r) => r.id)).not.toContain('max-performance');
  });

  it('turns the profile into the chosen toolchain environment', () => {
    const plan = planBuild(resolve('security-first'), BUILTIN_CATALOGS.build, { toolchain: 'rust' });
    expect(plan.env).toMatchObject({ PERSONA_BUILD_PROFILE: 'hardened', CARGO_PROFILE_RELEASE_OPT_LEVEL: '2', CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS: 'true' });
    expect(plan.env.RUSTFLAGS).toContain('relocation-model=pie');
    expect(planBuild(resolve('high-velocity'), BUILTIN_CATALOGS.build, { toolchain: 'node' }).env).toEqual({
      NODE_ENV: 'production',
      npm_config_include: 'dev',
      PERSONA_BUILD_PROFILE: 'fast',
    });
  });
});

describe('planBuild: runner, cache and failure', () => {
  it('suggests no runner without a runners map, but still says which size the profile wants', () => {
    const plan = planBuild(resolve('performance'), BUILTIN_CATALOGS.build, { toolchain: 'go' });
    expect(plan.runner).toBeUndefined();
    expect(plan.runnerSize).toBe('large');
  });

  it('computes the cache policy from the goals and the facts it is given', () => {
    const cacheFacts = { os: 'Linux', ref: 'refs/heads/main', lockfileHash: 'f00d' };
    const cheap = planBuild(resolve('cost-optimization'), BUILTIN_CATALOGS.build, { toolchain: 'go', cacheFacts });
    expect(cheap.cache).toMatchObject({ enabled: true, key: 'persona-deps-go-Linux-f00d', branchScoped: false });
    const secure = planBuild(resolve('security-first'), BUILTIN_CATALOGS.build, { toolchain: 'go', cacheFacts });
    expect(secure.cache.enabled).toBe(false);
    expect(planBuild(resolve('cost-optimization'), BUILTIN_CATALOGS.build, { toolchain: 'go' }).cache.enabled).toBe(false);
  });

  it('with every profile rejected: no profile, an empty env, no runner, one violation', () => {
    const strict = persona({ performance: 1 }, [{ parameter: 'optimization_level', operator: '>', value: 3 }]);
    const plan = planBuild(strict, BUILTIN_CATALOGS.build, { toolchain: 'gcc', runners: RUNNERS });
    expect(plan.profile).toBeUndefined();
    expect(plan.env).toEqual({});
    expect(plan.runner).toBeUndefined();
    expect(plan.explanation.chosen).toEqual([]);
    expect(plan.explanation.violations).toHaveLength(1);
    expect(plan.explanation.violations[0]!.message).toContain('no build option satisfies');
  });

  it("uses a user catalog's own option and its runner size", () => {
    const catalog: Catalog = {
      ...BUILTIN_CATALOGS.build,
      options: [
        {
          id: 'release-lto',
          parameters: { optimization_level: 3, lto: true, hardening: true, runner_size: 'xlarge' },
          estimates: { build_time: 9, performance: 0.97, cost: 3 },
        },
        { id: 'quick', parameters: { optimization_level: 1, runner_size: 7 }, estimates: { build_time: 1, performance: 0.2, cost: 1 } },
      ],
    };
    const fast = planBuild(persona({ velocity: 1 }), catalog, { toolchain: 'clang', runners: RUNNERS });
    expect(fast.profile?.id).toBe('quick');
    expect(fast.runnerSize).toBeUndefined();
    expect(fast.runner).toBeUndefined();
    const perf = planBuild(persona({ performance: 1 }), catalog, { toolchain: 'clang', runners: RUNNERS });
    expect(perf.profile?.id).toBe('release-lto');
    expect(perf.runner).toEqual({ size: 'large', labels: ['self-hosted', 'x64-16core'] });
    expect(perf.env).toMatchObject({ CC: 'clang', LDFLAGS: '-flto -fuse-ld=lld -pie -Wl,-z,relro,-z,now', PERSONA_BUILD_PROFILE: 'release-lto' });
  });
});
