import { BUILTIN_DEFINITIONS } from '../../src/library/builtin-personas.generated.js';
import { PARAMETERS, parameterSpec } from '../../src/persona/parameter-registry.js';
import { SET_VALUED_PARAMETERS } from '../../src/persona/set-parameters.js';
import type { Constraint } from '../../src/persona/persona.js';

const builtinConstraints = (): Array<{ id: string; constraint: Constraint }> =>
  BUILTIN_DEFINITIONS.flatMap((d) => (d.definition.constraints ?? []).map((constraint) => ({ id: d.definition.name, constraint: constraint as Constraint })));

/** Whether a constraint's operator and value fit the kind of its parameter. */
function fits(kind: string, c: Constraint): boolean {
  const values = Array.isArray(c.value) ? c.value : [c.value];
  switch (kind) {
    case 'set':
      return ['in', 'not_in', 'includes', 'excludes'].includes(c.operator) && Array.isArray(c.value) && values.every((v) => typeof v === 'string');
    case 'number':
      return values.every((v) => typeof v === 'number');
    case 'boolean':
      return ['=', '!='].includes(c.operator) && values.every((v) => typeof v === 'boolean');
    default:
      return values.every((v) => typeof v === 'string');
  }
}

describe('the parameter registry', () => {
  it('names each parameter once, in snake_case, with a stage, a check and a sentence', () => {
    expect(new Set(PARAMETERS.map((p) => p.name)).size).toBe(PARAMETERS.length);
    for (const p of PARAMETERS) {
      expect(p.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(p.description).toMatch(/\.$/);
    }
  });

  it('registers every parameter the built-in personas constrain, and their values fit its kind', () => {
    const misfits = builtinConstraints()
      .map(({ id, constraint }) => ({ id, constraint, spec: parameterSpec(constraint.parameter) }))
      .filter(({ spec, constraint }) => !spec || !fits(spec.kind, constraint))
      .map(({ id, constraint }) => `${id}: ${constraint.parameter} ${constraint.operator} ${JSON.stringify(constraint.value)}`);
    expect(misfits).toEqual([]);
    expect(builtinConstraints().length).toBeGreaterThan(20);
  });

  it('is where the set-valued parameters come from', () => {
    expect(SET_VALUED_PARAMETERS).toEqual(PARAMETERS.filter((p) => p.kind === 'set').map((p) => p.name));
    expect(SET_VALUED_PARAMETERS).toContain('test_tiers');
  });

  it('checks coverage after the run and everything else before it', () => {
    expect(PARAMETERS.filter((p) => p.check === 'measured').map((p) => p.name)).toEqual(['coverage']);
  });
});
