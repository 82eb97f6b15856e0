/** Shared helpers of the state-machine tests: an injected clock, a context, requests, refusals. */
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { applyRequest } from '../../src/switching/apply-request.js';
import { RequestRejected, type ApplyContext, type StateDocument } from '../../src/switching/apply-types.js';
import { effectivePersona } from '../../src/switching/effective-persona.js';
import type { SwitchRequest } from '../../src/switching/switch-request.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
/** One minute in milliseconds. */
export const MIN = 60_000;
/** The injected clock: `minutes` after the tests' epoch. */
export const at = (minutes: number) => new Date(T0 + minutes * MIN);

/** A context at `minutes` whose canonical form lowercases and refuses any expression containing "bad". */
export function ctx(minutes = 0, actor = 'alice'): ApplyContext {
  return {
    now: at(minutes),
    actor,
    canonical: (expression) => {
      if (expression.includes('bad')) throw new ConfigurationError(`unknown persona "${expression}"`);
      return expression.toLowerCase();
    },
  };
}

let counter = 0;
/** A switch request with a fresh correlation id, changed by `overrides`. */
export function req(overrides: Partial<SwitchRequest> = {}): SwitchRequest {
  counter += 1;
  return { action: 'switch', channel: 'cli', reason: '', correlation_id: `corr-${counter}`, origins: {}, ...overrides };
}

/** Applies requests in order, each at its minute, from `start`. */
export function run(start: StateDocument | undefined, steps: [number, Partial<SwitchRequest>][]): StateDocument | undefined {
  return steps.reduce((s, [minute, r]) => applyRequest(s, req(r), ctx(minute)).state, start);
}

/** `value`, frozen all the way down, so any mutation throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** The reason a request is refused with (failing unless it is a RequestRejected, which is a ConfigurationError). */
export function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RequestRejected);
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as RequestRejected).reason;
  }
  throw new Error('not refused');
}

/** A three-step rollout, one hour apart. */
export const rollout = { steps: [10, 50, 100], interval: '1h', bucket_by: 'run' as const };

/** What a run resolves to from `s` at `minutes`. */
export const resolve = (s: StateDocument | undefined, minutes: number, environment?: string) =>
  effectivePersona(s, { environment, now: at(minutes), keys: { run: '7', ref: 'main' } });
