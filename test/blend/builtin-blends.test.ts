import { resolveBlend } from '../../src/blend/blend.js';
import type { ConflictPolicy } from '../../src/blend/blend-constraints.js';
import { describeConstraint } from '../../src/constraints/combine-constraints.js';
import { BUILTIN_DEFINITIONS } from '../../src/library/builtin-personas.generated.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import { failure } from './fixtures.js';

const library = PersonaLibrary.build([{ label: 'built-in', definitions: BUILTIN_DEFINITIONS, diagnostics: [] }]);

/** The blend's constraints on one parameter as `describeConstraint` writes them, each with its provenance. */
const on = (expression: string, policy: ConflictPolicy, parameter: string) =>
  resolveBlend(library, expression, { onConflict: policy })
    .constraints.filter((c) => c.parameter === parameter)
    .map((c) => [describeConstraint(c), c.from]);

/** What `weighted` dropped: parameter, the dropped constraints, whose they were and whose were kept. */
const drops = (expression: string) =>
  resolveBlend(library, expression, { onConflict: 'weighted' }).conflicts.map((c) => [
    c.parameter,
    c.dropped.map(describeConstraint),
    c.dropped_from,
    c.kept_from,
  ]);

describe('built-in personas say which test tiers they require', () => {
  it('security-first requires unit and security tests; stability unit, integration and e2e', () => {
    expect(on('security-first', 'strict', 'test_tiers').map(([d]) => d)).toEqual([
      'test_tiers in [unit, integration, security, e2e]',
      'test_tiers includes [unit, security]',
    ]);
    expect(on('stability', 'strict', 'test_tiers').map(([d]) => d)).toEqual([
      'test_tiers in [unit, integration, e2e, performance]',
      'test_tiers includes [unit, integration, e2e]',
    ]);
  });
});

describe('security-first:0.6,cost-optimization:0.4', () => {
  const blend = 'security-first:0.6,cost-optimization:0.4';

  it('strict: a conflict on test_tiers, on purpose: security-first requires security tests, which cost-optimization does not allow', () => {
    expect(failure(() => resolveBlend(library, blend, { onConflict: 'strict' }))).toBe(
      'constraints conflict on "test_tiers": "security-first" requires test_tiers in [unit, integration, security, e2e] (built-in personas/security-first.yml:7) and test_tiers includes [unit, security] (built-in personas/security-first.yml:8) but "cost-optimization" requires test_tiers in [unit, integration] (built-in personas/cost-optimization.yml:9) (on-conflict weighted would keep the higher-weight persona\'s constraints)',
    );
  });

  it("weighted: cost-optimization's tiers are dropped, so the 60 % security persona still runs security tests", () => {
    expect(drops(blend)).toEqual([['test_tiers', ['test_tiers in [unit, integration]'], 'cost-optimization', ['security-first']]]);
    expect(on(blend, 'weighted', 'test_tiers')).toEqual([
      ['test_tiers in [unit, integration, security, e2e]', ['security-first']],
      ['test_tiers includes [unit, security]', ['security-first']],
    ]);
    // Every other parameter still holds together: the sets intersect, the bounds combine.
    expect(on(blend, 'weighted', 'strategy')).toEqual([['strategy = canary', ['security-first', 'cost-optimization']]]);
  });
});

describe('high-velocity:0.7,stability:0.3', () => {
  const blend = 'high-velocity:0.7,stability:0.3';

  it('strict: conflicts on deployment frequency and on test tiers (stability requires integration and e2e)', () => {
    const message = failure(() => resolveBlend(library, blend, { onConflict: 'strict' }));
    expect(message.split('\n').map((m) => /^constraints conflict on "(\w+)"/.exec(m)?.[1])).toEqual(['deployment_frequency', 'test_tiers']);
    expect(message).toContain(
      '"stability" requires test_tiers in [unit, integration, e2e, performance] (built-in personas/stability.yml:10) and test_tiers includes',
    );
  });

  it("weighted: stability's constraints on both are dropped; high-velocity's tiers stay a set", () => {
    expect(drops(blend)).toEqual([
      ['deployment_frequency', ['deployment_frequency <= 2'], 'stability', ['high-velocity']],
      ['test_tiers', ['test_tiers in [unit, integration, e2e, performance]', 'test_tiers includes [unit, integration, e2e]'], 'stability', ['high-velocity']],
    ]);
    expect(on(blend, 'weighted', 'test_tiers')).toEqual([['test_tiers in [unit, smoke]', ['high-velocity']]]);
  });
});

describe('blends that hold under strict', () => {
  it("stability:0.6,balanced:0.4: stability's required tiers are all allowed by balanced", () => {
    expect(on('stability:0.6,balanced:0.4', 'strict', 'test_tiers')).toEqual([
      ['test_tiers in [unit, integration, e2e]', ['stability', 'balanced']],
      ['test_tiers includes [unit, integration, e2e]', ['stability']],
    ]);
  });

  it('high-velocity+cost-optimization narrows test_tiers to one tier and keeps the set form', () => {
    expect(on('high-velocity+cost-optimization', 'strict', 'test_tiers')).toEqual([['test_tiers in [unit]', ['cost-optimization', 'high-velocity']]]);
  });

  it('security-first with freeze: the freeze wins on strategy, the test tiers stay required', () => {
    const resolved = resolveBlend(library, 'security-first:0.5,freeze:0.5', { onConflict: 'strict' });
    expect(resolved.conflicts.map((c) => c.parameter)).toEqual(['strategy']);
    expect(on('security-first:0.5,freeze:0.5', 'strict', 'test_tiers').map(([d]) => d)).toContain('test_tiers includes [unit, security]');
  });
});

describe('every pair of built-in personas under strict', () => {
  it('conflicts on test_tiers exactly when one requires a tier the other does not allow', () => {
    const ids = library.ids();
    const onTiers: string[] = [];
    for (const [i, a] of ids.entries())
      for (const b of ids.slice(i + 1)) {
        try {
          resolveBlend(library, `${a}+${b}`, { onConflict: 'strict' });
        } catch (error) {
          if ((error as Error).message.includes('constraints conflict on "test_tiers"')) onTiers.push(`${a}+${b}`);
        }
      }
    expect(onTiers).toEqual([
      'balanced+security-first',
      'cost-optimization+security-first',
      'cost-optimization+stability',
      'high-velocity+security-first',
      'high-velocity+stability',
      'performance+security-first',
      'performance+stability',
      'security-first+stability',
    ]);
  });
});
