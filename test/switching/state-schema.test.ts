/**
 * The state document's zod schema, the JSON schema generated from it
 * (schema/state.schema.json) and the standalone validator generated from
 * that: fresh, described, the same fields as the TypeScript types, and
 * agreeing with each other on valid and mutated documents.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { z } from 'zod';
import { objectShape } from '../../src/persona/persona-validator-build.js';
import { parseState } from '../../src/switching/parse-state.js';
import type { Ack, ActiveSwitch, PersonaState, RolloutState, ScopeState, TtlState } from '../../src/switching/persona-state.js';
import { STATE_SCHEMA_FILE, stateJsonSchema, stateJsonSchemaText } from '../../src/switching/state-json-schema.js';
import {
  AckSchema,
  ActiveSwitchSchema,
  EnvironmentScopeSchema,
  PersonaStateObjectSchema,
  PersonaStateSchema,
  RolloutStateSchema,
  TtlStateSchema,
} from '../../src/switching/state-schema.js';
import { stateValidatorText } from '../../src/switching/state-validator-build.js';
import { validate } from '../../src/switching/state-validator.generated.js';
import { everyPropertyDescribed, strictAjv } from '../handover/json-schema-checks.js';
import { ROOT } from '../support/run-dist.js';
import { clone, minimalState, richState, rollout, stateWithoutGlobalActive, WHERE } from './state-fixtures.js';

// Compile-time (npm run typecheck): the schema's output and the types of persona-state.ts are assignable both ways.
const fromSchema = (s: z.output<typeof PersonaStateSchema>): PersonaState => s;
const toSchema = (s: PersonaState): z.output<typeof PersonaStateSchema> => s;
const rolloutBothWays = (r: RolloutState): z.output<typeof RolloutStateSchema> => r satisfies RolloutState;

/** Every key of each type, checked complete by `satisfies`: compared with the zod schema's keys at run time. */
const TYPE_KEYS = {
  state: { schema_version: 1, revision: 1, active: 1, rollout: 1, ttl: 1, previous: 1, environments: 1, acks: 1 } satisfies Record<keyof PersonaState, 1>,
  environment: { active: 1, rollout: 1, ttl: 1, previous: 1 } satisfies Record<keyof ScopeState | 'previous', 1>,
  active: { persona: 1, since: 1, by: 1, reason: 1, correlation_id: 1 } satisfies Record<keyof ActiveSwitch, 1>,
  rollout: {
    ...{ id: 1, from: 1, to: 1, steps: 1, step: 1, interval: 1, bucket_by: 1 },
    ...{ started_at: 1, updated_at: 1, paused_at: 1, paused_ms: 1, status: 1 },
  } satisfies Record<keyof RolloutState, 1>,
  ttl: { expires_at: 1, revert_to: 1 } satisfies Record<keyof TtlState, 1>,
  ack: { correlation_id: 1, result: 1, reason: 1, revision: 1, at: 1 } satisfies Record<keyof Ack, 1>,
};

describe('state schema: the types and the files', () => {
  it('has exactly the fields of the TypeScript types, object by object', () => {
    expect([fromSchema, toSchema, rolloutBothWays].every((f) => typeof f === 'function')).toBe(true);
    const schemas = {
      state: PersonaStateObjectSchema,
      environment: EnvironmentScopeSchema,
      active: ActiveSwitchSchema,
      rollout: RolloutStateSchema,
      ttl: TtlStateSchema,
      ack: AckSchema,
    };
    for (const [name, schema] of Object.entries(schemas))
      expect([name, objectShape(schema).keys.sort()]).toEqual([name, Object.keys(TYPE_KEYS[name as keyof typeof TYPE_KEYS]).sort()]);
  });

  it('schema/state.schema.json is fresh (npm run generate), draft-07, with a stable $id', () => {
    expect(readFileSync(path.join(ROOT, 'schema', STATE_SCHEMA_FILE), 'utf8')).toBe(stateJsonSchemaText());
    const schema = stateJsonSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/v\d+(\.\d+)?\/schema\/state\.schema\.json$/);
  });

  it('describes every field, and compiles under a strict draft-07 validator', () => {
    const schema = stateJsonSchema();
    expect(everyPropertyDescribed(schema)).toEqual([]);
    const check = strictAjv().compile(schema);
    expect([check(richState()), check.errors ?? []]).toEqual([true, []]);
  });

  it('the generated validator is fresh (npm run generate) and needs no ajv runtime module', async () => {
    const file = 'src/switching/state-validator.generated.ts';
    const text = await format(stateValidatorText(), { ...(await resolveConfig(path.join(ROOT, file))), filepath: file });
    expect(readFileSync(path.join(ROOT, file), 'utf8')).toBe(text);
    expect(text).not.toMatch(/\brequire\(|from 'ajv/);
  });
});

/** Values that break some grammar somewhere, and some that fit another field's grammar. */
const VALUES: unknown[] = [
  ...[null, true, 0, 1, -1, 1.5, 99, 100, 101, 2 ** 53, 1e308, [], {}, [1], { a: 1 }],
  ...['', ' ', 'x', 'X', 'a\u0001', 'a\nb', 'a\tb', 'a\rb', 'a\u202eb', 'a\u2066', 'é', 'x'.repeat(129), 'x'.repeat(256), 'y\n'.repeat(501)],
  ...['security-first', 'a:0.6,b:0.4', 'a:0.6,b', 'a+b', 'a,b', 'a:0,b:1', 'a:0.00001,b:0.99999', 'a:1,b:1', 'A:0.5,b:0.5', 'a:.5,b:.5'],
  ...['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.123456789Z', '2026-02-30T00:00:00Z', '2024-02-29T00:00:00Z', '2026-01-01T24:00:00Z'],
  ...['2026-01-01T00:00:00+01:00', '2026-01-01 00:00:00Z', '2026-13-01T00:00:00Z', '20260101T000000Z'],
  ...['1.0', '1.7', '1.01', '2.0', '0.9', '1', '30m', '0m', '1h30m', '1.5h', '30', 'applied', 'paused', 'ref', 'req/1:a.b-c', '-req'],
];

/** Paths of every leaf and object of `value` (lists and objects included, so whole subtrees are replaced too). */
function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return [at];
}

/** A copy of `doc` with `change` applied to the value at `at` (the parent and key). */
function mutate(doc: unknown, at: Array<string | number>, change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = clone(doc);
  let parent = copy as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, at.at(-1)!);
  return copy;
}

/**
 * Every document of the corpus: valid states, then at each path (leaf or
 * subtree) a rotating sixth of the values, a deletion and an unknown key;
 * environment names; every combination of rollout steps, step, status and pause.
 */
function corpus(): unknown[] {
  const bases: unknown[] = [minimalState(), stateWithoutGlobalActive(), richState()];
  const docs: unknown[] = [...bases];
  for (const base of bases)
    paths(base).forEach((at, p) => {
      if (!at.length) return;
      VALUES.forEach((value, v) => (p + v) % 6 === 0 && docs.push(mutate(base, at, (parent, key) => void (parent[key] = clone(value)))));
      docs.push(mutate(base, at, (parent, key) => (Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key])));
      docs.push(mutate(base, at, (parent, key) => void (parent[key] = { ...(parent[key] as object), 'x-newer-minor': 1 })));
    });
  const env = (name: string) => ({ ...minimalState(), environments: { [name]: { active: minimalState().active } } });
  docs.push(
    ...['', 'production', 'eu staging', 'ünï', '__proto__', 'constructor', 'prototype', 'a\u0001', 'a\u202e', 'x'.repeat(255), 'x'.repeat(256)].map(env),
  );
  for (const steps of [[100], [10, 50, 100], [50, 10, 100], [10, 50], [10, 10, 100], [0, 100], [100, 100], [], [1.5, 100]])
    for (const step of [0, 1, 2, 3])
      for (const status of ['progressing', 'paused', 'aborted', 'complete'] as const)
        for (const pausedAt of [undefined, '2026-01-10T09:00:00Z'])
          docs.push({ ...minimalState(), rollout: rollout({ steps, step, status, ...(pausedAt ? { paused_at: pausedAt } : {}) }) });
  docs.push({ ...minimalState(), previous: Array.from({ length: 21 }, () => minimalState().active) });
  docs.push({ ...minimalState(), previous: Array.from({ length: 20 }, () => minimalState().active) });
  return docs;
}

/** parseState's answer: the document it returns, or its first message. */
function readBack(doc: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: parseState(JSON.stringify(doc), WHERE) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

describe('state schema: the generated validator and parseState agree with zod', () => {
  const docs = corpus().map((doc) => ({ doc, zod: PersonaStateSchema.safeParse(doc) }));
  const shown = (doc: unknown) => JSON.stringify(doc).slice(0, 300);

  it('the corpus holds over a thousand documents, valid and invalid', () => {
    const accepted = docs.filter(({ zod }) => zod.success).length;
    expect(docs.length).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(150);
    expect(docs.length - accepted).toBeGreaterThan(700);
  });

  it('parseState accepts exactly what zod accepts, and returns what zod outputs (unknown keys dropped, same key order)', () => {
    const disagreements: string[] = [];
    for (const { doc, zod } of docs) {
      const ours = readBack(doc);
      if (zod.success !== ours.ok) disagreements.push(`${shown(doc)}: zod ${zod.success}, parseState ${ours.ok ? 'accepts' : ours.message}`);
      else if (zod.success && ours.ok && JSON.stringify(ours.value) !== JSON.stringify(zod.data)) disagreements.push(`output differs: ${shown(doc)}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  });

  it('the generated validator refuses only what zod refuses, and zod refuses beyond it only by its refinements', () => {
    const disagreements: string[] = [];
    for (const { doc, zod } of docs) {
      const generated = validate(doc) as boolean;
      if (!generated && zod.success) disagreements.push(`only the validator refuses ${shown(doc)}`);
      if (generated && !zod.success && zod.error.issues.some((i) => i.code !== 'custom'))
        disagreements.push(`only zod refuses ${shown(doc)}: ${zod.error.issues[0]!.message}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});
