import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/run-dist.js';
import { everyPropertyDescribed, strictAjv } from '../handover/json-schema-checks.js';
import { SWITCH_REQUEST_SCHEMA_FILE, switchRequestJsonSchema, switchRequestJsonSchemaText } from '../../src/switching/switch-request-json-schema.js';
import { ClientPayloadSchema, PAYLOAD_SCHEMAS, RolloutSchema, StepsSchema } from '../../src/switching/switch-request-schema.js';

const messages = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.success ? [] : result.error!.issues.map((i) => [i.path.join('.'), i.message]);

describe('the zod schemas', () => {
  it('accept each kind of payload', () => {
    expect(PAYLOAD_SCHEMAS.switch.safeParse({ persona: 'a', ttl: '1h', rollout: { steps: [50, 100] } }).success).toBe(true);
    expect(PAYLOAD_SCHEMAS.rollout.safeParse({ action: 'advance' }).success).toBe(true);
    expect(PAYLOAD_SCHEMAS.revert.safeParse({}).success).toBe(true);
  });

  it.each([
    [[50, 10, 100], [['1', 'steps must be strictly increasing: 10 after 50']]],
    [[10, 10, 100], [['1', 'steps must be strictly increasing: 10 after 10']]],
    [[0, 100], [['0', 'step must be a whole number from 1 to 100, got 0']]],
    [[10, 101], [['1', 'step must be a whole number from 1 to 100, got 101']]],
    [[10, 50], [['1', 'the last step must be 100, got 50']]],
    [[10.5, 100], [['0', 'step must be a whole number from 1 to 100, got 10.5']]],
    [['10', 100], [['0', 'step must be a whole number from 1 to 100, got string "10"']]],
    [[], [['', 'steps must not be empty']]],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100], [['', 'a rollout has at most 10 steps, got 11']]],
    ['10,100', [['', 'steps must be a list of percentages, got string "10,100"']]],
  ])('steps %j: %j', (steps, expected) => {
    expect(messages(StepsSchema.safeParse(steps))).toEqual(expected);
  });

  it('fills the rollout defaults', () => {
    expect(RolloutSchema.parse({ steps: [100] })).toEqual({ steps: [100], interval: '30m', bucket_by: 'run' });
  });
});

describe('the JSON schema', () => {
  const schema = switchRequestJsonSchema();
  const validate = strictAjv().compile(schema);

  it('schema/switch-request.schema.json is fresh (npm run generate)', () => {
    expect(readFileSync(path.join(ROOT, 'schema', SWITCH_REQUEST_SCHEMA_FILE), 'utf8')).toBe(switchRequestJsonSchemaText());
  });

  it('is draft-07 with a stable $id and a description on every property', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toMatch(
      new RegExp(`^https://raw\\.githubusercontent\\.com/.+/v\\d+(\\.\\d+)?/schema/${SWITCH_REQUEST_SCHEMA_FILE.replace('.', '\\.')}$`),
    );
    expect(everyPropertyDescribed(schema)).toEqual([]);
    expect(switchRequestJsonSchemaText()).toBe(`${JSON.stringify(schema, null, 2)}\n`);
  });

  it.each([
    { persona: 'security-first', rollout: { steps: [10, 50, 100], interval: '1h', bucket_by: 'ref' }, ttl: '4h', correlation_id: 'a:b' },
    { action: 'pause', environment: 'production', reason: 'line\nbreak' },
    { reason: 'revert' },
    {},
  ])('agrees with zod on the valid payload %j', (payload) => {
    expect(ClientPayloadSchema.safeParse(payload).success).toBe(true);
    expect(validate(payload)).toBe(true);
  });

  it.each([
    { persona: 'a', unknown: 1 },
    { persona: 'a', action: 'pause' },
    { action: 'restart' },
    { persona: 'a', ttl: '4 h' },
    { persona: 'a', ttl: '-4h' },
    { persona: 'a', rollout: { steps: [10.5, 100] } },
    { persona: 'a', rollout: { steps: [] } },
    { persona: 'a', rollout: { interval: '1h' } },
    { persona: 'a', rollout: { steps: [100], bucket_by: 'actor' } },
    { persona: 'a\u0007' },
    { reason: 'a\u001b[2J' },
    { correlation_id: '-x' },
    { environment: 'prod\u202e' },
    { persona: 'a', rollout: { steps: [100], interval: '1.5h' } },
  ])('agrees with zod on the invalid payload %j', (payload) => {
    expect(ClientPayloadSchema.safeParse(payload).success).toBe(false);
    expect(validate(payload)).toBe(false);
  });
});
