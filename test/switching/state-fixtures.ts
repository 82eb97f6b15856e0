/** State documents for the state-schema, parse-state and hostile tests: valid ones to break in one place. */
import type { Diagnostic } from '../../src/errors/diagnostic.js';
import type { ActiveSwitch, PersonaState, RolloutState } from '../../src/switching/persona-state.js';
import { configurationErrorOf } from '../support/configuration-error.js';

/** A label as a store passes it. */
export const WHERE = 'state.json on branch "persona-state" of octo-org/app';

/** An active switch; `n` varies its time and correlation id. */
export const activeSwitch = (n = 0, persona = 'security-first'): ActiveSwitch => ({
  persona,
  since: `2026-01-${String((n % 28) + 1).padStart(2, '0')}T12:00:00.000Z`,
  by: 'octocat',
  reason: n ? `switch ${n}` : '',
  correlation_id: `req-${n}`,
});

/** A progressing rollout from `security-first` to a blend. */
export const rollout = (fields: Partial<RolloutState> = {}): RolloutState => ({
  id: 'req-9',
  from: 'security-first',
  to: 'stability:0.6,balanced:0.4',
  steps: [10, 50, 100],
  step: 1,
  interval: '30m',
  bucket_by: 'run',
  started_at: '2026-01-10T08:00:00.000Z',
  updated_at: '2026-01-10T08:30:00.000Z',
  paused_ms: 0,
  status: 'progressing',
  ...fields,
});

/** The smallest valid state: one active persona, no history. */
export const minimalState = (): PersonaState => ({ schema_version: '1.0', revision: 0, active: activeSwitch(), previous: [], acks: [] });

/** A state before any global switch: a rejected first request and an environment-only switch are recorded. */
export const stateWithoutGlobalActive = (): PersonaState => ({
  schema_version: '1.0',
  revision: 1,
  previous: [],
  environments: { staging: { active: activeSwitch(2, 'velocity') } },
  acks: [
    { correlation_id: 'req-1', result: 'rejected', reason: 'unknown persona "nope"', revision: 0, at: '2026-01-01T00:00:00Z' },
    { correlation_id: 'req-2', result: 'applied', reason: '', revision: 1, at: '2026-01-02T00:00:00Z' },
  ],
});

/** A state using every field: a paused rollout, a ttl, two environments, history and acknowledgements. */
export const richState = (): PersonaState => ({
  schema_version: '1.0',
  revision: 42,
  active: activeSwitch(9, 'velocity'),
  previous: [activeSwitch(8), activeSwitch(7, 'balanced:0.5,stability:0.5')],
  rollout: rollout({ status: 'paused', paused_at: '2026-01-10T09:00:00.000Z', paused_ms: 60_000 }),
  ttl: { expires_at: '2026-01-11T08:00:00.000Z', revert_to: activeSwitch(8) },
  environments: {
    production: {
      active: activeSwitch(5, 'emergency-freeze'),
      rollout: rollout({ id: 'prod/req:5.1', steps: [100], step: 0, status: 'complete', bucket_by: 'environment' }),
      ttl: { expires_at: '2026-02-01T00:00:00Z', revert_to: activeSwitch(4) },
      previous: [activeSwitch(4)],
    },
    'eu staging': { active: activeSwitch(3, 'cost-optimization') },
  },
  acks: [
    { correlation_id: 'req-8', result: 'applied', reason: '', revision: 41, at: '2026-01-09T12:00:01.000Z' },
    { correlation_id: 'req-8', result: 'duplicate', reason: 'already applied at revision 41', revision: 41, at: '2026-01-09T12:05:00Z' },
    { correlation_id: 'req-x', result: 'rejected', reason: 'unknown persona "nope"\n\tsee the policy', revision: 42, at: '2026-01-10T12:00:00.5Z' },
  ],
});

/** A deep copy of `value` as JSON data (what a store reads back). */
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The diagnostics of the ConfigurationError `run` throws; fails the test when it throws anything else or nothing. */
export const diagnosticsOf = (run: () => unknown): readonly Diagnostic[] => configurationErrorOf(run).diagnostics;
