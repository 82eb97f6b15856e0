import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fastEntries } from '../../src/persona/fast-persona-check.js';
import { PersonaDefinitionSchema, RiskPolicySchema, RiskTimeoutsSchema } from '../../src/persona/persona-schema.js';
import { POLICY_STAGES, RISK_POLICY_KEYS } from '../../src/persona/risk-policy.js';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { errorsOf, lines, onlyError } from './helpers.js';

const F = 'personas/team.yml';

/** A persona file whose `risk_policy` is the given YAML lines (indented by the caller). */
const withPolicy = (...policy: string[]) => lines('name: Team', 'risk_tolerance: medium', 'risk_policy:', ...policy);

describe('risk_policy: accepted', () => {
  it('reads every field as written (durations kept as text) in the documented key order', () => {
    const result = parsePersonaFile(
      F,
      withPolicy('  timeouts: { deploy: 45m, build: 1h30m }', '  violations: warn', '  after_retries: continue', '  retry_delay: 5s', '  retries: 0'),
    );
    expect(result.diagnostics).toEqual([]);
    const policy = result.definitions[0]!.definition.risk_policy;
    expect(policy).toEqual({ retries: 0, retry_delay: '5s', after_retries: 'continue', violations: 'warn', timeouts: { build: '1h30m', deploy: '45m' } });
    expect(Object.keys(policy!)).toEqual([...RISK_POLICY_KEYS]);
    expect(Object.keys(policy!.timeouts!)).toEqual(['build', 'deploy']);
  });

  it('is optional, and a persona without one has no risk_policy key', () => {
    const result = parsePersonaFile(F, lines('name: Team'));
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions[0]!.definition).not.toHaveProperty('risk_policy');
  });

  it('ignores x- keys inside the policy and its timeouts', () => {
    const result = parsePersonaFile(F, withPolicy('  x-note: ours', '  retries: 4', '  timeouts: { x-why: slow runners, test: 10m }'));
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions[0]!.definition.risk_policy).toEqual({ retries: 4, timeouts: { test: '10m' } });
  });

  it("the zod schema's keys are the ones the fast path orders by", () => {
    expect(Object.keys(RiskPolicySchema.shape)).toEqual([...RISK_POLICY_KEYS]);
    expect(Object.keys(RiskTimeoutsSchema.shape)).toEqual([...POLICY_STAGES]);
  });
});

describe('risk_policy: the fast path', () => {
  const zodOutput = (data: Record<string, unknown>) => JSON.stringify(PersonaDefinitionSchema.parse(data));

  it('answers for a valid policy and outputs exactly what zod outputs, whatever the written key order', () => {
    const data = {
      name: 'Team',
      risk_policy: { timeouts: { deploy: '20m', test: '5m', build: '2h' }, violations: 'fail', retries: 3, after_retries: 'rollback', retry_delay: '1m30s' },
    };
    const fast = fastEntries(data);
    expect(fast).toBeDefined();
    expect(JSON.stringify(fast![0]!.parsed)).toBe(zodOutput(data));
  });

  it.each<[string, unknown]>([
    ['a retry delay over its bound', { retry_delay: '2h' }],
    ['a timeout over its bound', { timeouts: { test: '7h' } }],
    ['a zero duration', { timeouts: { build: '0m' } }],
    ['an unknown after_retries', { after_retries: 'retry' }],
    ['too many retries', { retries: 11 }],
    ['an unknown key', { retry: 2 }],
  ])('defers to zod for %s', (_what, risk_policy) => {
    expect(fastEntries({ name: 'Team', risk_policy })).toBeUndefined();
    expect(PersonaDefinitionSchema.safeParse({ name: 'Team', risk_policy }).success).toBe(false);
  });
});

describe('risk_policy: located errors', () => {
  it.each<[string, string[], string | RegExp]>([
    ['an unknown key, with a did-you-mean', ['  retry: 2'], `${F}:4:3 risk_policy.retry: unknown key "retry" (did you mean "retry_delay"?)`],
    [
      'an unknown stage, with a did-you-mean',
      ['  timeouts:', '    deplyo: 10m'],
      `${F}:5:5 risk_policy.timeouts.deplyo: unknown key "deplyo" (did you mean "deploy"?)`,
    ],
    ['retries over 10', ['  retries: 11'], `${F}:4:12 risk_policy.retries: retries must be a whole number from 0 to 10, got 11`],
    ['fractional retries', ['  retries: 1.5'], `${F}:4:12 risk_policy.retries: retries must be a whole number from 0 to 10, got 1.5`],
    ['negative retries', ['  retries: -1'], `${F}:4:12 risk_policy.retries: retries must be a whole number from 0 to 10, got -1`],
    ['retries as text', ['  retries: "2"'], `${F}:4:12 risk_policy.retries: retries must be a number, got string "2"`],
    [
      'an unknown after_retries',
      ['  after_retries: rollbak'],
      `${F}:4:18 risk_policy.after_retries: unknown after_retries "rollbak" (expected one of rollback, fail, continue)`,
    ],
    ['an unknown violations', ['  violations: ignore'], `${F}:4:15 risk_policy.violations: unknown violations "ignore" (expected one of fail, warn)`],
    [
      'a duration outside the grammar',
      ['  retry_delay: 500ms'],
      `${F}:4:16 risk_policy.retry_delay: retry_delay "500ms" is not a duration such as "30m", "4h", "1h30m" or "90s": whole numbers with the units d, h, m, s, largest first`,
    ],
    ['a delay over an hour', ['  retry_delay: 2h'], `${F}:4:16 risk_policy.retry_delay: retry_delay "2h" is longer than 1h`],
    ['a timeout over six hours', ['  timeouts: { deploy: 7h }'], `${F}:4:23 risk_policy.timeouts.deploy: deploy timeout "7h" is longer than 6h`],
    ['a zero timeout', ['  timeouts: { build: 0s }'], `${F}:4:22 risk_policy.timeouts.build: build timeout "0s" must be longer than 0`],
    ['a number as a duration', ['  timeouts: { build: 30 }'], /risk_policy\.timeouts\.build: build timeout must be a string \(a duration such as/],
  ])('%s', (_what, policy, expected) => {
    const shown = onlyError(F, withPolicy(...policy));
    if (typeof expected === 'string') expect(shown).toBe(expected);
    else expect(shown).toMatch(expected);
  });

  it('a list or a scalar in place of the policy or its timeouts', () => {
    expect(onlyError(F, lines('name: Team', 'risk_policy: [retries]'))).toBe(`${F}:2:14 risk_policy: risk_policy must be a risk policy object, got a list`);
    expect(onlyError(F, withPolicy('  timeouts: 30m'))).toBe(
      `${F}:4:13 risk_policy.timeouts: risk_policy.timeouts must be a timeouts object, got string "30m"`,
    );
  });

  it('reports every problem of the policy at once', () => {
    expect(errorsOf(F, withPolicy('  retries: 20', '  violations: maybe', '  timeouts: { test: 1d }'))).toHaveLength(3);
  });
});

describe('risk_policy: the JSON schema', () => {
  const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../schema/persona.schema.json'), 'utf8')) as {
    definitions: { Persona: { properties: Record<string, { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean }> } };
  };
  const policy = schema.definitions.Persona.properties.risk_policy!;

  it('describes every field, rejects unknown keys and bounds retries', () => {
    expect(Object.keys(policy.properties)).toEqual([...RISK_POLICY_KEYS]);
    expect(policy.additionalProperties).toBe(false);
    expect(policy.properties.retries).toMatchObject({ type: 'integer', minimum: 0, maximum: 10 });
    for (const field of Object.values(policy.properties)) expect(typeof field.description).toBe('string');
  });
});
