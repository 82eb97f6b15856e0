import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { errorsOf, F, lines, onlyError } from './helpers.js';

describe('parsePersonaFile: constraints', () => {
  it('rejects an unknown constraint operator, listing the operators', () => {
    const text = lines('name: Cost', 'constraints:', '  - parameter: replicas', '    operator: "=<"', '    value: 3');
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:4:15 constraints[0].operator: unknown operator "=<" (expected one of =, !=, <, <=, >, >=, in, not_in, includes, excludes, matches)',
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
      'personas/cost.yml:14:20 constraints[2].operator: unknown operator "=<" (expected one of =, !=, <, <=, >, >=, in, not_in, includes, excludes, matches)',
    );
  });

  it('rejects a missing operator', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: x', '    value: 1');
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:3:5 constraints[0].operator: operator is required (one of =, !=, <, <=, >, >=, in, not_in, includes, excludes, matches)',
    );
  });

  it.each([
    ['<', 'three', '5:12', 'operator "<" needs a finite number, got string "three"'],
    ['<=', 'true', '5:12', 'operator "<=" needs a finite number, got boolean true'],
    ['>', '[1, 2]', '5:12', 'operator ">" needs a finite number, got a list'],
    ['">="', '"4"', '5:12', 'operator ">=" needs a finite number, got string "4"'],
  ])('rejects a non-number for numeric operator %s', (operator, value, at, message) => {
    const text = lines(
      'name: A',
      'constraints:',
      '  - parameter: replicas',
      `    operator: ${operator.startsWith('"') ? operator : `"${operator}"`}`,
      `    value: ${value}`,
    );
    expect(onlyError(F, text)).toBe(`personas/cost.yml:${at} constraints[0].value: ${message}`);
  });

  it('rejects a scalar for "in"', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: region', '    operator: in', '    value: eu');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: operator "in" needs a non-empty list, got string "eu"');
  });

  it('rejects an empty list for "not_in"', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: region', '    operator: not_in', '    value: []');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: operator "not_in" needs a non-empty list, got an empty list');
  });

  it('says "an empty list" for an empty "in" list', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: region', '    operator: in', '    value: []');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: operator "in" needs a non-empty list, got an empty list');
  });

  it('rejects a list item of "in" that is not a scalar, at the item', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: region', '    operator: in', '    value: [eu, {a: 1}]');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:17 constraints[0].value[1]: items of "in" must be strings, numbers or booleans, got object {"a":1}');
  });

  it('rejects an infinite item of "not_in" and names the value', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: replicas', '    operator: not_in', '    value: [1, .inf]');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:16 constraints[0].value[1]: items of "not_in" must be strings, numbers or booleans, got Infinity');
  });

  describe('set operators "includes" and "excludes": the value rules of "in"', () => {
    const constraint = (operator: string, value: string) =>
      lines('name: A', 'constraints:', '  - parameter: test_tiers', `    operator: ${operator}`, `    value: ${value}`);

    it.each(['includes', 'excludes'])('accepts a non-empty list of scalars for "%s", kept as written', (operator) => {
      const result = parsePersonaFile(F, constraint(operator, '[unit, security, 3, true]'));
      expect(result.diagnostics).toEqual([]);
      expect(result.definitions[0]!.definition.constraints).toEqual([{ parameter: 'test_tiers', operator, value: ['unit', 'security', 3, true] }]);
    });

    it.each([
      ['includes', '[]', '5:12', 'operator "includes" needs a non-empty list, got an empty list'],
      ['excludes', '[]', '5:12', 'operator "excludes" needs a non-empty list, got an empty list'],
      ['includes', 'unit', '5:12', 'operator "includes" needs a non-empty list, got string "unit"'],
      ['excludes', '3', '5:12', 'operator "excludes" needs a non-empty list, got number 3'],
    ])('rejects "%s" with value %s', (operator, value, at, message) => {
      expect(onlyError(F, constraint(operator, value))).toBe(`personas/cost.yml:${at} constraints[0].value: ${message}`);
    });

    it.each([
      ['includes', '[unit, [security]]', '5:19', 'items of "includes" must be strings, numbers or booleans, got a list'],
      ['excludes', '[unit, {tier: e2e}]', '5:19', 'items of "excludes" must be strings, numbers or booleans, got object {"tier":"e2e"}'],
      ['includes', '[unit, null]', '5:19', 'items of "includes" must be strings, numbers or booleans, got null'],
    ])('rejects a nested or non-scalar item of "%s" (%s), at the item', (operator, value, at, message) => {
      expect(onlyError(F, constraint(operator, value))).toBe(`personas/cost.yml:${at} constraints[0].value[1]: ${message}`);
    });

    it('rejects a control character in an item, at the item', () => {
      expect(onlyError(F, constraint('includes', '[unit, "sec\\u001burity"]'))).toMatch(
        /^personas\/cost\.yml:5:19 constraints\[0\]\.value\[1\]: item contains /,
      );
    });
  });

  it('rejects a regular expression that does not compile', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: branch', '    operator: matches', '    value: "release/(["');
    // The wording is the pattern dialect's (persona-schema.ts); the parser locates it.
    expect(onlyError(F, text)).toMatch(/^personas\/cost\.yml:5:12 constraints\[0\]\.value: .*"release\/\(\[".*(class|\])/);
  });

  it('rejects a non-string for "matches"', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: branch', '    operator: matches', '    value: 3');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: operator "matches" needs a regular expression string, got number 3');
  });

  it('rejects an object for "="', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: tier', '    operator: "="', '    value: {a: 1}');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: value must be a string, number, boolean or list, got object {"a":1}');
  });

  it('cuts a long value short in messages', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}: ${i}`).join(', ');
    const text = lines('name: A', 'constraints:', '  - parameter: tier', '    operator: "="', `    value: {${keys}}`);
    expect(onlyError(F, text)).toBe(
      'personas/cost.yml:5:12 constraints[0].value: value must be a string, number, boolean or list, got object {"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k…',
    );
  });

  it('rejects a list for "!="', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: tier', '    operator: "!="', '    value: [a, b]');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: operator "!=" needs a string, number or boolean, got a list');
  });

  it('rejects a missing constraint value', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: x', '    operator: "="');
    expect(onlyError(F, text)).toBe('personas/cost.yml:3:5 constraints[0].value: value must be a string, number, boolean or list, got nothing');
  });

  it('checks the value against the operator even when another field is wrong', () => {
    const text = lines('name: A', 'constraints:', '  - operator: "<"', '    value: three', '  - parameter: " "', '    operator: in', '    value: []');
    expect(errorsOf(F, text)).toEqual([
      'personas/cost.yml:3:5 constraints[0].parameter: parameter is required',
      'personas/cost.yml:4:12 constraints[0].value: operator "<" needs a finite number, got string "three"',
      'personas/cost.yml:5:16 constraints[1].parameter: parameter must not be empty',
      'personas/cost.yml:7:12 constraints[1].value: operator "in" needs a non-empty list, got an empty list',
    ]);
  });

  it('rejects constraints that are not a list', () => {
    expect(onlyError(F, lines('name: A', 'constraints: {parameter: x}'))).toBe(
      'personas/cost.yml:2:14 constraints: constraints must be a list, got object {"parameter":"x"}',
    );
  });

  it('rejects constraint entries that are not objects, naming what a constraint needs', () => {
    const text = lines('name: A', 'constraints:', '  - replicas <= 4', '  -', '  - [a]');
    expect(errorsOf(F, text)).toEqual([
      'personas/cost.yml:3:5 constraints[0]: constraints[0] must be a constraint object (parameter, operator, value), got string "replicas <= 4"',
      'personas/cost.yml:4:4 constraints[1]: constraints[1] must be a constraint object (parameter, operator, value), got null',
      'personas/cost.yml:5:5 constraints[2]: constraints[2] must be a constraint object (parameter, operator, value), got a list',
    ]);
  });

  it('rejects -Infinity (-.inf) as a constraint value, naming it', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: replicas', '    operator: "<"', '    value: -.inf');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: value must be a string, number, boolean or list, got -Infinity');
  });

  it('rejects NaN as a constraint value', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: replicas', '    operator: "="', '    value: .NaN');
    expect(onlyError(F, text)).toBe('personas/cost.yml:5:12 constraints[0].value: value must be a string, number, boolean or list, got NaN');
  });

  it('keeps a valid constraint list as parsed', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: " tier "', '    operator: in', '    value: [a, 1, true]');
    expect(parsePersonaFile(F, text).definitions[0]!.definition.constraints).toEqual([{ parameter: 'tier', operator: 'in', value: ['a', 1, true] }]);
  });
});
