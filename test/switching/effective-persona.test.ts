import { ConfigurationError } from '../../src/errors/configuration-error.js';
import type { StateDocument } from '../../src/switching/apply-types.js';
import { effectivePersona } from '../../src/switching/effective-persona.js';
import type { ActiveSwitch, RolloutState } from '../../src/switching/persona-state.js';
import { bucketOf } from '../../src/switching/rollout.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN);
const keys = { run: '1001', ref: 'refs/heads/main' };

const active = (persona: string, correlation_id = `c-${persona}`): ActiveSwitch => ({
  persona,
  since: at(0).toISOString(),
  by: 'alice',
  reason: '',
  correlation_id,
});

function state(overrides: Partial<StateDocument> = {}): StateDocument {
  return { schema_version: '1.0', revision: 7, active: active('balanced'), previous: [], acks: [], ...overrides };
}

function rollout(overrides: Partial<RolloutState> = {}): RolloutState {
  return {
    id: 'roll-1',
    from: 'balanced',
    to: 'security-first',
    steps: [10, 50, 100],
    step: 0,
    interval: '1h',
    bucket_by: 'run',
    started_at: at(0).toISOString(),
    updated_at: at(0).toISOString(),
    paused_ms: 0,
    status: 'progressing',
    ...overrides,
  };
}

/** A run id whose bucket in `id` lies in [low, high). */
function runWithBucket(id: string, low: number, high: number): string {
  for (let i = 0; ; i += 1) {
    const bucket = bucketOf(id, String(i));
    if (bucket >= low && bucket < high) return String(i);
  }
}

describe('effectivePersona: scopes', () => {
  it('is undefined without a state, or with no persona for the scope asked', () => {
    expect(effectivePersona(undefined, { now: at(0), keys })).toBeUndefined();
    const envOnly = state({ environments: { production: { active: active('freeze') } } });
    delete envOnly.active;
    expect(effectivePersona(envOnly, { now: at(0), keys })).toBeUndefined();
    expect(effectivePersona(envOnly, { environment: 'staging', now: at(0), keys })).toBeUndefined();
    expect(effectivePersona(envOnly, { environment: 'production', now: at(0), keys })?.persona).toBe('freeze');
  });

  it('resolves the global scope with its revision and origin', () => {
    expect(effectivePersona(state(), { now: at(0), keys })).toEqual({
      persona: 'balanced',
      revision: 7,
      correlation_id: 'c-balanced',
      cohort: 'none',
      scope: 'global',
      origin: 'state (global, revision 7)',
    });
  });

  it('asks the environment entry first, then the global scope', () => {
    const s = state({ environments: { production: { active: active('freeze', 'c-freeze') } } });
    expect(effectivePersona(s, { environment: 'production', now: at(0), keys })).toMatchObject({
      persona: 'freeze',
      correlation_id: 'c-freeze',
      scope: 'environment',
      origin: 'state (environment "production", revision 7)',
    });
    expect(effectivePersona(s, { environment: 'staging', now: at(0), keys })).toMatchObject({ persona: 'balanced', scope: 'global' });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('an environment named %s never resolves through the prototype', (name) => {
    const s = state({ environments: {} });
    expect(effectivePersona(s, { environment: name, now: at(0), keys })).toMatchObject({ persona: 'balanced', scope: 'global' });
  });
});

describe('effectivePersona: ttl', () => {
  const s = state({ active: active('freeze', 'c-freeze'), ttl: { expires_at: at(240).toISOString(), revert_to: active('balanced', 'c-old') } });

  it('before expiry resolves to the active persona and says when it expires', () => {
    expect(effectivePersona(s, { now: at(239), keys })).toMatchObject({
      persona: 'freeze',
      correlation_id: 'c-freeze',
      ttl: { expires_at: at(240).toISOString(), expired: false },
    });
  });

  it('from the expiry on resolves to what it replaced, without a write', () => {
    expect(effectivePersona(s, { now: at(240), keys })).toMatchObject({ persona: 'balanced', correlation_id: 'c-old', cohort: 'none', ttl: { expired: true } });
  });

  it('an expired ttl also ends the rollout of its scope', () => {
    const withRollout = { ...s, rollout: rollout({ from: 'balanced', to: 'freeze' }) };
    const resolved = effectivePersona(withRollout, { now: at(300), keys });
    expect(resolved).toMatchObject({ persona: 'balanced', cohort: 'none' });
    expect(resolved?.rollout).toBeUndefined();
  });
});

describe('effectivePersona: rollout', () => {
  const s = state({ active: active('security-first', 'roll-1'), rollout: rollout() });
  const target = runWithBucket('roll-1', 0, 10);
  const middle = runWithBucket('roll-1', 10, 50);
  const late = runWithBucket('roll-1', 50, 100);

  it('puts a run below the step percentage in the target, the others in the baseline', () => {
    expect(effectivePersona(s, { now: at(0), keys: { ...keys, run: target } })).toMatchObject({
      persona: 'security-first',
      cohort: 'target',
      correlation_id: 'roll-1',
    });
    expect(effectivePersona(s, { now: at(0), keys: { ...keys, run: middle } })).toMatchObject({
      persona: 'balanced',
      cohort: 'baseline',
      correlation_id: 'roll-1',
    });
    expect(effectivePersona(s, { now: at(0), keys: { ...keys, run: middle } })?.rollout).toEqual({
      id: 'roll-1',
      step: 0,
      percent: 10,
      status: 'progressing',
      next_step_at: at(60).toISOString(),
    });
  });

  it('moves runs into the target as time passes, and everyone at the last step (complete, cohort none)', () => {
    expect(effectivePersona(s, { now: at(60), keys: { ...keys, run: middle } })).toMatchObject({ persona: 'security-first', cohort: 'target' });
    expect(effectivePersona(s, { now: at(60), keys: { ...keys, run: late } })).toMatchObject({ persona: 'balanced', cohort: 'baseline' });
    expect(effectivePersona(s, { now: at(120), keys: { ...keys, run: late } })).toMatchObject({
      persona: 'security-first',
      cohort: 'none',
      rollout: { status: 'complete' },
    });
  });

  it('keeps the cohorts of a paused rollout however long the pause', () => {
    const paused = { ...s, rollout: rollout({ status: 'paused', paused_at: at(30).toISOString() }) };
    expect(effectivePersona(paused, { now: at(5000), keys: { ...keys, run: middle } })).toMatchObject({
      persona: 'balanced',
      cohort: 'baseline',
      rollout: { status: 'paused', step: 0 },
    });
    expect(effectivePersona(paused, { now: at(5000), keys: { ...keys, run: target } })).toMatchObject({ cohort: 'target' });
  });

  it('puts everyone on from once aborted', () => {
    const aborted = { ...s, active: active('balanced', 'c-abort'), rollout: rollout({ status: 'aborted', step: 1 }) };
    expect(effectivePersona(aborted, { now: at(10), keys: { ...keys, run: target } })).toMatchObject({
      persona: 'balanced',
      cohort: 'none',
      rollout: { status: 'aborted' },
    });
  });

  it('buckets by ref or by environment when the rollout says so', () => {
    const ref = runWithBucket('roll-1', 0, 10);
    const byRef = { ...s, rollout: rollout({ bucket_by: 'ref' }) };
    expect(effectivePersona(byRef, { now: at(0), keys: { run: late, ref } })).toMatchObject({ cohort: 'target' });
    const byEnv = state({ environments: { production: { active: active('security-first'), rollout: rollout({ bucket_by: 'environment' }) } } });
    const cohort = bucketOf('roll-1', 'production') < 10 ? 'target' : 'baseline';
    expect(effectivePersona(byEnv, { environment: 'production', now: at(0), keys })).toMatchObject({ cohort });
    const other = bucketOf('roll-1', 'zz-env') < 10 ? 'target' : 'baseline';
    expect(effectivePersona(byEnv, { environment: 'production', now: at(0), keys: { ...keys, environment: 'zz-env' } })).toMatchObject({ cohort: other });
  });

  it('reports a corrupt interval as a user error', () => {
    const bad = { ...s, rollout: rollout({ interval: '-5m' }) };
    expect(() => effectivePersona(bad, { now: at(0), keys })).toThrow(ConfigurationError);
  });
});
