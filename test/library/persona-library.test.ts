import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { buildErrors, lines, source, StaticSource } from './library-fixtures.js';

describe('PersonaLibrary: union of sources', () => {
  it('holds the personas of every source', async () => {
    const library = PersonaLibrary.build([
      await source('built-in', { 'builtin/a.yml': 'name: Alpha\n' }),
      await source('.github/personas', { '.github/personas/b.yml': 'personas:\n  - name: Beta\n  - name: Gamma\n' }),
    ]);
    expect(library.ids()).toEqual(['alpha', 'beta', 'gamma']);
    expect(library.size).toBe(3);
    expect(library.has('beta')).toBe(true);
    expect(library.has('delta')).toBe(false);
    expect(library.origin('gamma')).toEqual({
      file: '.github/personas/b.yml',
      line: 3,
      column: 5,
      path: 'personas[1]',
      positions: { name: { line: 3, column: 11 } },
    });
  });

  it('a later source overrides an earlier one by id, with a notice', async () => {
    const logger = new MemoryLogger();
    const library = PersonaLibrary.build(
      [
        await source('built-in', { 'builtin/cost.yml': lines('name: Cost Optimization', 'risk_tolerance: high') }),
        await source('.github/personas', { '.github/personas/cost.yml': lines('# ours', 'name: Cost Optimization', 'risk_tolerance: low') }),
      ],
      logger,
    );
    expect(library.ids()).toEqual(['cost-optimization']);
    expect(library.get('cost-optimization').risk_tolerance).toBe('low');
    expect(library.origin('cost-optimization')?.file).toBe('.github/personas/cost.yml');
    expect(logger.entries).toEqual([
      {
        level: 'notice',
        message: 'persona "cost-optimization" from .github/personas/cost.yml:2 (.github/personas) overrides the one from builtin/cost.yml:1 (built-in)',
        where: undefined,
      },
    ]);
  });

  it('without overrides logs nothing', async () => {
    const logger = new MemoryLogger();
    PersonaLibrary.build([await source('a', { 'a.yml': 'name: A\n' }), await source('b', { 'b.yml': 'name: B\n' })], logger);
    expect(logger.entries).toEqual([]);
  });

  it('the same id twice in one source is an error naming both files', async () => {
    expect(buildErrors([await source('local', { 'p/a.yml': 'name: A\n', 'p/b.yml': lines('# same id', 'id: a', 'name: Another') })])).toEqual([
      'p/b.yml:2:5 id: duplicate persona id "a": also defined at p/a.yml:1',
    ]);
  });

  it('the same id twice in one file is an error at the second', async () => {
    expect(buildErrors([await source('local', { 'p/all.yml': lines('personas:', '  - name: A', '  - name: B', '  - name: A') })])).toEqual([
      'p/all.yml:4:11 personas[2].name: duplicate persona id "a": also defined at p/all.yml:2',
    ]);
  });

  it('get() of an unknown id fails with the closest ids', async () => {
    const library = PersonaLibrary.build([await source('l', { 'l.yml': lines('personas:', '  - name: Security First', '  - name: Fast Lane') })]);
    expect(() => library.get('securty-first')).toThrow(new ConfigurationError('unknown persona "securty-first" (did you mean "security-first"?)'));
    expect(library.unknownMessage('zzzzzzzz')).toBe('unknown persona "zzzzzzzz" (known personas: fast-lane, security-first)');
  });

  it('a persona without risk tolerance gets medium', async () => {
    const library = PersonaLibrary.build([await source('l', { 'a.yml': 'name: A\n' })]);
    expect(library.get('a')).toEqual({ id: 'a', name: 'A', risk_tolerance: 'medium', constraints: [], optimization_goals: [], monitoring_thresholds: [] });
    expect(library.get('a')).toBe(library.get('a'));
  });
});

describe('PersonaLibrary: extends', () => {
  const base = lines(
    'id: base',
    'name: Base',
    'description: the base',
    'risk_tolerance: low',
    'constraints:',
    '  - {parameter: replicas, operator: ">=", value: 2}',
    '  - {parameter: region, operator: in, value: [eu, us]}',
    'optimization_goals:',
    '  - {metric: cost, weight: 0.5}',
    '  - {metric: security, weight: 0.9}',
    'monitoring_thresholds:',
    '  - {metric: error_rate, operator: ">", value: 0.05}',
    '  - {metric: error_rate, operator: "<", value: 0.0001, severity: warning}',
  );
  const child = lines(
    'id: child',
    'name: Child',
    'extends: base',
    'constraints:',
    '  - {parameter: replicas, operator: ">=", value: 3}',
    '  - {parameter: replicas, operator: "<=", value: 6}',
    'optimization_goals:',
    '  - {metric: speed, weight: 0.1}',
    '  - {metric: cost, weight: 1}',
    'monitoring_thresholds:',
    '  - {metric: error_rate, operator: ">", value: 0.01, action: rollback}',
  );
  const grandchild = lines(
    'id: grandchild',
    'name: Grandchild',
    'description: mine',
    'extends: child',
    'risk_tolerance: high',
    'optimization_goals:',
    '  - {metric: security, weight: 0}',
    'monitoring_thresholds:',
    '  - {metric: error_rate, operator: ">=", value: 0.02}',
  );

  it('replaces items by key in place, appends new ones and inherits the rest', async () => {
    const library = PersonaLibrary.build([await source('l', { 'base.yml': base, 'child.yml': child })]);
    expect(library.get('child')).toEqual({
      id: 'child',
      name: 'Child',
      extends: 'base',
      description: 'the base',
      risk_tolerance: 'low',
      constraints: [
        { parameter: 'replicas', operator: '>=', value: 3 },
        { parameter: 'region', operator: 'in', value: ['eu', 'us'] },
        { parameter: 'replicas', operator: '<=', value: 6 },
      ],
      optimization_goals: [
        { metric: 'cost', weight: 1 },
        { metric: 'security', weight: 0.9 },
        { metric: 'speed', weight: 0.1 },
      ],
      monitoring_thresholds: [
        { metric: 'error_rate', operator: '>', value: 0.01, severity: 'critical', action: 'rollback' },
        { metric: 'error_rate', operator: '<', value: 0.0001, severity: 'warning', action: 'alert' },
      ],
    });
    expect(library.get('base').constraints[0]).toEqual({ parameter: 'replicas', operator: '>=', value: 2 });
  });

  it('applies several levels, the nearest ancestor winning', async () => {
    const library = PersonaLibrary.build([await source('l', { 'grandchild.yml': grandchild, 'child.yml': child, 'base.yml': base })]);
    expect(library.get('grandchild')).toEqual({
      id: 'grandchild',
      name: 'Grandchild',
      extends: 'child',
      description: 'mine',
      risk_tolerance: 'high',
      constraints: [
        { parameter: 'replicas', operator: '>=', value: 3 },
        { parameter: 'region', operator: 'in', value: ['eu', 'us'] },
        { parameter: 'replicas', operator: '<=', value: 6 },
      ],
      optimization_goals: [
        { metric: 'cost', weight: 1 },
        { metric: 'security', weight: 0 },
        { metric: 'speed', weight: 0.1 },
      ],
      monitoring_thresholds: [
        { metric: 'error_rate', operator: '>', value: 0.01, severity: 'critical', action: 'rollback' },
        { metric: 'error_rate', operator: '<', value: 0.0001, severity: 'warning', action: 'alert' },
        { metric: 'error_rate', operator: '>=', value: 0.02, severity: 'critical', action: 'alert' },
      ],
    });
  });

  it('extends a persona from an earlier source, as overridden', async () => {
    const library = PersonaLibrary.build([
      await source('built-in', { 'builtin/base.yml': base }),
      await source('local', { 'local/base.yml': lines('id: base', 'name: Base', 'risk_tolerance: medium'), 'local/child.yml': child }),
    ]);
    expect(library.get('child').risk_tolerance).toBe('medium');
    expect(library.get('child').constraints).toEqual([
      { parameter: 'replicas', operator: '>=', value: 3 },
      { parameter: 'replicas', operator: '<=', value: 6 },
    ]);
    expect(library.get('child').description).toBeUndefined();
  });

  it('an unknown parent is an error at the extends value, with a hint', async () => {
    expect(
      buildErrors([
        await source('l', {
          'p/child.yml': lines('name: Child', 'risk_tolerance: low', 'extends: cost-optimisation'),
          'p/cost.yml': 'name: Cost Optimization\n',
        }),
      ]),
    ).toEqual(['p/child.yml:3:10 extends: extends unknown persona "cost-optimisation" (did you mean "cost-optimization"?)']);
  });

  it('an unknown parent with nothing close gets no hint', async () => {
    expect(buildErrors([await source('l', { 'c.yml': lines('name: C', 'extends: zzz-unrelated-thing') })])).toEqual([
      'c.yml:2:10 extends: extends unknown persona "zzz-unrelated-thing"',
    ]);
  });

  it('a cycle is one error at the extends line of the first persona in it', async () => {
    expect(
      buildErrors([
        await source('l', {
          'a.yml': lines('name: A', 'extends: b'),
          'b.yml': lines('name: B', 'description: x', 'extends: c'),
          'c.yml': lines('name: C', 'extends: a'),
          'd.yml': lines('name: D', 'extends: a'),
        }),
      ]),
    ).toEqual(['a.yml:2:10 extends: extends cycle: a → b → c → a']);
  });

  it('a persona extending itself, and a cycle inside a collection', async () => {
    expect(buildErrors([await source('l', { 'self.yml': lines('# loop', 'name: Self', 'extends:   self') })])).toEqual([
      'self.yml:3:12 extends: extends cycle: self → self',
    ]);
    expect(buildErrors([await source('l', { 'pair.yml': lines('personas:', '  - name: A', '    extends: b', '  - name: B', '    extends: a') })])).toEqual([
      'pair.yml:3:14 personas[0].extends: extends cycle: a → b → a',
    ]);
  });
});

describe('PersonaLibrary: switch actions', () => {
  it('switch: to an unknown persona is an error at the action', async () => {
    const text = lines(
      'name: A',
      'monitoring_thresholds:',
      '  - metric: error_rate',
      '    operator: ">"',
      '    value: 0.1',
      '    action: "switch:safe-mode"',
      '  - metric: p95',
      '    operator: ">"',
      '    value: 300',
      '    action: "switch:a"',
      '  - metric: cpu',
      '    operator: ">"',
      '    value: 90',
      '    action: "switch:b"',
    );
    expect(buildErrors([await source('l', { 'a.yml': text, 'b.yml': 'name: B\n' })])).toEqual([
      'a.yml:6:13 monitoring_thresholds[0].action: action switches to unknown persona "safe-mode"',
    ]);
  });

  it('switch: may target a persona of another source', async () => {
    const text = lines('name: A', 'monitoring_thresholds:', '  - {metric: e, operator: ">", value: 1, action: "switch:safe"}');
    const library = PersonaLibrary.build([await source('built-in', { 'safe.yml': 'name: Safe\n' }), await source('local', { 'a.yml': text })]);
    expect(library.get('a').monitoring_thresholds[0]!.action).toBe('switch:safe');
  });
});

describe('PersonaLibrary: diagnostics', () => {
  it('collects every problem of every file and source in one error', async () => {
    const results = [
      await source('built-in', {
        'builtin/a.yml': lines('name: A', 'risk_tolerance: bad'),
        'builtin/b.yml': lines('name: B', 'extends: nope'),
      }),
      await source('local', {
        'local/c.yml': '- name: C\n',
        'local/d.yml': lines('name: D', 'monitoring_thresholds:', '  - {metric: e, operator: ">", value: 1, action: "switch:gone"}'),
        'local/e.yml': 'name: E\n',
        'local/e2.yml': 'name: E\n',
      }),
    ];
    let caught: unknown;
    try {
      PersonaLibrary.build(results);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    const expected = [
      'builtin/a.yml:2:17 risk_tolerance: unknown risk tolerance "bad" (expected one of low, medium, high)',
      'local/c.yml:1:1: expected a persona object or { personas: [...] }, got a list',
      'local/e2.yml:1:7 name: duplicate persona id "e": also defined at local/e.yml:1',
      'builtin/b.yml:2:10 extends: extends unknown persona "nope"',
      'local/d.yml:3:50 monitoring_thresholds[0].action: action switches to unknown persona "gone"',
    ];
    expect((caught as ConfigurationError).diagnostics.map(formatDiagnostic)).toEqual(expected);
    expect((caught as Error).message).toBe(expected.join('\n'));
  });

  it('diagnostics a source reports fail the library even when its personas are fine', async () => {
    const result = await new StaticSource('remote', [], [{ file: 'https://example.com/p.yml', message: 'could not fetch: 404' }]).load();
    expect(buildErrors([await source('l', { 'a.yml': 'name: A\n' }), result])).toEqual(['https://example.com/p.yml: could not fetch: 404']);
  });
});
