/**
 * schema/persona.schema.json: fresh, draft-07 with a stable $id, described
 * field by field, and as strict as the runtime parser, checked with a real
 * validator (ajv, draft-07) in strict mode.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { parse, stringify } from 'yaml';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { personaJsonSchema, personaJsonSchemaText, schemaUrl } from '../../src/persona/persona-json-schema.js';
import { ROOT } from '../support/run-dist.js';
import { NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_IN_FREE_TEXT } from '../../src/persona/control-characters.js';
import { everyPropertyDescribed, strictAjv } from '../handover/json-schema-checks.js';

type Schema = Record<string, unknown>;

const schema = personaJsonSchema();
const validate = strictAjv().compile(schema);
const errorsOf = (document: unknown): ErrorObject[] => (validate(document) ? [] : [...validate.errors!]);
const persona = (fields: Record<string, unknown>) => ({ name: 'A', ...fields });
const withConstraint = (operator: string, value: unknown) => persona({ constraints: [{ parameter: 'p', operator, value }] });

/** The README's example persona: the first YAML block under "## Persona files". */
function readmeExample(): unknown {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Persona files'));
  const block = /```yaml\n(# \.github\/personas\/payments\.yml[\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md has no ```yaml block under "## Persona files"');
  return parse(block[1]!);
}

/** Documents, and whether the runtime accepts them; the schema must agree. */
const CASES: Array<[string, unknown, boolean]> = [
  ['a bare persona', persona({}), true],
  ['a blank name', persona({ name: '   ' }), false],
  ['an empty name', persona({ name: '' }), false],
  ['a padded name', persona({ name: ' A ' }), true],
  ['a missing name', { description: 'no name' }, false],
  ['a blank parameter', persona({ constraints: [{ parameter: ' ', operator: '=', value: 1 }] }), false],
  ['a blank goal metric', persona({ optimization_goals: [{ metric: '\t', weight: 1 }] }), false],
  ['"<" with a string', withConstraint('<', 'x'), false],
  ['"<" with a number', withConstraint('<', 3), true],
  ['">=" with a list', withConstraint('>=', [3]), false],
  ['"in" with a number', withConstraint('in', 3), false],
  ['"in" with an empty list', withConstraint('in', []), false],
  ['"not_in" with a list of scalars', withConstraint('not_in', ['a', 1, true]), true],
  ['"in" with a list holding an object', withConstraint('in', ['a', { b: 1 }]), false],
  ['"=" with a list', withConstraint('=', ['a']), false],
  ['"!=" with a boolean', withConstraint('!=', false), true],
  ['"matches" with a number', withConstraint('matches', 3), false],
  ['"matches" with a regular expression', withConstraint('matches', '^release/'), true],
  ['a name with an escape character', persona({ name: 'A\u001b]0;owned\u0007' }), false],
  ['a name with a bidirectional override', persona({ name: 'A\u202Etxt.exe' }), false],
  ['a parameter with a NUL', persona({ constraints: [{ parameter: 'p\u0000', operator: '=', value: 1 }] }), false],
  ['a goal metric with a newline', persona({ optimization_goals: [{ metric: 'cost\n| forged |', weight: 1 }] }), false],
  ['a threshold metric with DEL', persona({ monitoring_thresholds: [{ metric: 'm\u007f', operator: '>', value: 1 }] }), false],
  ['a string value with a carriage return', withConstraint('=', 'a\rb'), false],
  ['a list item with an isolate', withConstraint('in', ['a', 'b\u2066']), false],
  ['a pattern with a tab character', withConstraint('matches', '^a\tb$'), false],
  ['a pattern with an escaped tab', withConstraint('matches', '^a\\tb$'), true],
  ['a description with line feeds and tabs', persona({ description: 'one\n\ttwo' }), true],
  ['a description with an escape character', persona({ description: 'one\u001b[2J' }), false],
  ['a description with a carriage return', persona({ description: 'one\rtwo' }), false],
  ['a name with non-ASCII letters', persona({ name: 'Sécurité 安全' }), true],
  ['an unknown operator', withConstraint('=<', 3), false],
  ['a missing operator', persona({ constraints: [{ parameter: 'p', value: 3 }] }), false],
  [
    'x- keys at every level',
    persona({
      'x-a': 1,
      constraints: [{ parameter: 'p', operator: '=', value: 1, 'x-b': {} }],
      monitoring_thresholds: [{ metric: 'm', operator: '>', value: 1, 'x-c': [] }],
      optimization_goals: [{ metric: 'm', weight: 1, 'x-d': 1 }],
    }),
    true,
  ],
  ['an unknown key', persona({ colour: 'blue' }), false],
  ['a collection', { 'x-owner': 'me', personas: [persona({}), persona({ name: 'B', extends: 'a' })] }, true],
  ['an empty collection', { personas: [] }, false],
  ['a collection with a key beside personas', { personas: [persona({})], version: 2 }, false],
  ['a goal weight above 1', persona({ optimization_goals: [{ metric: 'cost', weight: 2 }] }), false],
  ['a bad window', persona({ monitoring_thresholds: [{ metric: 'm', operator: '>', value: 1, window: '5 minutes' }] }), false],
];

describe('schema/persona.schema.json', () => {
  it('is what src/persona/persona-json-schema.ts generates (run `npm run generate`)', () => {
    expect(readFileSync(path.join(ROOT, 'schema/persona.schema.json'), 'utf8')).toBe(personaJsonSchemaText());
  });

  it('is draft-07 with the raw URL on the moving tag of package.json as $id', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; repository: { url: string } };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toBe(schemaUrl(pkg.repository.url, pkg.version, 'persona.schema.json'));
    expect(schema.$id).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/v\d+(\.\d+)?\/schema\/persona\.schema\.json$/);
  });

  it('accepts the README example persona', () => {
    const example = readmeExample();
    expect(example).toHaveProperty('name', 'Payments');
    expect(errorsOf(example)).toEqual([]);
  });

  it('accepts every built-in persona', () => {
    const files = readdirSync(path.join(ROOT, 'personas')).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect([f, errorsOf(parse(readFileSync(path.join(ROOT, 'personas', f), 'utf8')))]).toEqual([f, []]);
  });

  it('accepts a collection file holding every built-in persona', () => {
    const dir = path.join(ROOT, 'personas');
    const personas = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => parse(readFileSync(path.join(dir, f), 'utf8')) as unknown);
    expect(errorsOf({ $schema: String(schema.$id), personas })).toEqual([]);
  });

  it.each(CASES)('agrees with the parser on %s', (_what, document, valid) => {
    expect(parsePersonaFile('p.yml', stringify(document)).diagnostics.length === 0).toBe(valid);
    expect(errorsOf(document).length === 0).toBe(valid);
  });

  it('points a single persona\'s bad operator at the field, with no "required property personas" beside it', () => {
    const errors = errorsOf(
      persona({
        constraints: [
          { parameter: 'p', operator: '=', value: 1 },
          { parameter: 'q', operator: '=<', value: 3 },
        ],
      }),
    );
    expect(errors.filter((e) => e.keyword !== 'if')).toEqual([
      expect.objectContaining({ instancePath: '/constraints/1/operator', keyword: 'enum', message: 'must be equal to one of the allowed values' }),
    ]);
    expect(errors.filter((e) => e.keyword === 'required')).toEqual([]);
    expect(JSON.stringify(errors)).not.toContain('personas');
  });

  it.each<[string, unknown, Partial<ErrorObject>]>([
    ['an unknown key', persona({ colour: 'blue' }), { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'colour' } }],
    [
      'a goal weight of 2',
      persona({ optimization_goals: [{ metric: 'cost', weight: 2 }] }),
      { instancePath: '/optimization_goals/0/weight', keyword: 'maximum' },
    ],
    ['a missing name', { description: 'x' }, { instancePath: '', keyword: 'required', params: { missingProperty: 'name' } }],
    [
      'a collection item without a name',
      { personas: [{ id: 'a' }] },
      { instancePath: '/personas/0', keyword: 'required', params: { missingProperty: 'name' } },
    ],
  ])('reports %s at its place, and only it', (_what, document, expected) => {
    expect(errorsOf(document).filter((e) => e.keyword !== 'if')).toEqual([expect.objectContaining(expected)]);
  });

  it('leaves "matches" patterns to the parser: no `format: regex`, the dialect is described', () => {
    expect(JSON.stringify(schema)).not.toContain('"format"');
    expect(errorsOf(withConstraint('matches', '(['))).toEqual([]);
    expect(parsePersonaFile('p.yml', stringify(withConstraint('matches', '(['))).diagnostics).toHaveLength(1);
    const value = (((schema.definitions as Record<string, Schema>).Constraint!.properties as Record<string, Schema>).value!.description ?? '') as string;
    expect(value).toMatch(/RE2 syntax \(as implemented by re2js/);
    expect(value).toMatch(/found anywhere in it; anchor with \^…\$/);
    expect(value).toMatch(/No backreferences .*no lookahead or lookbehind .*repeat counts at most 1000/);
  });

  it('refuses no pattern the parser accepts for its syntax: a backreference passes the schema and is located by the parser', () => {
    expect(errorsOf(withConstraint('matches', '(a)\\1'))).toEqual([]);
    expect(parsePersonaFile('p.yml', stringify(withConstraint('matches', '(a)\\1'))).diagnostics).toEqual([
      expect.objectContaining({ path: 'constraints[0].value', message: expect.stringMatching(/uses a backreference/) }),
    ]);
  });

  it('carries the control-character rule as linear character-class patterns', () => {
    const patterns: string[] = [];
    JSON.stringify(schema, (key, value: unknown) => (key === 'pattern' && typeof value === 'string' && patterns.push(value), value));
    expect(patterns).toContain(NO_CONTROL_CHARACTERS.source);
    expect(patterns).toContain(NO_CONTROL_CHARACTERS_IN_FREE_TEXT.source);
    expect(NO_CONTROL_CHARACTERS.source).toMatch(/^\^\[\^[^\]]*\]\*\$$/);
  });

  it('describes every property, persona, constraint, goal, threshold and collection', () => {
    expect(everyPropertyDescribed(schema)).toEqual([]);
    for (const name of ['Persona', 'Constraint', 'Goal', 'Threshold', 'Collection'])
      expect([name, typeof (schema.definitions as Record<string, Schema>)[name]!.description]).toEqual([name, 'string']);
  });

  it('gives the constraint value one rule per kind of operator, covering every operator', () => {
    const constraint = (schema.definitions as Record<string, Schema>).Constraint!;
    const operators = (constraint.allOf as Schema[]).flatMap((rule) => ((rule.if as Schema).properties as Record<string, Schema>).operator!.enum as string[]);
    expect([...operators].sort()).toEqual([...((constraint.properties as Record<string, Schema>).operator!.enum as string[])].sort());
  });
});

describe('schemaUrl', () => {
  const file = 'persona.schema.json';
  it.each([
    ['git+https://github.com/pipeline-personas/pipeline-personas.git', '0.1.0', 'pipeline-personas/pipeline-personas/v0.1'],
    ['https://github.com/acme/personas', '0.4.0', 'acme/personas/v0.4'],
    ['https://github.com/acme/personas.git', '1.2.3', 'acme/personas/v1'],
    ['git+ssh://git@github.com/acme/my.personas.git', '2.0.0-rc.1', 'acme/my.personas/v2'],
    ['ssh://git@github.com/acme/personas.git', '10.11.12', 'acme/personas/v10'],
    ['git@github.com:acme/personas.git', '0.12.1', 'acme/personas/v0.12'],
    ['git://github.com/acme/personas.git', '1.0.0', 'acme/personas/v1'],
    ['github:acme/personas', '0.0.3', 'acme/personas/v0.0'],
    ['acme/personas', '3.1.4', 'acme/personas/v3'],
  ])('%s at %s → %s', (url, version, tail) => {
    expect(schemaUrl(url, version, file)).toBe(`https://raw.githubusercontent.com/${tail}/schema/${file}`);
  });

  it.each(['https://gitlab.com/acme/personas.git', 'git+ssh://git@bitbucket.org/acme/personas.git', 'gitlab:acme/personas', 'https://github.com/acme', ''])(
    'refuses %j, naming package.json "repository"',
    (url) => {
      expect(() => schemaUrl(url, '1.0.0', file)).toThrow(/is not a GitHub repository: .*"repository" in package\.json/);
    },
  );

  it('refuses a version that is not MAJOR.MINOR.PATCH', () => {
    expect(() => schemaUrl('acme/personas', '1.2', file)).toThrow('version "1.2" is not MAJOR.MINOR.PATCH');
  });
});
