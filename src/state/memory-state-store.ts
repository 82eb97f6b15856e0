/**
 * The in-memory state store: the same compare-and-swap semantics as the real
 * stores (through {@link updateWithRetries}, with a version counter), and
 * the fake other tests use. Hooks let a test make writes lose their race
 * (with or without another writer's change slipped in) or fail, and reads
 * fail, to prove what the code above a store does then.
 *
 * ```ts
 * const store = new MemoryStateStore({ state: someState });
 * store.loseRaces(2, (s) => ({ ...s, revision: s.revision + 1 })); // two interlopers
 * await switchPersona(store, request);
 * expect(store.current?.revision).toBe(…); expect(store.entries).toHaveLength(…);
 * ```
 */
import type { HistoryEntry, PersonaState } from '../switching/persona-state.js';
import { type CasTiming, LostRaceError, updateWithRetries } from './compare-and-swap.js';
import type { StateChange, StateStore } from './state-store.js';

/** Backoff without waiting: the fake never sleeps. */
const NO_WAIT: CasTiming = { sleep: () => Promise.resolve(), random: () => 0.5 };

/** Options of a {@link MemoryStateStore}. */
export interface MemoryStateStoreOptions {
  /** The state it starts with; undefined: nothing was ever switched. */
  state?: PersonaState;
  /** History it starts with, oldest first. */
  history?: HistoryEntry[];
  /** Default `memory`. */
  description?: string;
  /** Attempts of the compare-and-swap loop (default that of {@link updateWithRetries}). */
  attempts?: number;
  /** Default: no waiting between attempts. */
  timing?: CasTiming;
}

/** A state store in memory; states are copied in and out, so callers cannot change what it holds. */
export class MemoryStateStore implements StateStore {
  readonly description: string;
  /** Every history entry written, oldest first (the initial history included). */
  readonly entries: HistoryEntry[];
  /** Calls of {@link read} (including the ones inside {@link update}). */
  reads = 0;
  /** Write attempts, including the ones that lost their race or failed. */
  writeAttempts = 0;
  private state: PersonaState | undefined;
  private version = 0;
  private readonly attempts: number | undefined;
  private readonly timing: CasTiming;
  private races: { count: number; interloper?: (state: PersonaState | undefined) => PersonaState | undefined } = { count: 0 };
  private writeFailures: { count: number; error?: Error } = { count: 0 };
  private readFailures: { count: number; error?: Error } = { count: 0 };

  constructor(options: MemoryStateStoreOptions = {}) {
    this.description = options.description ?? 'memory';
    this.state = copy(options.state);
    this.entries = [...(options.history ?? [])];
    this.attempts = options.attempts;
    this.timing = options.timing ?? NO_WAIT;
  }

  /** The state held now, copied (for assertions). */
  get current(): PersonaState | undefined {
    return copy(this.state);
  }

  /** Writes this many times so far (the version counter). */
  get writes(): number {
    return this.version;
  }

  /**
   * The next `count` write attempts lose their race. With `interloper`, each
   * lost race first stores `interloper(state)` as another writer's change
   * (bumping the version, without a history entry), so the retry sees it.
   */
  loseRaces(count: number, interloper?: (state: PersonaState | undefined) => PersonaState | undefined): void {
    this.races = { count, interloper };
  }

  /** The next `count` write attempts throw `error` (default an `Error('simulated write failure')`); nothing is written. */
  failWrites(error: Error = new Error('simulated write failure'), count = 1): void {
    this.writeFailures = { count, error };
  }

  /** The next `count` reads throw `error`, as an unreachable store does. */
  failReads(error: Error, count = 1): void {
    this.readFailures = { count, error };
  }

  /** The state, copied; undefined when nothing was ever written. */
  async read(): Promise<PersonaState | undefined> {
    return (await this.readVersioned()).state;
  }

  /** Compare-and-swap against the version counter, as the real stores do against their sha or file. */
  update<T>(change: (current: PersonaState | undefined) => StateChange<T>): Promise<T> {
    return updateWithRetries(
      () => this.readVersioned(),
      async (write, version) => this.tryWrite(write, version),
      change,
      { description: this.description, timing: this.timing, ...(this.attempts === undefined ? {} : { attempts: this.attempts }) },
    );
  }

  /** The last `limit` entries, newest first. */
  async history(limit: number): Promise<HistoryEntry[]> {
    if (limit <= 0) return [];
    return this.entries
      .slice(-limit)
      .reverse()
      .map((entry) => ({ ...entry }));
  }

  private async readVersioned(): Promise<{ state: PersonaState | undefined; version: number }> {
    this.reads++;
    if (this.readFailures.count > 0) {
      this.readFailures.count--;
      throw this.readFailures.error;
    }
    return { state: copy(this.state), version: this.version };
  }

  private tryWrite(write: { state: PersonaState; entry: HistoryEntry }, version: number): void {
    this.writeAttempts++;
    if (this.writeFailures.count > 0) {
      this.writeFailures.count--;
      throw this.writeFailures.error;
    }
    if (this.races.count > 0) {
      this.races.count--;
      if (this.races.interloper) {
        this.state = copy(this.races.interloper(copy(this.state)));
        this.version++;
      }
      throw new LostRaceError();
    }
    if (version !== this.version) throw new LostRaceError();
    this.state = copy(write.state);
    this.entries.push({ ...write.entry });
    this.version++;
  }
}

/** A deep copy (states are plain JSON data). */
function copy<S>(value: S): S {
  return value === undefined ? value : structuredClone(value);
}
