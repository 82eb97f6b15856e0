/**
 * schema-check (the hand-over's JSON schema interpreted as data) against
 * ajv compiled from the same schema with the options the generated
 * validators use: the same answer for every valid hand-over and for
 * thousands of random mutations of them.
 */
import { Ajv } from 'ajv';
import { resolveBlend } from '../../src/blend/blend.js';
import { plainSelection, serializeHandover, toHandover } from '../../src/handover/handover-document.js';
import { HANDOVER_SCHEMA } from '../../src/handover/handover-validator.generated.js';
import { matchesSchema, type SchemaNode } from '../../src/handover/schema-check.js';
import type { PersonaLibrary } from '../../src/library/persona-library.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { buildLibrary } from '../../src/wiring/build-library.js';
import { prng } from '../../bench/synthetic-library.js';
import { richPersona } from './handover-fixtures.js';

let library: PersonaLibrary;
beforeAll(async () => {
  library = await buildLibrary({ library: [], token: '', cache: false }, { workspace: process.cwd(), logger: new MemoryLogger() });
});

const ajv = new Ajv({ strictNumbers: true, allErrors: false, strict: false, unicodeRegExp: true });
const ajvCheck = ajv.compile(HANDOVER_SCHEMA);
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function documents(): Array<Record<string, unknown>> {
  const expressions = ['balanced', 'freeze', 'performance', 'security-first:0.6,cost-optimization:0.4', 'high-velocity:0.7,stability:0.3'];
  return [
    ...expressions.map((e) =>
      toHandover(resolveBlend(library, e, { onConflict: 'weighted' }), { ...plainSelection('state'), revision: 3, correlation_id: 'c-1' }),
    ),
    toHandover(richPersona()),
  ].map((d) => JSON.parse(serializeHandover(d)) as Record<string, unknown>);
}

/** Every path to a value inside `value`. */
function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [at];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...entries.flatMap(([k, v]) => paths(v, [...at, k]))];
}

const REPLACEMENTS: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e21,
  11,
  '',
  ' ',
  'x',
  'a\u0007b',
  'a\nb',
  'a\u202eb',
  '1.2',
  'low',
  'canary',
  [],
  [1],
  ['x'],
  {},
  { x: 1 },
  true,
];

describe('matchesSchema agrees with ajv', () => {
  it('on every valid hand-over', () => {
    for (const doc of documents()) expect({ id: doc.id, ours: matchesSchema(doc, HANDOVER_SCHEMA) }).toEqual({ id: doc.id, ours: true });
    for (const doc of documents()) expect(ajvCheck(doc)).toBe(true);
  });

  it('on 5,000 random mutations (a value replaced, or a key removed)', () => {
    const random = prng(20261130);
    const docs = documents();
    let rejected = 0;
    for (let n = 0; n < 5000; n++) {
      const doc = json(docs[Math.floor(random() * docs.length)]!);
      const all = paths(doc).filter((p) => p.length > 0);
      const path = all[Math.floor(random() * all.length)]!;
      const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, doc);
      const key = path.at(-1)!;
      if (random() < 0.2 && !Array.isArray(parent)) delete parent[key];
      else parent[key] = json(REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)]);
      const expected = ajvCheck(doc);
      if (!expected) rejected++;
      expect({ path: path.join('.'), ours: matchesSchema(doc, HANDOVER_SCHEMA) }).toEqual({ path: path.join('.'), ours: expected });
    }
    expect(rejected).toBeGreaterThan(1000);
  });

  it('answers no for a keyword it does not know, so a new construct can only send a document to zod', () => {
    expect(matchesSchema('x', { type: 'string', maxLength: 0 } as SchemaNode)).toBe(false);
    expect(matchesSchema({ a: 'x' }, { type: 'object', properties: { a: { format: 'email' } } } as SchemaNode)).toBe(false);
  });
});
