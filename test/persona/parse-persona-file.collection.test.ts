import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { errorsOf, F, lines, onlyError } from './helpers.js';

describe('parsePersonaFile: { personas: [...] }', () => {
  it('rejects personas: []', () => {
    expect(onlyError(F, 'personas: []\n')).toBe('personas/cost.yml:1:11 personas: personas must not be empty');
  });

  it('rejects personas that is not a list', () => {
    expect(onlyError(F, lines('personas:', '  name: A'))).toBe('personas/cost.yml:2:3 personas: personas must be a list, got object {"name":"A"}');
  });

  it('rejects personas that is empty (null)', () => {
    expect(onlyError(F, lines('personas:'))).toBe('personas/cost.yml:1:10 personas: personas must be a list, got null');
  });

  it('rejects unknown keys beside personas, at the key, but keeps the personas', () => {
    const result = parsePersonaFile(F, lines('personas:', '  - name: A', 'version: 2', 'x-owner: me'));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(['personas/cost.yml:3:1 version: unknown key "version" beside "personas"']);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['a']);
  });

  it('hints a misspelt key beside personas', () => {
    expect(errorsOf(F, lines('$schem: x', 'personas:', '  - name: A'))).toEqual([
      'personas/cost.yml:1:1 $schem: unknown key "$schem" beside "personas" (did you mean "$schema"?)',
    ]);
  });

  it('names an empty or non-object entry of personas by its index', () => {
    const result = parsePersonaFile(F, lines('personas:', '  - name: A', '  - ', '  - Safe Mode'));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'personas/cost.yml:3:5 personas[1]: personas[1] must be a persona object, got null',
      'personas/cost.yml:4:5 personas[2]: personas[2] must be a persona object, got string "Safe Mode"',
    ]);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['a']);
  });

  it('reports errors of every persona of a collection, keeping the good ones', () => {
    const text = lines('personas:', '  - name: A', '    risk_tolerance: nope', '  - name: B', '  - name: C', '    id: -c', '    risk_tolerence: low');
    const result = parsePersonaFile(F, text);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'personas/cost.yml:3:21 personas[0].risk_tolerance: unknown risk tolerance "nope" (expected one of low, medium, high)',
      'personas/cost.yml:6:9 personas[2].id: invalid id "-c" (ids are [a-z0-9][a-z0-9-]*)',
      'personas/cost.yml:7:5 personas[2].risk_tolerence: unknown key "risk_tolerence" (did you mean "risk_tolerance"?)',
    ]);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['b']);
  });

  it('reports a goal set twice in a collection persona with its other errors', () => {
    const text = lines(
      'personas:',
      '  - name: A',
      '    risk_tolerance: extreme',
      '    optimization_goals:',
      '      - {metric: cost, weight: 1}',
      '      - {metric: cost, weight: 0}',
    );
    expect(errorsOf(F, text)).toEqual([
      'personas/cost.yml:3:21 personas[0].risk_tolerance: unknown risk tolerance "extreme" (expected one of low, medium, high)',
      'personas/cost.yml:6:18 personas[0].optimization_goals[1].metric: goal "cost" is already set by optimization_goals[0]',
    ]);
  });
});

describe('parsePersonaFile: every error at once', () => {
  it('reports every error of a file, sorted by position', () => {
    const text = lines(
      'name: ""', // 1
      'risk_tolerance: extreme', // 2
      'constraints:', // 3
      '  - parameter: replicas', // 4
      '    operator: "=<"', // 5
      '    value: 3', // 6
      'optimization_goals:', // 7
      '  - metric: cost', // 8
      '    weight: 2', // 9
      'monitoring_thresholds:', // 10
      '  - metric: p95', // 11
      '    operator: ">"', // 12
      '    value: 300', // 13
      '    window: 5', // 14
      '    action: page', // 15
      'colour: blue', // 16
    );
    const result = parsePersonaFile(F, text);
    expect(result.definitions).toEqual([]);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'personas/cost.yml:1:7 name: name must not be empty',
      'personas/cost.yml:2:17 risk_tolerance: unknown risk tolerance "extreme" (expected one of low, medium, high)',
      'personas/cost.yml:5:15 constraints[0].operator: unknown operator "=<" (expected one of =, !=, <, <=, >, >=, in, not_in, includes, excludes, matches)',
      'personas/cost.yml:9:13 optimization_goals[0].weight: weight must be between 0 and 1, got 2',
      'personas/cost.yml:14:13 monitoring_thresholds[0].window: window must be a string such as "5m", got number 5',
      'personas/cost.yml:15:13 monitoring_thresholds[0].action: unknown action "page" (expected alert, fail, rollback or switch:<persona-id>)',
      'personas/cost.yml:16:1 colour: unknown key "colour"',
    ]);
    expect(result.diagnostics).toHaveLength(7);
  });
});
