import { BUILTIN_CATALOGS } from '../../src/planning/builtin-catalogs.js';
import { planStage } from '../../src/planning/plan-stage.js';
import { BUILTIN_IDS, builtin } from './fixtures.js';

const build = (expression: string, policy: 'strict' | 'weighted' = 'strict') => planStage('build', BUILTIN_CATALOGS.build, builtin(expression, policy));
const test = (expression: string, policy: 'strict' | 'weighted' = 'strict') => planStage('test', BUILTIN_CATALOGS.test, builtin(expression, policy));

describe('the built-in catalogs', () => {
  it('list the options of the issue in order, every estimate with a direction and every alias to an estimated metric', () => {
    expect(BUILTIN_CATALOGS.build.options.map((o) => o.id)).toEqual(['debug', 'fast', 'release', 'max-performance', 'size', 'hardened']);
    expect(BUILTIN_CATALOGS.test.options.map((o) => o.id)).toEqual(['smoke', 'unit', 'integration', 'e2e', 'security', 'performance']);
    for (const catalog of Object.values(BUILTIN_CATALOGS)) {
      // An option that deploys nothing (`none`) estimates nothing: it is never scored against options that deploy.
      for (const o of catalog.options.filter((o) => o.parameters.deploys !== false))
        expect(Object.keys(o.estimates).sort()).toEqual(Object.keys(catalog.metrics).sort());
      for (const metric of Object.values(catalog.goals)) expect(catalog.metrics).toHaveProperty(metric);
    }
    expect(BUILTIN_CATALOGS.test.options.filter((o) => o.parameters.security_scan === true).map((o) => o.id)).toEqual(['security']);
    expect(BUILTIN_CATALOGS.test.options.filter((o) => o.parameters.shardable === true).map((o) => o.id)).toEqual(['unit', 'integration', 'e2e']);
    expect(BUILTIN_CATALOGS.build.options.map((o) => o.parameters.optimization_level)).toEqual([0, 1, 2, 3, 2, 2]);
  });
});

describe('what each built-in persona chooses, and why', () => {
  it('security-first: the hardened build; unit and security tests, both required', () => {
    expect(build('security-first')).toMatchObject({ chosen: ['hardened'], rejected: [], violations: [] });
    const t = test('security-first');
    expect(t.chosen).toEqual(['unit', 'security']);
    expect(t.reasons).toEqual({
      unit: 'required by test_tiers includes [unit, security] (security-first)',
      security: 'required by test_tiers includes [unit, security] (security-first)',
    });
    expect(t.rejected.map((r) => [r.id, r.reason])).toEqual([
      ['smoke', 'test_tiers smoke is not in [unit, integration, security, e2e]'],
      ['performance', 'test_tiers performance is not in [unit, integration, security, e2e]'],
    ]);
    expect(t.violations).toEqual([]);
  });

  it('high-velocity: the fast build (debug scores lower on build time); the two fastest tiers, smoke and unit', () => {
    const b = build('high-velocity');
    expect(b.chosen).toEqual(['fast']);
    expect(b.ranking.map((r) => r.id)).toEqual(['fast', 'debug']);
    expect(b.rejected.map((r) => r.reason)).toEqual([
      'optimization_level 2 is not <= 1',
      'optimization_level 3 is not <= 1',
      'optimization_level 2 is not <= 1',
      'optimization_level 2 is not <= 1',
    ]);
    expect(test('high-velocity')).toMatchObject({ chosen: ['smoke', 'unit'], reasons: { smoke: 'score 1.00 >= 0.5', unit: 'score 1.00 >= 0.5' } });
  });

  it('cost-optimization: the cheapest profile within optimization_level <= 2; the unit tier', () => {
    const b = build('cost-optimization');
    expect(b.chosen).toEqual(['fast']);
    expect(b.rejected.map((r) => r.id)).toEqual(['max-performance']);
    expect(b.unscored_goals).toEqual(['reliability']);
    expect(test('cost-optimization')).toMatchObject({ chosen: ['unit'], reasons: { unit: 'score 0.81 >= 0.5' } });
  });

  it('performance: max-performance, the only profile with optimization_level >= 3; unit (required) and the performance tier', () => {
    expect(build('performance')).toMatchObject({ chosen: ['max-performance'] });
    expect(build('performance').rejected).toHaveLength(5);
    expect(test('performance').chosen).toEqual(['unit', 'performance']);
  });

  it('stability: hardened; unit, integration and e2e, all required', () => {
    expect(build('stability').chosen).toEqual(['hardened']);
    const t = test('stability');
    expect(t.chosen).toEqual(['unit', 'integration', 'e2e']);
    expect(Object.values(t.reasons!)).toEqual(Array(3).fill('required by test_tiers includes [unit, integration, e2e] (stability)'));
  });

  it('balanced and freeze: hardened; balanced every allowed tier, freeze every tier that adds confidence or security', () => {
    expect(build('balanced').chosen).toEqual(['hardened']);
    expect(build('balanced').rejected.map((r) => r.id)).toEqual(['debug', 'fast']);
    expect(test('balanced').chosen).toEqual(['unit', 'integration', 'e2e']);
    expect(build('freeze').chosen).toEqual(['hardened']);
    expect(test('freeze').chosen).toEqual(['unit', 'integration', 'e2e', 'security']);
  });

  it('no built-in persona leaves a violation', () => {
    for (const id of BUILTIN_IDS) expect([id, [...build(id).violations, ...test(id).violations]]).toEqual([id, []]);
  });
});

describe('what the documented blends choose (weighted)', () => {
  it('security-first:0.6,cost-optimization:0.4: the 60 % security persona still gets the hardened build and security tests', () => {
    const b = build('security-first:0.6,cost-optimization:0.4', 'weighted');
    expect(b.chosen).toEqual(['hardened']);
    expect(b.rejected.map((r) => [r.id, r.from])).toEqual([['max-performance', ['cost-optimization']]]);
    const t = test('security-first:0.6,cost-optimization:0.4', 'weighted');
    expect(t.chosen).toEqual(['unit', 'security']);
    expect(t.reasons!.security).toBe('required by test_tiers includes [unit, security] (security-first)');
  });

  it("high-velocity:0.7,stability:0.3: velocity wins: the fast build, high-velocity's fast tiers (stability's are dropped)", () => {
    expect(build('high-velocity:0.7,stability:0.3', 'weighted').chosen).toEqual(['fast']);
    const t = test('high-velocity:0.7,stability:0.3', 'weighted');
    expect(t.chosen).toEqual(['smoke', 'unit']);
    expect(t.ranking.map((r) => [r.id, r.score])).toEqual([
      ['unit', 1],
      ['smoke', 0.76],
    ]);
  });
});
