/**
 * The library and `matches` patterns: every pattern checked on the
 * linear-time engine (located errors), clashes only a pattern causes found at
 * build, blends through the library's engine, and a strict conflict naming
 * where both clashing constraints were written.
 */
import { resolveBlend } from '../../src/blend/blend.js';
import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { needsPatternEngine, PersonaLibrary } from '../../src/library/persona-library.js';
import type { SourceResult } from '../../src/library/persona-source.js';
import { lines, source } from './library-fixtures.js';
import { configurationErrorOf } from '../support/configuration-error.js';

const patterns = createPatternEngine();

/** The formatted diagnostics of a build that fails with a user error. */
const errorsOf = (build: () => unknown): string[] => configurationErrorOf(build).diagnostics.map(formatDiagnostic);

const branchPersona = (name: string, ...constraints: string[]) => lines(`name: ${name}`, 'constraints:', ...constraints);
const matches = (pattern: string) => `  - { parameter: branch, operator: matches, value: ${JSON.stringify(pattern)} }`;
const within = (...values: string[]) => `  - { parameter: branch, operator: in, value: ${JSON.stringify(values)} }`;

describe('PersonaLibrary: patterns on the linear-time engine', () => {
  it('reports each pattern the engine refuses at its constraint, naming the construct', async () => {
    const results = [
      await source('local', {
        'p/a.yml': branchPersona('A', within('main'), matches('a{1001}')),
        'p/b.yml': branchPersona('B', matches('^release/'), matches('x\\Z')),
      }),
    ];
    expect(errorsOf(() => PersonaLibrary.build(results, { patterns }))).toEqual([
      'p/a.yml:4:5 constraints[1].value: pattern "a{1001}" is not valid RE2 syntax: invalid repeat count ({1001})',
      'p/b.yml:4:5 constraints[1].value: pattern "x\\\\Z" is not valid RE2 syntax: invalid escape sequence (\\\\Z)',
    ]);
  });

  it('checks a hostile pattern against a long value in linear time while the library loads', async () => {
    const results = [await source('local', { 'p/redos.yml': branchPersona('Redos', within(`${'a'.repeat(30_000)}!`), matches('^(a+)+$')) })];
    const start = performance.now();
    const errors = errorsOf(() => PersonaLibrary.build(results, { patterns }));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^p\/redos\.yml:3:5 constraints\[0\]: persona "redos" has constraints on "branch" that cannot all hold: branch in \["a{59}…"\] and branch matches \/\^\(a\+\)\+\$\/ \(no value is allowed/,
    );
  });

  it('a clash that does not depend on a pattern is reported once, when the file is read', async () => {
    const result = await source('local', { 'p/a.yml': branchPersona('A', within('main'), within('dev'), matches('^m')) });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'p/a.yml:3:5 constraints[0]: persona "a" has constraints on "branch" that cannot all hold: branch in [main] and branch in [dev] and branch matches /^m/ (no value is allowed by every "=", "in", bound, exclusion and pattern)',
    ]);
  });

  it('finds a clash only inheritance and a pattern make', async () => {
    const results = [
      await source('local', {
        'p/base.yml': branchPersona('Base', within('main', 'dev')),
        'p/child.yml': lines('name: Child', 'extends: base', 'constraints:', matches('^release/')),
      }),
    ];
    expect(errorsOf(() => PersonaLibrary.build(results, { patterns }))).toEqual([
      'p/child.yml:4:5 constraints[0]: persona "child" has constraints on "branch" that cannot all hold: branch in [main, dev] and branch matches /^release// (no value is allowed by every "=", "in", bound, exclusion and pattern)',
    ]);
  });

  it('asks for the engine when a pattern may filter a set, and blending without it is a bug (a plain Error)', async () => {
    const results = [await source('local', { 'p/a.yml': branchPersona('A', within('main', 'dev'), matches('^m')) })];
    expect(needsPatternEngine(results)).toBe(true);
    const library = PersonaLibrary.build(results);
    expect(() => resolveBlend(library, 'a', { onConflict: 'strict' })).toThrow(/no pattern engine was given/);
    expect(() => resolveBlend(library, 'a', { onConflict: 'strict' })).not.toThrow(ConfigurationError);
  });

  it('needs no engine for simple patterns that meet no set, anywhere in the library', async () => {
    const simple = [await source('local', { 'p/a.yml': branchPersona('A', matches('^(main|release/.+)$')), 'p/b.yml': branchPersona('B', matches('^v\\d+')) })];
    expect(needsPatternEngine(simple)).toBe(false);
    const other = [await source('local', { 'p/a.yml': branchPersona('A', matches('(?i)^main')) })];
    expect(needsPatternEngine(other)).toBe(true);
    const acrossPersonas = [await source('local', { 'p/a.yml': branchPersona('A', matches('^m')), 'p/b.yml': branchPersona('B', within('main', 'dev')) })];
    expect(needsPatternEngine(acrossPersonas)).toBe(true);
  });

  it('needs no engine for patterns that filter nothing', async () => {
    const results = [await source('local', { 'p/a.yml': branchPersona('A', matches('^m')) })];
    expect(PersonaLibrary.build(results).get('a').constraints).toHaveLength(1);
  });

  it('blends with the engine it was built with: legitimate patterns filter sets', async () => {
    const results = [
      await source('local', {
        'p/train.yml': branchPersona('Train', within('main', 'release/1.2', 'dev')),
        'p/release.yml': branchPersona('Release', matches('^release/\\d+\\.\\d+$')),
      }),
    ];
    const library = PersonaLibrary.build(results, { patterns });
    expect(library.patterns).toBeDefined();
    expect(resolveBlend(library, 'train+release').constraints).toEqual([
      { parameter: 'branch', operator: '=', value: 'release/1.2', from: ['train'] },
      { parameter: 'branch', operator: 'matches', value: '^release/\\d+\\.\\d+$', from: ['release'] },
    ]);
  });
});

describe('PersonaLibrary: strict conflicts name where both constraints were written', () => {
  const replicas = (op: string, value: number) => `  - { parameter: replicas, operator: "${op}", value: ${value} }`;

  let library: PersonaLibrary;
  beforeAll(async () => {
    const results: SourceResult[] = [
      await source('built-in', { 'personas/safe.yml': lines('name: Safe', 'constraints:', replicas('>=', 3)) }),
      await source('.github/personas', {
        '.github/personas/cheap.yml': lines('# cheap', 'name: Cheap', 'constraints:', replicas('>=', 1), replicas('<=', 2)),
        '.github/personas/base.yml': lines('name: Base', 'constraints:', replicas('<=', 1)),
        '.github/personas/child.yml': lines('name: Child', 'extends: base', 'constraints:', '  - { parameter: tier, operator: "=", value: gold }'),
      }),
    ];
    library = PersonaLibrary.build(results, { patterns });
  });

  it('gives file and line of each side, the built-in one by its label', async () => {
    expect(errorsOf(() => resolveBlend(library, 'safe+cheap'))).toEqual([
      'constraints conflict on "replicas": "cheap" requires replicas >= 1 (.github/personas/cheap.yml:4) and replicas <= 2 (.github/personas/cheap.yml:5) but "safe" requires replicas >= 3 (built-in personas/safe.yml:3) (on-conflict weighted would keep the higher-weight persona\'s constraints)',
    ]);
  });

  it('places an inherited constraint where its ancestor wrote it', async () => {
    expect(errorsOf(() => resolveBlend(library, 'safe+child'))).toEqual([
      'constraints conflict on "replicas": "child" requires replicas <= 1 (.github/personas/base.yml:3) but "safe" requires replicas >= 3 (built-in personas/safe.yml:3) (on-conflict weighted would keep the higher-weight persona\'s constraints)',
    ]);
  });
});
