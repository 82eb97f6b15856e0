import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { F, lines } from './helpers.js';

describe('parsePersonaFile: good files', () => {
  it('reads a YAML persona with defaults and an id from its name', () => {
    const text = lines(
      '$schema: ../schema/persona.schema.json',
      'name: Cost Optimization',
      'description: Keep the bill small',
      'risk_tolerance: high',
      'constraints:',
      '  - parameter: replicas',
      '    operator: "<="',
      '    value: 4',
      '  - parameter: instance_type',
      '    operator: in',
      '    value: [t3.small, t3.medium]',
      '  - parameter: branch',
      '    operator: matches',
      '    value: "^release/"',
      'optimization_goals:',
      '  - metric: cost',
      '    weight: 0.9',
      'monitoring_thresholds:',
      '  - metric: error_rate',
      '    operator: ">"',
      '    value: 0.05',
      '  - metric: p95_latency_ms',
      '    operator: ">="',
      '    value: 800',
      '    window: 5m',
      '    severity: warning',
      '    action: "switch:security-first"',
    );
    const result = parsePersonaFile('personas/cost.yaml', text);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions).toHaveLength(1);
    const { definition, origin } = result.definitions[0]!;
    expect(definition).toEqual({
      id: 'cost-optimization',
      name: 'Cost Optimization',
      description: 'Keep the bill small',
      risk_tolerance: 'high',
      constraints: [
        { parameter: 'replicas', operator: '<=', value: 4 },
        { parameter: 'instance_type', operator: 'in', value: ['t3.small', 't3.medium'] },
        { parameter: 'branch', operator: 'matches', value: '^release/' },
      ],
      optimization_goals: [{ metric: 'cost', weight: 0.9 }],
      monitoring_thresholds: [
        { metric: 'error_rate', operator: '>', value: 0.05, severity: 'critical', action: 'alert' },
        { metric: 'p95_latency_ms', operator: '>=', value: 800, window: '5m', severity: 'warning', action: 'switch:security-first' },
      ],
    });
    expect(definition).not.toHaveProperty('$schema');
    expect(origin).toEqual({
      file: 'personas/cost.yaml',
      line: 1,
      column: 1,
      path: '',
      positions: {
        name: { line: 2, column: 7 },
        'constraints[0]': { line: 6, column: 5 },
        'constraints[1]': { line: 9, column: 5 },
        'constraints[2]': { line: 12, column: 5 },
        'monitoring_thresholds[0].action': { line: 19, column: 5 },
        'monitoring_thresholds[1].action': { line: 27, column: 13 },
      },
    });
  });

  it('defaults empty lists and leaves risk tolerance unset', () => {
    const result = parsePersonaFile(F, 'name: Bare\n');
    expect(result.definitions[0]!.definition).toEqual({ id: 'bare', name: 'Bare', constraints: [], optimization_goals: [], monitoring_thresholds: [] });
  });

  it('keeps an explicit id and remembers where it and extends are', () => {
    const result = parsePersonaFile(F, lines('name: Cost Optimization', 'id: cheap', 'extends: base'));
    expect(result.definitions[0]!.definition.id).toBe('cheap');
    expect(result.definitions[0]!.definition.extends).toBe('base');
    expect(result.definitions[0]!.origin.positions).toEqual({ id: { line: 2, column: 5 }, extends: { line: 3, column: 10 } });
  });

  it('reads a JSON persona', () => {
    const text = JSON.stringify(
      {
        name: 'Security First',
        risk_tolerance: 'low',
        constraints: [{ parameter: 'replicas', operator: '>=', value: 3 }],
        optimization_goals: [{ metric: 'security', weight: 1 }],
        monitoring_thresholds: [{ metric: 'error_rate', operator: '>', value: 0.01, action: 'rollback' }],
      },
      null,
      2,
    );
    const result = parsePersonaFile('personas/security.json', text);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => d.definition)).toEqual([
      {
        id: 'security-first',
        name: 'Security First',
        risk_tolerance: 'low',
        constraints: [{ parameter: 'replicas', operator: '>=', value: 3 }],
        optimization_goals: [{ metric: 'security', weight: 1 }],
        monitoring_thresholds: [{ metric: 'error_rate', operator: '>', value: 0.01, severity: 'critical', action: 'rollback' }],
      },
    ]);
  });

  it('reads a { personas: [...] } collection, locating each persona', () => {
    const text = lines('personas:', '  - name: Fast Lane', '    risk_tolerance: high', '  - id: safe', '    name: Safe Mode', '    extends: fast-lane');
    const result = parsePersonaFile('lib.yml', text);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => [d.definition.id, d.definition.name, d.definition.risk_tolerance, d.definition.extends])).toEqual([
      ['fast-lane', 'Fast Lane', 'high', undefined],
      ['safe', 'Safe Mode', undefined, 'fast-lane'],
    ]);
    expect(result.definitions.map((d) => d.origin)).toEqual([
      { file: 'lib.yml', line: 2, column: 5, path: 'personas[0]', positions: { name: { line: 2, column: 11 } } },
      { file: 'lib.yml', line: 4, column: 5, path: 'personas[1]', positions: { id: { line: 4, column: 9 }, extends: { line: 6, column: 14 } } },
    ]);
  });

  it('ignores x- keys at every level', () => {
    const text = lines(
      'x-owner: platform',
      'personas:',
      '  - name: A',
      '    x-notes: {anything: [1, 2]}',
      '    constraints:',
      '      - parameter: replicas',
      '        operator: ">="',
      '        value: 2',
      '        x-why: ha',
      '    optimization_goals:',
      '      - metric: cost',
      '        weight: 0.5',
      '        x-source: finance',
      '    monitoring_thresholds:',
      '      - metric: error_rate',
      '        operator: ">"',
      '        value: 0.1',
      '        x-runbook: https://example.com',
    );
    const result = parsePersonaFile(F, text);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions[0]!.definition).toEqual({
      id: 'a',
      name: 'A',
      constraints: [{ parameter: 'replicas', operator: '>=', value: 2 }],
      optimization_goals: [{ metric: 'cost', weight: 0.5 }],
      monitoring_thresholds: [{ metric: 'error_rate', operator: '>', value: 0.1, severity: 'critical', action: 'alert' }],
    });
  });

  it('keeps YAML 1.2 scalars as written (yes stays a string)', () => {
    const text = lines(
      'name: A',
      'constraints:',
      '  - parameter: approve',
      '    operator: "="',
      '    value: yes',
      '  - parameter: enabled',
      '    operator: "="',
      '    value: true',
    );
    expect(parsePersonaFile(F, text).definitions[0]!.definition.constraints).toEqual([
      { parameter: 'approve', operator: '=', value: 'yes' },
      { parameter: 'enabled', operator: '=', value: true },
    ]);
  });

  it('reads a JSON persona from a URL with a query', () => {
    const result = parsePersonaFile('https://example.com/p/security.json?ref=main', '{"name": "Security First", "risk_tolerance": "low"}');
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['security-first']);
  });

  it('trims names, parameters and metrics', () => {
    const text = lines(
      'name: " Padded "',
      'constraints:',
      '  - {parameter: " x ", operator: "=", value: 1}',
      'optimization_goals:',
      '  - {metric: " cost ", weight: 1}',
    );
    const { definition } = parsePersonaFile(F, text).definitions[0]!;
    expect([definition.name, definition.constraints[0]!.parameter, definition.optimization_goals[0]!.metric]).toEqual(['Padded', 'x', 'cost']);
  });
});
