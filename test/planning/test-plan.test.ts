import { resolveBlend } from '../../src/blend/blend.js';
import type { ResolvedPersona } from '../../src/blend/resolved-persona.js';
import { BUILTIN_DEFINITIONS } from '../../src/library/builtin-personas.generated.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import type { Constraint } from '../../src/persona/persona.js';
import { BUILTIN_CATALOGS } from '../../src/planning/builtin-catalogs.js';
import type { Catalog } from '../../src/planning/catalog.js';
import { coverageMin, failFast, MAX_MATRIX_JOBS, planTests, shardCount } from '../../src/planning/test-plan.js';

const library = PersonaLibrary.build([{ label: 'built-in', definitions: BUILTIN_DEFINITIONS, diagnostics: [] }]);
const resolve = (expression: string) => resolveBlend(library, expression, { onConflict: 'weighted' });

/** A resolved persona written by hand. */
function persona(goals: Record<string, number>, constraints: Constraint[] = [], extra: Partial<ResolvedPersona> = {}): ResolvedPersona {
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
    ...extra,
  };
}

describe('planTests: the built-in personas (max-shards 4)', () => {
  it.each([
    // expression, tiers, shards, retries, timeout-minutes, fail-fast, coverage-min
    ['balanced', ['unit', 'integration', 'e2e'], 2, 2, 30, false, 75],
    ['cost-optimization', ['unit'], 1, 2, 30, true, undefined],
    ['freeze', ['unit', 'integration', 'e2e', 'security'], 1, 1, 30, false, undefined],
    ['high-velocity', ['smoke', 'unit'], 4, 3, 45, true, 60],
    ['performance', ['unit', 'performance'], 1, 2, 30, true, undefined],
    ['security-first', ['unit', 'security'], 1, 1, 30, false, 85],
    ['stability', ['unit', 'integration', 'e2e'], 1, 1, 30, false, 90],
    ['security-first:0.6,cost-optimization:0.4', ['unit', 'security'], 1, 1, 30, false, 85],
    ['high-velocity:0.7,stability:0.3', ['smoke', 'unit'], 3, 1, 30, true, 90],
  ])('%s', (expression, tiers, shards, retries, timeout, fast, coverage) => {
    const plan = planTests(resolve(expression), BUILTIN_CATALOGS.test, { maxShards: 4 });
    expect(plan.tiers).toEqual(tiers);
    expect(plan.explanation.chosen).toEqual(tiers);
    expect(plan.shards).toBe(shards);
    expect(plan.retries).toBe(retries);
    expect(plan.timeoutMinutes).toBe(timeout);
    expect(plan.failFast).toBe(fast);
    expect(plan.coverageMin).toBe(coverage);
  });

  it('balanced: a matrix of tier × shard for the shardable tiers', () => {
    expect(planTests(resolve('balanced'), BUILTIN_CATALOGS.test, { maxShards: 4 }).matrix).toEqual({
      include: [
        { tier: 'unit', shard: 1, shards: 2 },
        { tier: 'unit', shard: 2, shards: 2 },
        { tier: 'integration', shard: 1, shards: 2 },
        { tier: 'integration', shard: 2, shards: 2 },
        { tier: 'e2e', shard: 1, shards: 2 },
        { tier: 'e2e', shard: 2, shards: 2 },
      ],
    });
  });

  it('high-velocity: smoke as one job, unit in four shards', () => {
    expect(planTests(resolve('high-velocity'), BUILTIN_CATALOGS.test, { maxShards: 4 }).matrix.include.map((e) => `${e.tier}:${e.shard}/${e.shards}`)).toEqual([
      'smoke:1/1',
      'unit:1/4',
      'unit:2/4',
      'unit:3/4',
      'unit:4/4',
    ]);
  });

  it('no shardable tier chosen: shards is 1 whatever the goals', () => {
    const plan = planTests(persona({ velocity: 1 }, [{ parameter: 'test_tiers', operator: 'in', value: ['smoke', 'security'] }]), BUILTIN_CATALOGS.test, {
      maxShards: 8,
    });
    expect(plan.tiers.length).toBeGreaterThan(0);
    expect(plan.shards).toBe(1);
    expect(plan.matrix.include.every((e) => e.shards === 1)).toBe(true);
  });

  it('a tier that is not shardable runs as one job beside sharded ones', () => {
    const plan = planTests(persona({ velocity: 1 }, [{ parameter: 'test_tiers', operator: 'includes', value: ['unit', 'security'] }]), BUILTIN_CATALOGS.test, {
      maxShards: 3,
    });
    expect(plan.shards).toBe(3);
    expect(plan.matrix.include.filter((e) => e.tier === 'unit').map((e) => e.shard)).toEqual([1, 2, 3]);
    expect(plan.matrix.include.filter((e) => e.tier === 'security')).toEqual([{ tier: 'security', shard: 1, shards: 1 }]);
  });
});

describe('shardCount', () => {
  it.each([
    [{}, 4, 1],
    [{ velocity: 1 }, 4, 4],
    [{ velocity: 1 }, 10, 10],
    [{ velocity: 0.5 }, 5, 3],
    [{ velocity: 1, cost: 1 }, 5, 3],
    [{ velocity: 0.2, cost: 1 }, 8, 1],
    [{ cost: 1 }, 4, 1],
    [{ velocity: 1 }, 1, 1],
    [{ velocity: 1 }, 0, 1],
    [{ velocity: 1 }, Number.NaN, 1],
    [{ velocity: 1 }, 3.9, 3],
  ])('goals %j, max %d → %d', (goals, max, shards) => {
    expect(shardCount(persona(goals), max)).toBe(shards);
  });

  it('keeps the matrix within GitHub’s 256 jobs', () => {
    const many: Catalog = {
      ...BUILTIN_CATALOGS.test,
      options: Array.from({ length: 100 }, (_, i) => ({ id: `t${i}`, parameters: { shardable: true }, estimates: { duration: 1 } })),
    };
    const plan = planTests(persona({ velocity: 1 }), many, { maxShards: 64 });
    expect(plan.tiers).toHaveLength(100);
    expect(plan.shards).toBe(2);
    expect(plan.matrix.include).toHaveLength(200);
    expect(plan.matrix.include.length).toBeLessThanOrEqual(MAX_MATRIX_JOBS);
  });
});

describe('failFast and coverageMin', () => {
  it('fails fast only when speed or cost outweighs confidence', () => {
    expect(failFast(persona({ velocity: 0.6, reliability: 0.5 }))).toBe(true);
    expect(failFast(persona({ cost: 0.7, security: 0.4, coverage: 0.8 }))).toBe(false);
    expect(failFast(persona({ build_time: 0.5, reliability: 0.5 }))).toBe(false);
    expect(failFast(persona({}))).toBe(false);
    expect(failFast(persona({ latency: 1 }))).toBe(false);
  });

  it('takes the tightest lower bound of coverage, ignoring other operators and parameters', () => {
    const c = (operator: Constraint['operator'], value: number, parameter = 'coverage'): Constraint => ({ parameter, operator, value });
    expect(coverageMin(persona({}, [c('>=', 60), c('>', 80), c('>=', 75)]))).toBe(80);
    expect(coverageMin(persona({}, [c('<=', 95), c('=', 70), c('>=', 99, 'branch_coverage')]))).toBeUndefined();
    expect(coverageMin(persona({}))).toBeUndefined();
  });
});

describe('retries and timeout follow the failure policy', () => {
  it('a risk_policy override replaces the table of the risk tolerance', () => {
    const overridden = persona({}, [], { risk_tolerance: 'high', risk_policy: { retries: 0, timeouts_ms: { test: 90_000 }, from: ['p'] } });
    const plan = planTests(overridden, BUILTIN_CATALOGS.test, { maxShards: 1 });
    expect(plan.retries).toBe(0);
    expect(plan.timeoutMinutes).toBe(2);
  });

  it('without an override: the defaults of the risk tolerance', () => {
    expect(planTests(persona({}, [], { risk_tolerance: 'low' }), BUILTIN_CATALOGS.test, { maxShards: 1 })).toMatchObject({ retries: 1, timeoutMinutes: 30 });
    expect(planTests(persona({}, [], { risk_tolerance: 'high' }), BUILTIN_CATALOGS.test, { maxShards: 1 })).toMatchObject({ retries: 3, timeoutMinutes: 45 });
  });
});
