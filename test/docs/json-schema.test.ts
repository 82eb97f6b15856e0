/**
 * schema/persona.schema.json: fresh, and as strict as the runtime parser.
 * ajv is not a dependency (the copy in node_modules is eslint's ajv 6, which
 * has no draft 2020-12), so a small validator below covers the keywords the
 * schema uses and refuses any other, so that none is silently skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { personaJsonSchema, personaJsonSchemaText } from '../../src/persona/persona-json-schema.js';
import { ROOT } from '../support/run-dist.js';

type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default', '$defs']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs']);
const SCHEMA_LISTS = new Set(['anyOf', 'allOf']);
const SUBSCHEMAS = new Set(['items', 'if', 'then', 'additionalProperties']);
const ASSERTIONS = new Set(['type', 'enum', 'const', 'pattern', 'format', 'minLength', 'minItems', 'minimum', 'maximum', 'required', '$ref']);

/** Throws on a keyword the validator does not implement, anywhere in the schema. */
function checkKeywords(schema: unknown, at = '#'): void {
  if (typeof schema === 'boolean') return;
  for (const [k, v] of Object.entries(schema as Schema)) {
    if (SCHEMA_MAPS.has(k)) for (const [name, sub] of Object.entries(v as Schema)) checkKeywords(sub, `${at}/${k}/${name}`);
    else if (SCHEMA_LISTS.has(k)) (v as unknown[]).forEach((sub, i) => checkKeywords(sub, `${at}/${k}/${i}`));
    else if (SUBSCHEMAS.has(k)) checkKeywords(v, `${at}/${k}`);
    else if (!ANNOTATIONS.has(k) && !ASSERTIONS.has(k)) throw new Error(`the test validator does not implement "${k}" (at ${at})`);
  }
}

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

/** The places where `value` breaks `schema` (empty when it validates). */
function errors(root: Schema, schema: unknown, value: unknown, at = '$'): string[] {
  if (schema === true || (typeof schema === 'object' && schema !== null && Object.keys(schema).length === 0)) return [];
  if (schema === false) return [`${at}: not allowed`];
  const s = schema as Schema;
  const out: string[] = [];
  const sub = (schema2: unknown, v: unknown, where = at) => errors(root, schema2, v, where);
  if (s.$ref !== undefined) {
    const target = (s.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, part) => (node as Schema)[part], root);
    if (target === undefined) throw new Error(`unresolved $ref ${String(s.$ref)}`);
    out.push(...sub(target, value));
  }
  if (s.type !== undefined) {
    const types = ([] as string[]).concat(s.type as string | string[]);
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) out.push(`${at}: expected ${types.join('|')}, got ${t}`);
  }
  if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(value))) out.push(`${at}: not in enum`);
  if (s.const !== undefined && JSON.stringify(s.const) !== JSON.stringify(value)) out.push(`${at}: not the const`);
  if (typeof value === 'string') {
    if (s.pattern !== undefined && !new RegExp(s.pattern as string, 'u').test(value)) out.push(`${at}: does not match ${String(s.pattern)}`);
    if (s.minLength !== undefined && [...value].length < (s.minLength as number)) out.push(`${at}: too short`);
    if (s.format === 'regex')
      try {
        new RegExp(value);
      } catch {
        out.push(`${at}: not a regular expression`);
      }
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < (s.minimum as number)) out.push(`${at}: below minimum`);
    if (s.maximum !== undefined && value > (s.maximum as number)) out.push(`${at}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < (s.minItems as number)) out.push(`${at}: too few items`);
    if (s.items !== undefined) value.forEach((item, i) => out.push(...sub(s.items, item, `${at}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Schema;
    const patterns = Object.entries((s.patternProperties ?? {}) as Schema).map(([p, ps]) => [new RegExp(p, 'u'), ps] as const);
    for (const key of (s.required ?? []) as string[]) if (!(key in obj)) out.push(`${at}: missing ${key}`);
    for (const [key, v] of Object.entries(obj)) {
      const applying = [...(key in props ? [props[key]] : []), ...patterns.filter(([re]) => re.test(key)).map(([, ps]) => ps)];
      if (applying.length === 0 && s.additionalProperties !== undefined) applying.push(s.additionalProperties);
      for (const ps of applying) out.push(...sub(ps, v, `${at}.${key}`));
    }
  }
  if (s.allOf !== undefined) for (const part of s.allOf as unknown[]) out.push(...sub(part, value));
  if (s.anyOf !== undefined && (s.anyOf as unknown[]).every((part) => sub(part, value).length > 0)) out.push(`${at}: matches no anyOf branch`);
  if (s.if !== undefined && sub(s.if, value).length === 0 && s.then !== undefined) out.push(...sub(s.then, value));
  return out;
}

const schema = personaJsonSchema();
const validate = (value: unknown): string[] => errors(schema, schema, value);
const persona = (fields: Record<string, unknown>) => ({ name: 'A', ...fields });
const withConstraint = (operator: string, value: unknown) => persona({ constraints: [{ parameter: 'p', operator, value }] });

/** Documents, and whether the runtime accepts them; the schema must agree. */
const CASES: Array<[string, unknown, boolean]> = [
  ['a bare persona', persona({}), true],
  ['a blank name', persona({ name: '   ' }), false],
  ['an empty name', persona({ name: '' }), false],
  ['a padded name', persona({ name: ' A ' }), true],
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
  ['"matches" with a bad regular expression', withConstraint('matches', '(['), false],
  ['"matches" with a regular expression', withConstraint('matches', '^release/'), true],
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

  it('uses only keywords the test validator implements', () => {
    expect(() => checkKeywords(schema)).not.toThrow();
  });

  it('accepts every built-in persona', () => {
    const files = readdirSync(path.join(ROOT, 'personas')).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect([f, validate(parse(readFileSync(path.join(ROOT, 'personas', f), 'utf8')))]).toEqual([f, []]);
  });

  it.each(CASES)('agrees with the parser on %s', (_what, document, valid) => {
    expect(parsePersonaFile('p.yml', stringify(document)).diagnostics.length === 0).toBe(valid);
    expect(validate(document).length === 0).toBe(valid);
  });

  it('gives the constraint value one rule per kind of operator, covering every operator', () => {
    const constraint = (schema.$defs as Record<string, Schema>).Constraint!;
    const operators = (constraint.allOf as Schema[]).flatMap((rule) => ((rule.if as Schema).properties as Record<string, Schema>).operator!.enum as string[]);
    expect([...operators].sort()).toEqual([...((constraint.properties as Record<string, Schema>).operator!.enum as string[])].sort());
  });
});
