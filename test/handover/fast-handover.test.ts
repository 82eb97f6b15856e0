/**
 * The hand-over's fast path (the generated validator, no zod) against zod:
 * for every document, either the fast path declines (and zod decides) or
 * both accept it and read exactly the same document. A stage's cold path
 * reads a well-formed hand-over without loading zod.
 */
import { resolveBlend } from '../../src/blend/blend.js';
import { plainSelection, serializeHandover, toHandover } from '../../src/handover/handover-document.js';
import { fastHandover } from '../../src/handover/fast-handover.js';
import { HandoverDocumentSchema } from '../../src/handover/handover-schema.js';
import type { PersonaLibrary } from '../../src/library/persona-library.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { buildLibrary } from '../../src/wiring/build-library.js';
import { richPersona } from './handover-fixtures.js';

let library: PersonaLibrary;
beforeAll(async () => {
  library = await buildLibrary({ library: [], token: '', cache: false }, { workspace: process.cwd(), logger: new MemoryLogger() });
});

const json = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
const zodRead = (data: unknown) => {
  const r = HandoverDocumentSchema.safeParse(data);
  return r.success ? json(r.data) : undefined;
};

/** Valid hand-overs: every built-in alone and in blends (weighted, with conflicts), with and without a selection and a risk policy. */
function validDocuments(): Array<Record<string, unknown>> {
  const expressions = ['balanced', 'cost-optimization', 'freeze', 'high-velocity', 'performance', 'security-first', 'stability'];
  const blends = [
    'security-first:0.6,cost-optimization:0.4',
    'high-velocity:0.7,stability:0.3',
    'performance:0.7,cost-optimization:0.3',
    'freeze:0.1,high-velocity:0.9',
  ];
  const docs = [
    ...expressions.map((e) => toHandover(resolveBlend(library, e), plainSelection('input'))),
    ...blends.map((e) => toHandover(resolveBlend(library, e, { onConflict: 'weighted' }))),
    toHandover(richPersona()),
  ];
  return docs.map((d) => json(JSON.parse(serializeHandover(d))));
}

/** Each mutation of a valid document: the fast path must decline or agree with zod. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each mutation reaches into a known document shape
const MUTATIONS: Array<[string, (d: Record<string, any>) => void]> = [
  ['an unknown top-level key (a newer minor)', (d) => (d.added_in_1_9 = { x: 1 })],
  ['an unknown key in a constraint', (d) => (d.constraints[0].note = 'x')],
  ['a padded parameter (zod trims it)', (d) => (d.constraints[0].parameter = ` ${d.constraints[0].parameter} `)],
  ['a padded goal metric', (d) => d.optimization_goals[0] && (d.optimization_goals[0].metric = 'cost ')],
  ['a number operator with a string', (d) => (d.constraints[0] = { ...d.constraints[0], operator: '<', value: 'x' })],
  ['a list of objects', (d) => (d.constraints[0] = { ...d.constraints[0], operator: 'in', value: [{}] })],
  ['an empty list', (d) => (d.constraints[0] = { ...d.constraints[0], operator: 'in', value: [] })],
  ['a control character in a value', (d) => (d.constraints[0] = { ...d.constraints[0], operator: '=', value: 'a\u0007b' })],
  ['a line feed in a list item', (d) => (d.constraints[0] = { ...d.constraints[0], operator: 'in', value: ['a\nb'] })],
  ['a C1 control in a value (allowed)', (d) => (d.constraints[0] = { ...d.constraints[0], operator: '=', value: 'a\u0085b' })],
  ['a missing blend', (d) => delete d.blend],
  ['a weight over 1', (d) => (d.blend[0].weight = 1.5)],
  ['a missing severity (zod fills the default)', (d) => d.monitoring_thresholds[0] && delete d.monitoring_thresholds[0].severity],
  ['an unknown risk tolerance', (d) => (d.risk_tolerance = 'reckless')],
  ['a risk policy with an unknown field', (d) => (d.risk_policy = { retries: 1, from: [d.blend[0].id], extra: true })],
  ['a risk policy with retries over the limit', (d) => (d.risk_policy = { retries: 11, from: [d.blend[0].id] })],
  ['a string revision', (d) => (d.revision = '7')],
];

describe('fastHandover', () => {
  it('accepts every valid hand-over and reads it exactly as zod does', () => {
    for (const doc of validDocuments()) {
      const fast = fastHandover(doc);
      expect({ id: doc.id, fast: fast && json(fast) }).toEqual({ id: doc.id, fast: zodRead(doc) });
    }
  });

  it.each(MUTATIONS)('%s: declines, or agrees with zod', (_what, mutate) => {
    for (const original of validDocuments()) {
      const doc = json(original);
      mutate(doc);
      const fast = fastHandover(json(doc));
      if (fast) expect(json(fast)).toEqual(zodRead(doc));
    }
  });

  it('drops unknown keys at every level, as zod does', () => {
    const doc = json(validDocuments()[0]);
    doc.extra = 1;
    (doc.blend as Array<Record<string, unknown>>)[0]!.extra = 2;
    const fast = fastHandover(doc)!;
    expect(fast).toBeDefined();
    expect('extra' in fast).toBe(false);
    expect('extra' in fast.blend[0]!).toBe(false);
  });
});
