import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { errorsOf, F, lines, onlyError } from './helpers.js';

describe('parsePersonaFile: goals', () => {
  it('rejects a goal weight above 1', () => {
    const text = lines('name: A', 'optimization_goals:', '  - metric: cost', '    weight: 1.5');
    expect(onlyError(F, text)).toBe('personas/cost.yml:4:13 optimization_goals[0].weight: weight must be between 0 and 1, got 1.5');
  });

  it('rejects a goal weight below 0', () => {
    const text = lines('name: A', 'optimization_goals:', '  - metric: cost', '    weight: -0.1');
    expect(onlyError(F, text)).toBe('personas/cost.yml:4:13 optimization_goals[0].weight: weight must be between 0 and 1, got -0.1');
  });

  it('accepts goal weights of exactly 0 and 1', () => {
    const text = lines('name: A', 'optimization_goals:', '  - metric: cost', '    weight: 0', '  - metric: speed', '    weight: 1');
    expect(parsePersonaFile(F, text).diagnostics).toEqual([]);
  });

  it('rejects a goal weight written as a string', () => {
    const text = lines('name: A', 'optimization_goals:', '  - metric: cost', '    weight: "0.5"');
    expect(onlyError(F, text)).toBe('personas/cost.yml:4:13 optimization_goals[0].weight: weight must be a number, got string "0.5"');
  });

  it('rejects NaN (.nan)', () => {
    const text = lines('name: A', 'optimization_goals:', '  - metric: cost', '    weight: .nan');
    expect(onlyError(F, text)).toBe('personas/cost.yml:4:13 optimization_goals[0].weight: weight must be a finite number, got NaN');
  });

  it('rejects a goal metric set twice, at the second one', () => {
    const text = lines('name: A', 'optimization_goals:', '  - metric: cost', '    weight: 0.5', '  - metric: cost', '    weight: 0.7');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:13 optimization_goals[1].metric: goal "cost" is already set by optimization_goals[0]');
  });

  it('reports a goal set twice along with the other errors of the persona', () => {
    const text = lines(
      'name: A',
      'risk_tolerance: extreme',
      'optimization_goals:',
      '  - metric: cost',
      '    weight: 0.5',
      '  - metric: " cost"',
      '    weight: 2',
    );
    expect(errorsOf(F, text)).toEqual([
      'personas/cost.yml:2:17 risk_tolerance: unknown risk tolerance "extreme" (expected one of low, medium, high)',
      'personas/cost.yml:6:13 optimization_goals[1].metric: goal "cost" is already set by optimization_goals[0]',
      'personas/cost.yml:7:13 optimization_goals[1].weight: weight must be between 0 and 1, got 2',
    ]);
  });

  it('rejects a goal entry that is not an object', () => {
    expect(onlyError(F, lines('name: A', 'optimization_goals:', '  - cost'))).toBe(
      'personas/cost.yml:3:5 optimization_goals[0]: optimization_goals[0] must be a goal object (metric, weight), got string "cost"',
    );
  });
});

describe('parsePersonaFile: thresholds', () => {
  it('rejects Infinity (.inf) as a threshold value', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: error_rate', '    operator: ">"', '    value: .inf');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 monitoring_thresholds[0].value: value must be a finite number, got Infinity');
  });

  it('rejects a bad window', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: p95', '    operator: ">"', '    value: 300', '    window: 5 minutes');
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:6:13 monitoring_thresholds[0].window: invalid window "5 minutes" (expected a duration such as "30s", "5m" or "1h")',
    );
  });

  it('rejects a window that is a number', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: p95', '    operator: ">"', '    value: 300', '    window: 5');
    expect(onlyError(F, text)).toBe('personas/cost.yml:6:13 monitoring_thresholds[0].window: window must be a string such as "5m", got number 5');
  });

  it('rejects an unknown action', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: p95', '    operator: ">"', '    value: 300', '    action: page');
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:6:13 monitoring_thresholds[0].action: unknown action "page" (expected alert, fail, rollback or switch:<persona-id>)',
    );
  });

  it('rejects switch: to a malformed id', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: p95', '    operator: ">"', '    value: 300', '    action: "switch:Safe"');
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:6:13 monitoring_thresholds[0].action: unknown action "switch:Safe" (expected alert, fail, rollback or switch:<persona-id>)',
    );
  });

  it('rejects an unknown severity', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: p95', '    operator: ">"', '    value: 300', '    severity: fatal');
    expect(onlyError(F, text)).toBe('personas/cost.yml:6:15 monitoring_thresholds[0].severity: unknown severity "fatal" (expected one of warning, critical)');
  });

  it('rejects an equality operator on a threshold', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: p95', '    operator: "="', '    value: 300');
    expect(onlyError(F, text)).toBe('personas/cost.yml:4:15 monitoring_thresholds[0].operator: unknown operator "=" (expected one of <, <=, >, >=)');
  });

  it('says what a severity or operator must be when it is not a string', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: p95', '    operator: [">"]', '    value: 300', '    severity:');
    expect(errorsOf(F, text)).toEqual([
      'personas/cost.yml:4:15 monitoring_thresholds[0].operator: operator must be one of <, <=, >, >=, got a list',
      'personas/cost.yml:6:14 monitoring_thresholds[0].severity: severity must be one of warning, critical, got null',
    ]);
  });

  it('rejects a threshold entry that is not an object', () => {
    expect(onlyError(F, lines('name: A', 'monitoring_thresholds: [1]'))).toBe(
      'personas/cost.yml:2:25 monitoring_thresholds[0]: monitoring_thresholds[0] must be a threshold object (metric, operator, value), got number 1',
    );
  });
});

describe('parsePersonaFile: persona fields', () => {
  it('rejects an empty (blank) name', () => {
    expect(onlyError(F, lines('name: "   "', 'risk_tolerance: low'))).toBe('personas/cost.yml:1:7 name: name must not be empty');
  });

  it('rejects a missing name, located at the persona', () => {
    expect(onlyError(F, lines('id: foo', 'risk_tolerance: low'))).toBe('personas/cost.yml:1:1 name: name is required');
  });

  it('rejects a name that is not a string', () => {
    expect(onlyError(F, lines('name: 42'))).toBe('personas/cost.yml:1:7 name: name must be a string, got number 42');
  });

  it('rejects a name that gives no id, asking for one', () => {
    expect(onlyError(F, lines('name: "!!!"'))).toBe('personas/cost.yml:1:7 name: cannot derive an id from name "!!!": set "id"');
  });

  it('rejects a bad id', () => {
    expect(onlyError(F, lines('name: A', 'id: Cost_Opt'))).toBe('personas/cost.yml:2:5 id: invalid id "Cost_Opt" (ids are [a-z0-9][a-z0-9-]*)');
  });

  it('rejects a bad extends id', () => {
    expect(onlyError(F, lines('name: A', 'extends: Base'))).toBe('personas/cost.yml:2:10 extends: invalid id "Base" (ids are [a-z0-9][a-z0-9-]*)');
  });

  it('names extends when it is not a string', () => {
    expect(onlyError(F, lines('name: A', 'extends: [base]'))).toBe('personas/cost.yml:2:10 extends: extends must be a string, got a list');
  });

  it('rejects an unknown risk tolerance', () => {
    expect(onlyError(F, lines('name: A', 'risk_tolerance: extreme'))).toBe(
      'personas/cost.yml:2:17 risk_tolerance: unknown risk tolerance "extreme" (expected one of low, medium, high)',
    );
  });

  it('rejects a $schema that is not a string', () => {
    expect(onlyError(F, lines('$schema: 1', 'name: A'))).toBe(
      'personas/cost.yml:1:10 $schema: $schema must be a string (a path or URL of the JSON schema), got number 1',
    );
  });
});

describe('parsePersonaFile: unknown keys', () => {
  it('rejects an unknown top-level key with a did-you-mean hint, at the key', () => {
    expect(onlyError(F, lines('name: A', 'risk_tolerence: low'))).toBe(
      'personas/cost.yml:2:1 risk_tolerence: unknown key "risk_tolerence" (did you mean "risk_tolerance"?)',
    );
  });

  it('rejects an unknown key with no close match without a hint', () => {
    expect(onlyError(F, lines('name: A', 'foo: 1'))).toBe('personas/cost.yml:2:1 foo: unknown key "foo"');
  });

  it('hints nested keys from the nested vocabulary', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: p95', '    operator: ">"', '    value: 3', '    windw: 5m');
    expect(onlyError(F, text)).toBe('personas/cost.yml:6:5 monitoring_thresholds[0].windw: unknown key "windw" (did you mean "window"?)');
  });

  it('hints the keys of a constraint inside a collection', () => {
    const text = lines('personas:', '  - name: A', '    constraints:', '      - parameter: x', '        operator: "="', '        valeu: 1');
    expect(errorsOf(F, text)).toEqual([
      'personas/cost.yml:4:9 personas[0].constraints[0].value: value must be a string, number, boolean or list, got nothing',
      'personas/cost.yml:6:9 personas[0].constraints[0].valeu: unknown key "valeu" (did you mean "value"?)',
    ]);
  });

  it('reports a misspelt goal key and the weight it leaves missing', () => {
    const text = lines('name: A', 'optimization_goals:', '  - metric: cost', '    wieght: 0.5');
    expect(errorsOf(F, text)).toEqual([
      'personas/cost.yml:3:5 optimization_goals[0].weight: weight is required',
      'personas/cost.yml:4:5 optimization_goals[0].wieght: unknown key "wieght" (did you mean "weight"?)',
    ]);
  });
});
