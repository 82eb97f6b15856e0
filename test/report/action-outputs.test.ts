import { blendPersonas } from '../../src/blend/blend.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import type { Persona } from '../../src/persona/persona.js';
import { actionOutputs } from '../../src/report/action-outputs.js';

const persona = (values: string[]): Persona => ({
  id: 'big',
  name: 'Big',
  risk_tolerance: 'medium',
  constraints: [{ parameter: 'region', operator: 'in', value: values }],
  optimization_goals: [{ metric: 'cost', weight: 0.25 }],
  monitoring_thresholds: [],
});

describe('actionOutputs', () => {
  it('gives every output as a string', () => {
    const outputs = actionOutputs(blendPersonas([{ persona: persona(['eu-west-1']), weight: 1 }]), 'input');
    expect(outputs).toEqual({
      persona: expect.any(String),
      id: 'big',
      name: 'Big',
      'risk-tolerance': 'medium',
      goals: '{"cost":0.25}',
      source: 'input',
    });
    expect(JSON.parse(outputs.persona).constraints[0].value).toEqual(['eu-west-1']);
  });

  it("fails clearly when the outputs would exceed GitHub's 1 MiB job output limit", () => {
    const huge = blendPersonas([{ persona: persona(Array.from({ length: 100_000 }, (_, i) => `region-${i}`)), weight: 1 }]);
    expect(() => actionOutputs(huge, 'input')).toThrow(ConfigurationError);
    expect(() => actionOutputs(huge, 'input')).toThrow(/outputs are \d+ bytes, over GitHub's 1 MiB limit/);
  });
});
