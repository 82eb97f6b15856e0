/** planDeploy on the built-in personas and the freeze blend, custom personas, and a library's own instance types. */
import type { ResolvedPersona } from '../../src/blend/resolved-persona.js';
import type { Constraint } from '../../src/persona/persona.js';
import { DEFAULT_FAILURE_POLICIES } from '../../src/persona/risk-policy.js';
import type { RiskTolerance } from '../../src/persona/vocabulary.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import { BUILTIN_CATALOGS } from '../../src/planning/builtin-catalogs.js';
import { planDeploy } from '../../src/planning/deploy-plan.js';
import { mergeCatalogs } from '../../src/planning/merge-catalogs.js';
import { lines, source } from '../library/library-fixtures.js';
import { BUILTIN_IDS, builtin, goal, rule } from './fixtures.js';

/** The canary steps per risk tolerance. */
const DOCUMENTED_STEPS: Record<RiskTolerance, number[]> = { low: [5, 25, 50, 100], medium: [25, 50, 100], high: [100] };
const DOCUMENTED_REPLICAS: Record<RiskTolerance, number> = { low: 3, medium: 2, high: 1 };
const NOW = new Date('2026-11-30T10:00:00Z');
const plan = (persona: ResolvedPersona, overriding = false) => planDeploy(persona, BUILTIN_CATALOGS, { region: '', now: NOW, overriding });

/** Whether the scalar `v` satisfies `c` (the plain meaning of each operator), for an independent oracle. */
function holds(c: Constraint, v: string | number): boolean {
  const list = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.operator) {
    case '=':
    case 'in':
      return list.includes(v);
    case '!=':
    case 'not_in':
      return !list.includes(v);
    case '<':
      return typeof v === 'number' && v < (c.value as number);
    case '<=':
      return typeof v === 'number' && v <= (c.value as number);
    case '>':
      return typeof v === 'number' && v > (c.value as number);
    case '>=':
      return typeof v === 'number' && v >= (c.value as number);
    default:
      return true;
  }
}
const allows = (persona: ResolvedPersona, parameter: string, v: string | number) =>
  persona.constraints.filter((c) => c.parameter === parameter).every((c) => holds(c, v));

/** The documented replica rule: of 1..1000 the persona allows, the one nearest the risk default, a tie to the larger. */
function expectedReplicas(persona: ResolvedPersona): number {
  const start = DOCUMENTED_REPLICAS[persona.risk_tolerance];
  const allowed = Array.from({ length: 1000 }, (_, i) => i + 1).filter((n) => allows(persona, 'replicas', n));
  return allowed.reduce((best, n) => (Math.abs(n - start) < Math.abs(best - start) || (Math.abs(n - start) === Math.abs(best - start) && n > best) ? n : best));
}

const TERMS: Array<[string, 'strict' | 'weighted']> = [
  ...BUILTIN_IDS.map((id): [string, 'strict'] => [id, 'strict']),
  ['freeze:0.1,high-velocity:0.9', 'strict'],
  ['freeze:0.1,high-velocity:0.9', 'weighted'],
];
const DEPLOYING = BUILTIN_CATALOGS.strategies.options.filter((o) => o.parameters.deploys !== false).map((o) => o.id);

describe('planDeploy on the built-in personas', () => {
  it.each(TERMS)('%s (%s): a deploying strategy when one passes, the rules for the settings, env mirroring the plan', (expression, policy) => {
    const persona = builtin(expression, policy);
    const p = plan(persona);
    const deployable = DEPLOYING.filter((id) => allows(persona, 'strategy', id));
    if (deployable.length) {
      expect(deployable).toContain(p.strategy);
      expect(p.deploys).toBe(true);
    } else {
      expect(p.strategy).toBe('none');
      expect(p.deploys).toBe(false);
    }
    expect(allows(persona, 'instance_type', p.instanceType!)).toBe(true);
    expect(p.replicas.value).toBe(expectedReplicas(persona));
    const steps = p.strategy === 'canary' ? DOCUMENTED_STEPS[persona.risk_tolerance] : p.deploys ? [100] : [];
    expect(p.canarySteps.value).toEqual(steps);
    expect(p.autoRollback).toBe(DEFAULT_FAILURE_POLICIES[persona.risk_tolerance].after_retries === 'rollback');
    expect(p.requiresApproval).toBe(persona.risk_tolerance === 'low');
    expect(p.env).toEqual({
      PERSONA_INSTANCE_TYPE: p.instanceType,
      PERSONA_REPLICAS: String(p.replicas.value),
      PERSONA_STRATEGY: p.strategy,
      PERSONA_CANARY_STEPS: steps.join(' '),
      PERSONA_REGION: '',
      PERSONA_AUTO_ROLLBACK: String(p.autoRollback),
    });
    expect(p.explanations.map((e) => e.catalog)).toEqual(['instance-types', 'strategies']);
    expect(p.problems).toEqual([]);
  });

  it.each(TERMS)('%s (%s): the freeze gate closes exactly when the freeze persona is in the blend', (expression, policy) => {
    const p = plan(builtin(expression, policy));
    const freezes = p.gates.filter((g) => g.gate === 'freeze');
    if (expression.includes('freeze')) {
      expect(freezes.map((g) => [g.action, g.from])).toEqual([['block', ['freeze']]]);
      expect(p.strategy).toBe('none');
      expect(p.env.PERSONA_CANARY_STEPS).toBe('');
    } else expect(freezes).toEqual([]);
  });

  it('rolls back by itself under low risk only, unless the risk policy says so', () => {
    const byRisk = (risk: RiskTolerance) => plan({ ...builtin('balanced'), risk_tolerance: risk }).autoRollback;
    expect([byRisk('low'), byRisk('medium'), byRisk('high')]).toEqual([true, false, false]);
    expect(plan({ ...builtin('balanced'), risk_policy: { after_retries: 'rollback', from: ['balanced'] } }).autoRollback).toBe(true);
    expect(plan({ ...builtin('stability'), risk_policy: { after_retries: 'fail', from: ['stability'] } }).autoRollback).toBe(false);
  });

  it('asks for approval under low risk, or when a person overrides the gates', () => {
    expect(plan(builtin('high-velocity')).requiresApproval).toBe(false);
    expect(plan(builtin('high-velocity'), true).requiresApproval).toBe(true);
    expect(plan(builtin('freeze'), true).requiresApproval).toBe(true);
  });
});

describe('planDeploy on custom personas', () => {
  const custom = (constraints: ReturnType<typeof rule>[], risk: RiskTolerance = 'medium'): ResolvedPersona => ({
    ...builtin('balanced'),
    risk_tolerance: risk,
    constraints,
    optimization_goals: [goal('cost', 1)],
  });

  it('never chooses `none` while a deploying strategy passes, even when `none` ranks first', () => {
    // A strategies catalog where `none` estimates the best of everything, so it ranks first.
    const strategies = BUILTIN_CATALOGS.strategies;
    const cheapNone = strategies.options.map((o) => (o.id === 'none' ? { ...o, estimates: { duration: 0, cost: 0, reliability: 1 } } : o));
    const catalogs = { ...BUILTIN_CATALOGS, strategies: { ...strategies, options: cheapNone } };
    const p = planDeploy(custom([rule('strategy', 'in', ['none', 'direct'])]), catalogs, { region: '', now: NOW });
    expect(p.explanations[1]!.ranking[0]!.id).toBe('none');
    expect(p.strategy).toBe('direct');
    expect(p.deploys).toBe(true);
    expect(p.env.PERSONA_STRATEGY).toBe('direct');
  });

  it('chooses `none` when only it passes: no steps, nothing deployed', () => {
    const p = plan(custom([rule('strategy', 'not_in', DEPLOYING)]));
    expect(p).toMatchObject({ strategy: 'none', deploys: false });
    expect(p.canarySteps.value).toEqual([]);
  });

  it('takes canary steps from a constraint, and reports unreadable ones as settings violations', () => {
    expect(plan(custom([rule('strategy', '=', 'canary'), rule('canary_steps', '=', '10,100')])).env.PERSONA_CANARY_STEPS).toBe('10 100');
    const bad = plan(custom([rule('strategy', '=', 'canary'), rule('canary_steps', '=', '100,10', 'team')], 'high'));
    expect(bad.canarySteps.value).toEqual(DOCUMENTED_STEPS.high);
    expect(bad.explanations.map((e) => e.catalog)).toEqual(['instance-types', 'strategies', 'settings']);
    expect(bad.explanations[2]!.violations.map((v) => v.from)).toEqual([['team']]);
  });

  it('through a freeze on purpose, chooses a strategy that deploys while the freeze gate still reports the freeze', () => {
    const frozen = builtin('freeze:0.1,high-velocity:0.9', 'weighted');
    expect(plan(frozen).strategy).toBe('none');
    const through = plan(frozen, true);
    expect(DEPLOYING).toContain(through.strategy);
    expect(through.deploys).toBe(true);
    expect(through.gates.map((g) => [g.gate, g.action])).toEqual([['freeze', 'block']]);
    expect(through.requiresApproval).toBe(true);
  });

  it('passes the region input through, and closes the window gate by the failure policy', () => {
    const windows = [rule('deploy_window', 'in', ['Sat 10:00-12:00'], 'team')];
    const low = planDeploy(custom(windows, 'low'), BUILTIN_CATALOGS, { region: 'eu-west-1', now: NOW });
    expect(low.env.PERSONA_REGION).toBe('eu-west-1');
    expect(low.gates.map((g) => [g.gate, g.action, g.from])).toEqual([['window', 'block', ['team']]]);
    expect(plan(custom(windows, 'high')).gates.map((g) => g.action)).toEqual(['warn']);
    expect(plan(custom([rule('deploy_window', 'in', ['Mon 09:00-11:00'])])).gates).toEqual([]);
    expect(plan(custom([rule('deploy_window', '=', 'Mon 9-11')])).problems).toHaveLength(1);
  });
});

describe('planDeploy with a library catalog of instance types', () => {
  it('a `replace: true` entry for instance-types replaces the built-in types', async () => {
    const lib = await source('lib', {
      'catalogs/vms.yml': lines(
        'catalogs:',
        '  instance-types:',
        '    replace: true',
        '    options:',
        '      - { id: vm-good, parameters: { vcpu: 4 }, estimates: { cost: 0.1, performance: 0.9, reliability: 0.9 } }',
        '      - { id: vm-poor, parameters: { vcpu: 2 }, estimates: { cost: 0.5, performance: 0.2, reliability: 0.3 } }',
      ),
    });
    expect(lib.diagnostics).toEqual([]);
    const library = PersonaLibrary.build([{ label: 'built-in', definitions: [], diagnostics: [] }, lib]);
    const catalogs = mergeCatalogs(BUILTIN_CATALOGS, library.catalogEntries);
    expect(catalogs['instance-types']!.options.map((o) => o.id)).toEqual(['vm-good', 'vm-poor']);
    const p = planDeploy(builtin('balanced'), catalogs, { region: '', now: NOW });
    // vm-good is cheaper, faster and more reliable: every goal prefers it.
    expect(p.instanceType).toBe('vm-good');
    expect(p.env.PERSONA_INSTANCE_TYPE).toBe('vm-good');
    const ids = p.explanations[0]!.ranking.map((r) => r.id);
    expect(ids.every((id) => id.startsWith('vm-'))).toBe(true);
    // A persona constraint on a parameter of the new catalog still filters.
    const small = planDeploy({ ...builtin('balanced'), constraints: [rule('vcpu', '<=', 2)] }, catalogs, { region: '', now: NOW });
    expect(small.instanceType).toBe('vm-poor');
  });
});
