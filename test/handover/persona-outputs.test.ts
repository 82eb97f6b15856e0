import { blendPersonas, resolveBlend } from '../../src/blend/blend.js';
import { constraintsByParameter, personaOutputs } from '../../src/handover/persona-outputs.js';
import { plainSelection } from '../../src/handover/handover-document.js';
import { BuiltinSource } from '../../src/library/builtin-source.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import type { Persona } from '../../src/persona/persona.js';

const persona = (constraints: Persona['constraints']): Persona => ({
  id: 'p',
  name: 'P',
  risk_tolerance: 'medium',
  constraints,
  optimization_goals: [{ metric: 'cost', weight: 0.25 }],
  monitoring_thresholds: [],
});

describe('constraintsByParameter', () => {
  it('keys constraints by parameter, then operator', () => {
    expect(
      constraintsByParameter([
        { parameter: 'strategy', operator: '=', value: 'canary' },
        { parameter: 'replicas', operator: '>=', value: 2 },
        { parameter: 'replicas', operator: '<=', value: 3 },
        { parameter: 'security_scan', operator: '=', value: true },
      ]),
    ).toEqual({ replicas: { '>=': 2, '<=': 3 }, security_scan: { '=': true }, strategy: { '=': 'canary' } });
  });

  it('always gives in, not_in and matches as arrays, collecting several matches', () => {
    const out = constraintsByParameter([
      { parameter: 'branch', operator: 'matches', value: '^main$' },
      { parameter: 'branch', operator: 'matches', value: '^release/' },
      { parameter: 'region', operator: 'in', value: ['eu-west-1'] },
      { parameter: 'zone', operator: 'not_in', value: ['a', 'b'] },
    ]);
    expect(out).toEqual({ branch: { matches: ['^main$', '^release/'] }, region: { in: ['eu-west-1'] }, zone: { not_in: ['a', 'b'] } });
  });

  it('sorts parameters, so the text is stable whatever the blend order', () => {
    const text = JSON.stringify(
      constraintsByParameter([
        { parameter: 'zeta', operator: '=', value: 1 },
        { parameter: 'alpha', operator: '=', value: 2 },
      ]),
    );
    expect(text).toBe('{"alpha":{"=":2},"zeta":{"=":1}}');
  });

  it('is safe for a parameter named like an Object.prototype member', () => {
    const out = constraintsByParameter([{ parameter: 'toString', operator: 'in', value: ['x'] }]);
    expect(out).toEqual({ toString: { in: ['x'] } });
  });

  it('reads the built-in blend the way a workflow would with fromJSON', async () => {
    const library = PersonaLibrary.build([await new BuiltinSource().load()]);
    const blended = resolveBlend(library, 'balanced:0.5,stability:0.5');
    const constraints = JSON.parse(personaOutputs(blended, plainSelection('input')).constraints);
    expect(constraints.replicas).toEqual({ '>=': 3, '<=': 6 });
    expect(constraints.strategy).toEqual({ '=': 'canary' }); // [rolling, canary] ∩ [blue-green, canary]
    // test_tiers keeps its set form; stability's requirement is within what balanced allows.
    expect(constraints.test_tiers).toEqual({ in: ['unit', 'integration', 'e2e'], includes: ['unit', 'integration', 'e2e'] });
    expect(constraints.coverage).toEqual({ '>=': 90 });
  });
});

describe('personaOutputs', () => {
  it('gives every output as a string', () => {
    const blended = blendPersonas([{ persona: persona([{ parameter: 'region', operator: 'in', value: ['eu-west-1'] }]), weight: 1 }]);
    const outputs = personaOutputs(blended, plainSelection('input'));
    expect(outputs).toEqual({
      persona: `{"schema_version":"1.2",${JSON.stringify(blended).slice(1, -1)},"source":"input","revision":null,"correlation_id":null,"cohort":"none"}`,
      id: 'p',
      name: 'P',
      'risk-tolerance': 'medium',
      goals: '{"cost":0.25}',
      constraints: '{"region":{"in":["eu-west-1"]}}',
      source: 'input',
      revision: '',
      'correlation-id': '',
      cohort: 'none',
    });
  });
});
