/**
 * `--wait`: polling the state store until it holds the acknowledgement of a
 * correlation id, with backoff and a deadline. The clock and the sleep come
 * from the CLI's io (tests pass their own, so nothing waits for real).
 */
import type { Logger } from '../logging/logger.js';
import { isStateUnreachableError } from '../state/state-unreachable-error.js';
import type { StateStore } from '../state/state-store.js';
import { findOriginal } from '../switching/apply-request.js';
import type { AckResult } from '../switching/persona-state.js';
import type { CliIo } from './context.js';

/** The clock and sleep of the switching commands. */
export interface WaitTiming {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** A {@link CliIo} that may carry its own {@link WaitTiming} (tests); the real clock otherwise. */
export interface TimedCliIo extends CliIo {
  timing?: Partial<WaitTiming>;
}

/** The first wait between polls. */
export const FIRST_POLL_MS = 2000;
/** The longest wait between polls. */
export const MAX_POLL_MS = 15_000;

const REAL_TIMING: WaitTiming = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The timing of `io`: its own where it has one, else real time. */
export function timingOf(io: CliIo): WaitTiming {
  return { ...REAL_TIMING, ...(io as TimedCliIo).timing };
}

/** What the store says about a correlation id: the result of its original request (a duplicate's original decides). */
export interface AckOutcome {
  result: Exclude<AckResult, 'duplicate'>;
  reason: string;
  revision?: number;
}

/** The outcome an acknowledgement (or findOriginal's record) stands for: a duplicate's reason names its original's result. */
export function outcomeOf(ack: { result: AckResult; reason: string; revision?: number }): AckOutcome {
  const rejected = ack.result === 'rejected' || (ack.result === 'duplicate' && ack.reason.startsWith('this correlation id was already rejected'));
  return { result: rejected ? 'rejected' : 'applied', reason: ack.reason, ...(ack.revision !== undefined ? { revision: ack.revision } : {}) };
}

/** The outcome recorded for `correlationId` (its first acknowledgement that is not a duplicate), or undefined when the store has none (yet). */
export async function readOutcome(store: StateStore, correlationId: string): Promise<AckOutcome | undefined> {
  const state = await store.read();
  const original = state ? findOriginal(state, correlationId) : undefined;
  return original ? outcomeOf(original) : undefined;
}

/**
 * Polls `store` until it acknowledges `correlationId` or `timeoutMs` is
 * over: the first poll after {@link FIRST_POLL_MS}, each wait then 1.5 times
 * the last, at most {@link MAX_POLL_MS}, the last one cut to the deadline.
 * An unreachable store is a warning and another poll; any other read error
 * (no access, a corrupt state) ends the wait.
 * @returns the outcome, or undefined on timeout.
 */
export async function waitForAck(
  store: StateStore,
  correlationId: string,
  options: { timeoutMs: number; timing: WaitTiming; logger: Logger },
): Promise<AckOutcome | undefined> {
  const { timing, logger } = options;
  const deadline = timing.now() + options.timeoutMs;
  let delay = FIRST_POLL_MS;
  for (;;) {
    const left = deadline - timing.now();
    if (left <= 0) return undefined;
    await timing.sleep(Math.min(delay, left));
    delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.5));
    try {
      const outcome = await readOutcome(store, correlationId);
      if (outcome) return outcome;
    } catch (error) {
      if (!isStateUnreachableError(error)) throw error;
      logger.warning(`${error.message}; polling again`);
    }
  }
}
