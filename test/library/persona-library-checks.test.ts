import { PersonaLibrary } from '../../src/library/persona-library.js';
import type { LocatedDefinition } from '../../src/persona/persona.js';
import { buildErrors, lines, source } from './library-fixtures.js';

describe('PersonaLibrary: constraints that cannot hold', () => {
  it('fails the library for a persona whose own constraints clash, at its first constraint on the parameter, even when it is not requested', async () => {
    expect(
      buildErrors([
        await source('.github/personas', {
          'p/odd.yml': lines(
            'name: Odd',
            'constraints:',
            '  - { parameter: region, operator: "=", value: eu }',
            '  - { parameter: replicas, operator: ">=", value: 5 }',
            '  - { parameter: replicas, operator: "<=", value: 2 }',
          ),
          'p/fine.yml': lines('name: Fine'),
        }),
      ]),
    ).toEqual([
      'p/odd.yml:4:5 constraints[1]: persona "odd" has constraints on "replicas" that cannot all hold: replicas >= 5 and replicas <= 2 (no value is both >= 5 and <= 2)',
    ]);
  });

  it('places a clash made by inheritance at the constraint that adds to it, or at extends when all of it is inherited', async () => {
    expect(
      buildErrors([
        await source('lib', {
          'lib/base.yml': lines('name: Base', 'constraints:', '  - { parameter: replicas, operator: ">=", value: 3 }'),
          'lib/child.yml': lines('name: Child', 'extends: base', 'constraints:', '  - { parameter: replicas, operator: "<", value: 3 }'),
        }),
      ]),
    ).toEqual([
      'lib/child.yml:4:5 constraints[0]: persona "child" has constraints on "replicas" that cannot all hold: replicas >= 3 and replicas < 3 (no value is both >= 3 and < 3)',
    ]);
  });

  it('checks a collection file entry by its path in the file', async () => {
    expect(
      buildErrors([
        await source('lib', {
          'lib/all.yml': lines(
            'personas:',
            '  - name: Ok',
            '  - name: Bad',
            '    constraints:',
            '      - { parameter: tier, operator: in, value: [a, b] }',
            '      - { parameter: tier, operator: not_in, value: [a, b] }',
          ),
        }),
      ]),
    ).toEqual([
      'lib/all.yml:5:9 personas[1].constraints[0]: persona "bad" has constraints on "tier" that cannot all hold: tier in [a, b] and tier not_in [a, b] (no value is allowed by every "=", "in", bound, exclusion and pattern)',
    ]);
  });
});

describe('PersonaLibrary: set requirements that cannot hold', () => {
  it('a persona that requires a tier it excludes, or does not allow, is an error of its file', async () => {
    expect(
      buildErrors([
        await source('.github/personas', {
          'p/odd.yml': lines(
            'name: Odd',
            'constraints:',
            '  - { parameter: test_tiers, operator: includes, value: [unit, security] }',
            '  - { parameter: test_tiers, operator: excludes, value: [security] }',
          ),
          'p/narrow.yml': lines(
            'name: Narrow',
            'constraints:',
            '  - { parameter: test_tiers, operator: in, value: [unit] }',
            '  - { parameter: test_tiers, operator: includes, value: [e2e] }',
          ),
          'p/fine.yml': lines(
            'name: Fine',
            'constraints:',
            '  - { parameter: test_tiers, operator: in, value: [unit, e2e] }',
            '  - { parameter: test_tiers, operator: includes, value: [e2e] }',
            '  - { parameter: test_tiers, operator: excludes, value: [smoke] }',
          ),
        }),
      ]),
    ).toEqual([
      'p/odd.yml:3:5 constraints[0]: persona "odd" has constraints on "test_tiers" that cannot all hold: test_tiers includes [unit, security] and test_tiers excludes [security] (security is required by "includes" but excluded by "excludes")',
      'p/narrow.yml:3:5 constraints[0]: persona "narrow" has constraints on "test_tiers" that cannot all hold: test_tiers in [unit] and test_tiers includes [e2e] (e2e is required by "includes" but not allowed: the values allowed are [unit])',
    ]);
  });

  it('a requirement that clashes only through extends is reported at the constraint that adds it', async () => {
    expect(
      buildErrors([
        await source('lib', {
          'lib/base.yml': lines('name: Base', 'constraints:', '  - { parameter: test_tiers, operator: in, value: [unit, integration] }'),
          'lib/child.yml': lines('name: Child', 'extends: base', 'constraints:', '  - { parameter: test_tiers, operator: includes, value: [security] }'),
        }),
      ]),
    ).toEqual([
      'lib/child.yml:4:5 constraints[0]: persona "child" has constraints on "test_tiers" that cannot all hold: test_tiers in [unit, integration] and test_tiers includes [security] (security is required by "includes" but not allowed: the values allowed are [unit, integration])',
    ]);
  });
});

describe('PersonaLibrary: long extends chains', () => {
  const chain = (length: number, cycle = false): LocatedDefinition[] =>
    Array.from({ length }, (_, i) => ({
      definition: {
        id: `p${i}`,
        name: `P${i}`,
        ...(i > 0 ? { extends: `p${i - 1}` } : cycle ? { extends: `p${length - 1}` } : {}),
        constraints: i === 0 ? [{ parameter: 'replicas', operator: '>=' as const, value: 2 }] : [],
        optimization_goals: [{ metric: `m${i % 7}`, weight: 0.5 }],
        monitoring_thresholds: [],
      },
      origin: { file: `chain/p${i}.yml`, line: 1, column: 1 },
    }));

  it('resolves a 20,000-deep chain without running out of stack', () => {
    const library = PersonaLibrary.build([{ label: 'chain', definitions: chain(20_000), diagnostics: [] }]);
    const last = library.get('p19999');
    expect(last.constraints).toEqual([{ parameter: 'replicas', operator: '>=', value: 2 }]);
    expect(last.optimization_goals.map((g) => g.metric).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(last.risk_tolerance).toBe('medium');
  });

  it('reports a cycle through a 20,000-deep chain once', () => {
    let message = '';
    try {
      PersonaLibrary.build([{ label: 'chain', definitions: chain(20_000, true), diagnostics: [] }]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^chain\/p0\.yml:1:1 extends: extends cycle: p0 → p19999 → p19998 → .* → p1 → p0$/);
  });
});
