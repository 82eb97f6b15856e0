/**
 * Where the persona state lives. Every store (branch, github:, file:, the
 * in-memory fake) has the same semantics: a read validates the document, and
 * an update is a compare-and-swap read-modify-write that re-reads and calls
 * `change` again when another writer got in first, so 20 simultaneous
 * writers all land, each on the state the previous one left.
 */
import type { HistoryEntry, PersonaState } from '../switching/persona-state.js';

/** What one call of an update's `change` decided. */
export interface StateChange<T> {
  /** The next state and the history entry that explains it; absent: write nothing. */
  write?: { state: PersonaState; entry: HistoryEntry };
  /** Handed back by {@link StateStore.update}. */
  result: T;
}

/** A durable, compare-and-swap state store. */
export interface StateStore {
  /** How messages name the store: `branch "persona-state" of octo-org/app`, `file /srv/persona/state.json`. */
  readonly description: string;
  /**
   * The current state, validated; undefined when nothing was ever switched.
   * @throws ConfigurationError for a corrupt state (never replaced silently), and when the store cannot be read.
   */
  read(): Promise<PersonaState | undefined>;
  /**
   * Reads the state, calls `change` with it, and writes `write` atomically if
   * nobody wrote in between; otherwise re-reads and calls `change` again
   * (bounded, with jittered backoff). `change` must be pure.
   */
  update<T>(change: (current: PersonaState | undefined) => StateChange<T>): Promise<T>;
  /** The history, newest first, at most `limit` entries. */
  history(limit: number): Promise<HistoryEntry[]>;
}
