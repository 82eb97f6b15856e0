import { blendPersonas } from '../../src/blend/blend.js';
import { failurePolicy } from '../../src/blend/failure-policy.js';
import { handoverJsonSchema } from '../../src/handover/handover-json-schema.js';
import { HANDOVER_SCHEMA_VERSION, serializeHandover, toHandover } from '../../src/handover/handover-document.js';
import { readHandover } from '../../src/handover/read-handover.js';
import { persona } from '../blend/fixtures.js';
import { diagnosticsOf, singlePersona } from './handover-fixtures.js';
import { strictAjv } from './json-schema-checks.js';

/** A blend whose personas declare risk policies. */
function withPolicy() {
  return blendPersonas([
    { persona: persona('fast', { risk_tolerance: 'high', risk_policy: { retries: 6, retry_delay: '20s', timeouts: { test: '15m' } } }), weight: 0.6 },
    { persona: persona('careful', { risk_tolerance: 'medium', risk_policy: { after_retries: 'rollback', violations: 'fail' } }), weight: 0.4 },
  ]);
}

describe('hand-over 1.2: risk_policy', () => {
  it('is written as 1.2, after risk_tolerance_from, and reads back identical (pretty and compact)', async () => {
    expect(HANDOVER_SCHEMA_VERSION).toBe('1.2');
    const doc = toHandover(withPolicy());
    expect(doc.risk_policy).toEqual({
      retries: 2,
      retry_delay_ms: 20_000,
      after_retries: 'rollback',
      violations: 'fail',
      timeouts_ms: { test: 15 * 60_000 },
      from: ['fast', 'careful'],
    });
    const keys = Object.keys(doc);
    expect(keys.indexOf('risk_policy')).toBe(keys.indexOf('risk_tolerance_from') + 1);
    for (const format of ['pretty', 'compact'] as const) {
      const read = await readHandover(serializeHandover(doc, format), 'persona.json');
      expect(read).toEqual(doc);
      expect(failurePolicy(read)).toEqual(failurePolicy(withPolicy()));
    }
  });

  it('reads 1.0 and 1.1 hand-overs, which have no risk_policy: the table of their risk tolerance applies', async () => {
    for (const version of ['1.0', '1.1']) {
      const old = { ...toHandover(singlePersona()), schema_version: version };
      const read = await readHandover(JSON.stringify(old), 'persona.json');
      expect(read.risk_policy).toBeUndefined();
      expect(failurePolicy(read).after_retries).toBe('rollback');
    }
  });

  it('drops unknown fields inside risk_policy (a newer minor may add some)', async () => {
    const doc = toHandover(withPolicy());
    const newer = { ...doc, schema_version: '1.9', risk_policy: { ...doc.risk_policy, jitter: true, timeouts_ms: { test: 60_000, verify: 5 } } };
    const read = await readHandover(JSON.stringify(newer), 'persona.json');
    expect(read.risk_policy).toEqual({ ...doc.risk_policy, timeouts_ms: { test: 60_000 } });
  });

  type Policy = Record<string, unknown>;
  it.each<[string, (policy: Policy) => Policy, string, RegExp]>([
    ['retries over 10', (p) => ({ ...p, retries: 11 }), 'risk_policy.retries', /retries must be a whole number from 0 to 10, got number 11/],
    ['a negative timeout', (p) => ({ ...p, timeouts_ms: { build: -5 } }), 'risk_policy.timeouts_ms.build', /from 1000 to 21600000, got number -5/],
    ['a delay of a day', (p) => ({ ...p, retry_delay_ms: 86_400_000 }), 'risk_policy.retry_delay_ms', /from 1000 to 3600000/],
    [
      'an unknown after_retries',
      (p) => ({ ...p, after_retries: 'explode' }),
      'risk_policy.after_retries',
      /after_retries must be one of rollback, fail, continue/,
    ],
    ['a from that is not an id', (p) => ({ ...p, from: ['$(id)'] }), 'risk_policy.from[0]', /invalid id/],
    ['no from', ({ from: _from, ...p }) => p, 'risk_policy.from', /from is required/],
  ])('refuses %s, at its path', async (_what, change, at, message) => {
    const base = toHandover(withPolicy());
    const risk_policy = change(base.risk_policy as unknown as Policy);
    const diagnostics = await diagnosticsOf(readHandover(JSON.stringify({ ...base, risk_policy }), 'persona.json'));
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'persona.json', path: at, message: expect.stringMatching(message) })]);
  });

  it('the JSON schema accepts the new field and describes it', () => {
    const validate = strictAjv().compile(handoverJsonSchema());
    const doc = JSON.parse(serializeHandover(toHandover(withPolicy()))) as Record<string, unknown>;
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...doc, risk_policy: { retries: 40, from: ['fast'] } })).toBe(false);
    const properties = (handoverJsonSchema().properties as Record<string, { description?: string }>).risk_policy;
    expect(properties?.description).toMatch(/^Since 1\.2\./);
  });
});
