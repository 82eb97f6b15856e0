import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { MAX_ALIAS_COUNT, parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { MAX_PERSONA_FILE_BYTES } from '../../src/persona/vocabulary.js';

/** Joins lines with newlines (and a trailing one) so line numbers are easy to read off. */
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** Every diagnostic of a file, formatted as users see them. */
const errorsOf = (file: string, text: string): string[] => parsePersonaFile(file, text).diagnostics.map(formatDiagnostic);

/** A file that must fail with exactly one diagnostic and give no persona. */
const onlyError = (file: string, text: string): string => {
  const result = parsePersonaFile(file, text);
  expect(result.definitions).toEqual([]);
  expect(result.diagnostics).toHaveLength(1);
  return formatDiagnostic(result.diagnostics[0]!);
};

const F = 'personas/cost.yml';

describe('parsePersonaFile: bad files', () => {
  it('rejects an unknown constraint operator, listing the operators', () => {
    const text = lines(
      'name: Cost',
      'constraints:',
      '  - parameter: replicas',
      '    operator: "=<"',
      '    value: 3',
    );
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:4:15 constraints[0].operator: unknown operator "=<" (expected one of =, !=, <, <=, >, >=, in, not_in, matches)',
    );
  });

  it('locates the operator of the third constraint (issue example)', () => {
    const text = lines(
      '# Cost optimisation persona',
      'name: Cost Optimization',
      'description: keep the bill small',
      'risk_tolerance: high',
      'constraints:',
      '  - parameter: replicas',
      '    operator: "<="',
      '    value: 4',
      '  - parameter: instance_type',
      '    operator: in',
      '    value: [t3.small, t3.medium]',
      '  - parameter: region',
      '    value: eu-west-1',
      '    operator:      "=<"',
    );
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:14:20 constraints[2].operator: unknown operator "=<" (expected one of =, !=, <, <=, >, >=, in, not_in, matches)',
    );
  });

  it('rejects a missing operator', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: x', '    value: 1');
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:3:5 constraints[0].operator: operator is required (one of =, !=, <, <=, >, >=, in, not_in, matches)',
    );
  });

  it.each([
    ['<', 'three', '5:12', 'operator "<" needs a finite number, got string "three"'],
    ['<=', 'true', '5:12', 'operator "<=" needs a finite number, got boolean true'],
    ['>', '[1, 2]', '5:12', 'operator ">" needs a finite number, got an array'],
    ['">="', '"4"', '5:12', 'operator ">=" needs a finite number, got string "4"'],
  ])('rejects a non-number for numeric operator %s', (operator, value, at, message) => {
    const text = lines('name: A', 'constraints:', '  - parameter: replicas', `    operator: ${operator.startsWith('"') ? operator : `"${operator}"`}`, `    value: ${value}`);
    expect(onlyError(F, text)).toBe(`personas/cost.yml:${at} constraints[0].value: ${message}`);
  });

  it('rejects a scalar for "in"', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: region', '    operator: in', '    value: eu');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: operator "in" needs a non-empty array, got string "eu"');
  });

  it('rejects an empty list for "not_in"', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: region', '    operator: not_in', '    value: []');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: operator "not_in" needs a non-empty array, got an array');
  });

  it('rejects a list item of "in" that is not a scalar, at the item', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: region', '    operator: in', '    value: [eu, {a: 1}]');
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:5:17 constraints[0].value[1]: items of "in" must be strings, numbers or booleans, got object {"a":1}',
    );
  });

  it('rejects an infinite item of "not_in" and names the value', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: replicas', '    operator: not_in', '    value: [1, .inf]');
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:5:16 constraints[0].value[1]: items of "not_in" must be strings, numbers or booleans, got Infinity',
    );
  });

  it('rejects a regular expression that does not compile', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: branch', '    operator: matches', '    value: "release/(["');
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:5:12 constraints[0].value: invalid regular expression "release/([": /release/([/: Unterminated character class',
    );
  });

  it('rejects a non-string for "matches"', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: branch', '    operator: matches', '    value: 3');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: operator "matches" needs a regular expression string, got number 3');
  });

  it('rejects an object for "="', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: tier', '    operator: "="', '    value: {a: 1}');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: value must be a string, number, boolean or list, got object {"a":1}');
  });

  it('rejects a list for "!="', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: tier', '    operator: "!="', '    value: [a, b]');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: operator "!=" needs a string, number or boolean, got an array');
  });

  it('rejects a missing constraint value', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: x', '    operator: "="');
    expect(onlyError(F, text)).toBe('personas/cost.yml:3:5 constraints[0].value: value must be a string, number, boolean or list, got nothing');
  });

  it('rejects constraints that are not a list', () => {
    expect(onlyError(F, lines('name: A', 'constraints: {parameter: x}'))).toBe(
      'personas/cost.yml:2:14 constraints: constraints must be a list, got object {"parameter":"x"}',
    );
  });

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

  it('rejects Infinity (.inf) as a threshold value', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: error_rate', '    operator: ">"', '    value: .inf');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 monitoring_thresholds[0].value: value must be a finite number, got Infinity');
  });

  it('rejects -Infinity (-.inf) as a constraint value, naming it', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: replicas', '    operator: "<"', '    value: -.inf');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: value must be a string, number, boolean or list, got -Infinity');
  });

  it('rejects NaN as a constraint value', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: replicas', '    operator: "="', '    value: .NaN');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: value must be a string, number, boolean or list, got NaN');
  });

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
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:6:15 monitoring_thresholds[0].severity: unknown severity "fatal" (expected one of warning, critical)',
    );
  });

  it('rejects an equality operator on a threshold', () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - metric: p95', '    operator: "="', '    value: 300');
    expect(onlyError(F, text)).toBe('personas/cost.yml:4:15 monitoring_thresholds[0].operator: unknown operator "=" (expected one of <, <=, >, >=)');
  });

  it('rejects an unknown risk tolerance', () => {
    expect(onlyError(F, lines('name: A', 'risk_tolerance: extreme'))).toBe(
      'personas/cost.yml:2:17 risk_tolerance: unknown risk tolerance "extreme" (expected one of low, medium, high)',
    );
  });

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

  it('reports a misspelt goal key and the weight it leaves missing', () => {
    const text = lines('name: A', 'optimization_goals:', '  - metric: cost', '    wieght: 0.5');
    expect(errorsOf(F, text)).toEqual([
      'personas/cost.yml:3:5 optimization_goals[0].weight: weight is required',
      'personas/cost.yml:4:5 optimization_goals[0].wieght: unknown key "wieght" (did you mean "weight"?)',
    ]);
  });

  it('rejects a __proto__ key', () => {
    expect(onlyError(F, lines('name: A', '__proto__:', '  polluted: true'))).toBe('personas/cost.yml:2:1 __proto__: key "__proto__" is not allowed');
  });

  it('rejects a constructor key inside a constraint', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: x', '    operator: "="', '    value: 1', '    constructor: 1');
    expect(onlyError(F, text)).toBe('personas/cost.yml:6:5 constraints[0].constructor: key "constructor" is not allowed');
  });

  it('rejects a prototype key even under an x- key', () => {
    const text = lines('personas:', '  - name: A', '    x-meta:', '      prototype: 1');
    expect(onlyError(F, text)).toBe('personas/cost.yml:4:7 personas[0].x-meta.prototype: key "prototype" is not allowed');
  });

  it('rejects a __proto__ key in JSON', () => {
    expect(onlyError('personas/a.json', '{"name": "A", "__proto__": {"x": 1}}')).toBe('personas/a.json:1:15 __proto__: key "__proto__" is not allowed');
  });

  it('rejects a YAML alias bomb', () => {
    const text = lines(
      'x-a: &a [x, x, x, x, x, x, x, x, x, x]',
      'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'x-d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'name: A',
    );
    expect(onlyError(F, text)).toBe(
      `personas/cost.yml: YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} expansions): Excessive alias count indicates a resource exhaustion attack`,
    );
  });

  it('accepts a few aliases', () => {
    const text = lines('x-base: &b', '  - parameter: x', '    operator: "="', '    value: 1', 'name: A', 'constraints: *b');
    const result = parsePersonaFile(F, text);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions[0]!.definition.constraints).toEqual([{ parameter: 'x', operator: '=', value: 1 }]);
  });

  it('does not apply YAML merge keys', () => {
    const text = lines('x-base: &b', '  name: A', '<<: *b');
    expect(errorsOf(F, text)).toEqual(['personas/cost.yml:1:1 name: name is required', 'personas/cost.yml:3:1 ["<<"]: unknown key "<<"']);
  });

  it('rejects a file over 1 MiB, counting bytes not characters', () => {
    const head = 'name: A\n# ';
    const exact = head + 'x'.repeat(MAX_PERSONA_FILE_BYTES - head.length);
    expect(Buffer.byteLength(exact)).toBe(MAX_PERSONA_FILE_BYTES);
    expect(parsePersonaFile(F, exact).diagnostics).toEqual([]);
    expect(onlyError(F, `${exact}x`)).toBe('personas/cost.yml: file is larger than 1048576 bytes (1 MiB), the most a persona file may be');
    const multiByte = head + 'é'.repeat(MAX_PERSONA_FILE_BYTES / 2);
    expect(multiByte.length).toBeLessThan(MAX_PERSONA_FILE_BYTES);
    expect(onlyError(F, multiByte)).toBe('personas/cost.yml: file is larger than 1048576 bytes (1 MiB), the most a persona file may be');
  });

  it('reports a YAML syntax error with its position', () => {
    expect(onlyError(F, lines('name: A', 'constraints:', '\t- x'))).toBe('personas/cost.yml:3:1: Tabs are not allowed as indentation');
  });

  it('reports every YAML syntax error', () => {
    expect(errorsOf(F, lines('name: A', 'constraints: [', '  - x'))).toEqual([
      'personas/cost.yml:3:3: Block collections are not allowed within flow collections',
      'personas/cost.yml:4:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports a JSON syntax error in a .json file', () => {
    // The wording after "invalid JSON:" is V8's and varies across Node versions; the location does not.
    expect(onlyError('personas/a.json', lines('{', '  "name": "A"', '  "risk_tolerance": "low"', '}'))).toMatch(/^personas\/a\.json:3:3: invalid JSON: \S/);
  });

  it('reports an unquoted JSON key in a .json file', () => {
    expect(onlyError('personas/a.json', '{name: "A"}')).toMatch(/^personas\/a\.json:1:2: invalid JSON: .*property name/);
  });

  it('reports an unclosed JSON object', () => {
    expect(onlyError('personas/a.json', lines('{', '  "name": "A",'))).toMatch(/^personas\/a\.json:(2:15|3:1): invalid JSON: \S/);
  });

  it('rejects what YAML would accept but JSON does not: trailing commas, comments, single quotes', () => {
    expect(onlyError('personas/a.json', lines('{', '  "name": "A",', '}'))).toMatch(/^personas\/a\.json:3:1: invalid JSON: /);
    expect(onlyError('personas/a.json', lines('{', '  // note', '  "name": "A"', '}'))).toMatch(/^personas\/a\.json:2:3: invalid JSON: /);
    expect(onlyError('personas/a.json', "{'name': 'A'}")).toMatch(/^personas\/a\.json:1:2: invalid JSON: /);
  });

  it('rejects a duplicate key at the second occurrence', () => {
    expect(onlyError(F, lines('name: A', 'risk_tolerance: low', 'name: B'))).toBe('personas/cost.yml:3:1: Map keys must be unique');
  });

  it('rejects a duplicate key in JSON', () => {
    expect(onlyError('personas/a.json', lines('{', '  "name": "A",', '  "name": "B"', '}'))).toBe('personas/a.json:3:3: Map keys must be unique');
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments', '# nothing here\n'],
    ['a null document', 'null\n'],
  ])('rejects %s', (_what, text) => {
    expect(onlyError(F, text)).toBe('personas/cost.yml: file is empty: expected a persona or { personas: [...] }');
  });

  it('rejects a top-level list', () => {
    expect(onlyError(F, lines('- name: A', '- name: B'))).toBe('personas/cost.yml:1:1: expected a persona object or { personas: [...] }, got a list');
  });

  it('rejects a top-level scalar', () => {
    expect(onlyError(F, 'hello\n')).toBe('personas/cost.yml:1:1: expected a persona object or { personas: [...] }, got string');
  });

  it('rejects personas: []', () => {
    expect(onlyError(F, 'personas: []\n')).toBe('personas/cost.yml:1:11 personas: personas must not be empty');
  });

  it('rejects personas that is not a list', () => {
    expect(onlyError(F, lines('personas:', '  name: A'))).toBe('personas/cost.yml:2:3 personas: personas must be a list');
  });

  it('rejects unknown keys beside personas but keeps the personas', () => {
    const result = parsePersonaFile(F, lines('personas:', '  - name: A', 'version: 2', 'x-owner: me'));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(['personas/cost.yml:3:10 version: unknown key "version" beside "personas"']);
  });

  it('rejects a goal metric set twice, at the second one', () => {
    const text = lines('name: A', 'optimization_goals:', '  - metric: cost', '    weight: 0.5', '  - metric: cost', '    weight: 0.7');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:13 optimization_goals[1].metric: goal "cost" is already set by optimization_goals[0]');
  });

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
      'personas/cost.yml:5:15 constraints[0].operator: unknown operator "=<" (expected one of =, !=, <, <=, >, >=, in, not_in, matches)',
      'personas/cost.yml:9:13 optimization_goals[0].weight: weight must be between 0 and 1, got 2',
      'personas/cost.yml:14:13 monitoring_thresholds[0].window: window must be a string such as "5m", got number 5',
      'personas/cost.yml:15:13 monitoring_thresholds[0].action: unknown action "page" (expected alert, fail, rollback or switch:<persona-id>)',
      'personas/cost.yml:16:1 colour: unknown key "colour"',
    ]);
    expect(result.diagnostics).toHaveLength(7);
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
});

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
    const text = lines('name: A', 'constraints:', '  - parameter: approve', '    operator: "="', '    value: yes', '  - parameter: enabled', '    operator: "="', '    value: true');
    expect(parsePersonaFile(F, text).definitions[0]!.definition.constraints).toEqual([
      { parameter: 'approve', operator: '=', value: 'yes' },
      { parameter: 'enabled', operator: '=', value: true },
    ]);
  });
});
