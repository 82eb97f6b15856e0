import { resolveBlend } from '../../src/blend/blend.js';
import { failurePolicy } from '../../src/blend/failure-policy.js';
import { inherit, inheritRiskPolicy } from '../../src/library/inherit.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import type { Persona, PersonaDefinition } from '../../src/persona/persona.js';
import { lines, source } from './library-fixtures.js';

const def = (id: string, fields: Partial<PersonaDefinition> = {}): PersonaDefinition => ({
  id,
  name: id,
  constraints: [],
  optimization_goals: [],
  monitoring_thresholds: [],
  ...fields,
});

describe('inherit: risk_policy', () => {
  const parent: Persona = {
    ...def('parent'),
    risk_tolerance: 'high',
    risk_policy: { retries: 5, after_retries: 'continue', timeouts: { build: '2h', test: '20m' } },
  };

  it("replaces the parent's fields one by one, the timeouts stage by stage", () => {
    const child = def('child', { risk_policy: { retries: 1, violations: 'fail', timeouts: { test: '5m', deploy: '15m' } } });
    expect(inherit(child, parent).risk_policy).toEqual({
      retries: 1,
      after_retries: 'continue',
      violations: 'fail',
      timeouts: { build: '2h', test: '5m', deploy: '15m' },
    });
  });

  it("keeps the parent's policy when the child declares none, and the child's when the parent has none", () => {
    expect(inherit(def('child'), parent).risk_policy).toEqual(parent.risk_policy);
    const { risk_policy: _none, ...bare } = parent;
    expect(inherit(def('child', { risk_policy: { retries: 0 } }), bare).risk_policy).toEqual({ retries: 0 });
  });

  it('adds no risk_policy key when neither declares one', () => {
    const { risk_policy: _none, ...bare } = parent;
    expect(inherit(def('child'), bare)).not.toHaveProperty('risk_policy');
    expect(inheritRiskPolicy(undefined, undefined)).toBeUndefined();
  });

  it("does not share or change the parent's objects", () => {
    for (const child of [{ timeouts: { test: '1m' } }, { retries: 2 }]) {
      const merged = inheritRiskPolicy(child, parent.risk_policy)!;
      merged.timeouts!.build = '9m';
      merged.retries = 9;
    }
    expect(parent.risk_policy).toEqual({ retries: 5, after_retries: 'continue', timeouts: { build: '2h', test: '20m' } });
  });
});

describe('a library with extends: the effective policy', () => {
  it('a child of a high-risk parent gets its own overrides on top of the inherited ones', async () => {
    const library = PersonaLibrary.build([
      await source('.github/personas', {
        '.github/personas/team.yml': lines(
          'personas:',
          '  - name: Base',
          '    risk_tolerance: high',
          '    risk_policy: { retries: 4, retry_delay: 10s, timeouts: { deploy: 2h } }',
          '  - name: Child',
          '    extends: base',
          '    risk_policy: { retries: 0, timeouts: { test: 10m } }',
        ),
      }),
    ]);
    expect(library.get('child').risk_policy).toEqual({ retries: 0, retry_delay: '10s', timeouts: { deploy: '2h', test: '10m' } });
    expect(failurePolicy(resolveBlend(library, 'child'))).toEqual({
      retries: 0,
      retry_delay_ms: 10_000,
      after_retries: 'fail',
      violations: 'warn',
      timeouts_ms: { build: 90 * 60_000, test: 10 * 60_000, deploy: 120 * 60_000 },
    });
  });
});
