import { ConfigurationError } from '../errors/configuration-error.js';
import type { PersonaState } from '../switching/persona-state.js';
import type { StateChange } from './state-store.js';

/** Thrown by a store's `tryWrite` when another writer changed the state since it was read. */
export class LostRaceError extends Error {
  constructor(message = 'another writer changed the state first') {
    super(message);
    this.name = 'LostRaceError';
  }
}

/** The clock and jitter of {@link updateWithRetries}; tests inject both. */
export interface CasTiming {
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1). */
  random(): number;
}

/** Real time and `Math.random`. */
export const REAL_CAS_TIMING: CasTiming = { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: () => Math.random() };

/** Options of {@link updateWithRetries}. */
export interface CasOptions {
  /** Attempts in all. Default 40: with 20 simultaneous writers each one loses at most 19 races. */
  attempts?: number;
  /** First backoff; grows linearly with the attempt, jittered to 50–150 %, capped by `maxDelayMs`. Default 50 ms. */
  baseDelayMs?: number;
  /** Default 2 s. */
  maxDelayMs?: number;
  timing?: CasTiming;
  /** Names the store in the error when the attempts run out. */
  description: string;
}

/**
 * The compare-and-swap loop every store shares: `read` the state and an
 * opaque version, let `change` decide, and `tryWrite` the result against
 * that version; a {@link LostRaceError} re-reads and asks `change` again
 * after a jittered backoff, so `change` always sees the state it replaces.
 * @throws ConfigurationError when every attempt lost its race.
 */
export async function updateWithRetries<T, V>(
  read: () => Promise<{ state: PersonaState | undefined; version: V }>,
  tryWrite: (write: NonNullable<StateChange<T>['write']>, version: V) => Promise<void>,
  change: (current: PersonaState | undefined) => StateChange<T>,
  options: CasOptions,
): Promise<T> {
  const attempts = options.attempts ?? 40;
  const base = options.baseDelayMs ?? 50;
  const max = options.maxDelayMs ?? 2000;
  const timing = options.timing ?? REAL_CAS_TIMING;
  for (let attempt = 1; ; attempt++) {
    const { state, version } = await read();
    const decided = change(state);
    if (!decided.write) return decided.result;
    try {
      await tryWrite(decided.write, version);
      return decided.result;
    } catch (error) {
      if (!(error instanceof LostRaceError)) throw error;
      if (attempt >= attempts) {
        throw new ConfigurationError(`${options.description}: gave up after ${attempts} attempts, each lost to another writer; nothing was written`);
      }
      await timing.sleep(Math.min(max, Math.round(base * attempt * (0.5 + timing.random()))));
    }
  }
}
