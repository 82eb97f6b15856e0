/**
 * The last state this repository read successfully, kept across jobs in the
 * Actions cache, so that a store that cannot be reached (GitHub's API down,
 * a network partition) does not stop every pipeline: the read warns, with
 * the copy's age, and uses it. Only {@link isStateUnreachableError} falls
 * back; a store that answers but refuses the token, or holds a corrupt
 * state, still fails (a freeze is never silently ignored). The copy is
 * validated like any read.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RemoteCache } from '../library/remote-cache.js';
import type { Logger } from '../logging/logger.js';
import { formatDuration } from '../persona/duration.js';
import { parseState, serializeState } from '../switching/parse-state.js';
import type { PersonaState } from '../switching/persona-state.js';
import type { StateStore } from './state-store.js';
import { isStateUnreachableError } from './state-unreachable-error.js';

/** Options of {@link withLastKnownState}. */
export interface LastKnownStateOptions {
  /** Where copies are kept: the Actions cache (`ActionsRemoteCache`), or a fake. */
  cache: RemoteCache;
  /** Identifies the store across runs: its API root, repository and branch. */
  storeKey: string;
  /** Marks the copies this job already saved (`$RUNNER_TEMP/persona-state`), so a job saves each state once. */
  markerDirectory?: string;
  logger: Logger;
  /** Epoch milliseconds. */
  now?: () => number;
}

/** The sha256 of a state's text, hex. */
const digestOf = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * `store`, whose reads keep their result in `options.cache` (one save per
 * new state and day: the cache key holds their digest, the cache skips a key
 * it has, and a job remembers what it saved) and fall back to the newest
 * saved copy when the store is unreachable. Updates and history go to `store` unchanged. Cache failures
 * are debug messages: the copy only spares an outage.
 */
export function withLastKnownState(store: StateStore, options: LastKnownStateOptions): StateStore {
  const now = options.now ?? Date.now;
  const save = async (state: PersonaState): Promise<void> => {
    const text = serializeState(state);
    // The day is part of the digest, so an unchanged state is saved again once a day and the copy's age stays honest.
    const digest = digestOf(`${new Date(now()).toISOString().slice(0, 10)}\n${text}`);
    const marker = options.markerDirectory && path.join(options.markerDirectory, `saved-${digest.slice(0, 32)}`);
    if (marker && existsSync(marker)) return;
    try {
      await options.cache.save(options.storeKey, { documents: [{ file: 'state.json', text }], digest, fetchedAt: new Date(now()).toISOString() });
      if (marker) {
        mkdirSync(options.markerDirectory!, { recursive: true });
        writeFileSync(marker, '');
      }
    } catch (error) {
      options.logger.debug(`could not keep the state of ${store.description} in the Actions cache: ${(error as Error).message}`);
    }
  };
  const restore = async (reason: Error): Promise<PersonaState | undefined> => {
    let copy;
    try {
      copy = await options.cache.restore(options.storeKey);
    } catch (error) {
      options.logger.debug(`could not restore the last state of ${store.description} from the Actions cache: ${(error as Error).message}`);
    }
    const text = copy?.documents.find((d) => d.file === 'state.json')?.text;
    if (!copy || text === undefined) throw reason;
    const state = parseState(text, `the last state of ${store.description} in the Actions cache`);
    const age = formatDuration(Math.max(0, now() - Date.parse(copy.fetchedAt)));
    options.logger.warning(`${reason.message}; using the last state this repository kept in the Actions cache (revision ${state.revision}, saved ${age} ago)`);
    return state;
  };
  return {
    description: store.description,
    async read() {
      try {
        const state = await store.read();
        if (state) await save(state);
        return state;
      } catch (error) {
        if (isStateUnreachableError(error)) return restore(error);
        throw error;
      }
    },
    update: (change) => store.update(change),
    history: (limit) => store.history(limit),
  };
}
