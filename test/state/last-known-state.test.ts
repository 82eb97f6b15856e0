import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { type CachedCopy, InMemoryRemoteCache, type RemoteCache } from '../../src/library/remote-cache.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { withLastKnownState } from '../../src/state/last-known-state.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { StateUnreachableError } from '../../src/state/state-unreachable-error.js';
import { stateAt } from './fixtures/states.js';

const T0 = Date.parse('2026-11-30T12:00:00.000Z');
const KEY = 'state:https://api.github.com/octo-org/app@persona-state';

/** A cache that counts saves and restores. */
class CountingCache implements RemoteCache {
  saves = 0;
  restores = 0;
  readonly inner = new InMemoryRemoteCache();
  async restore(key: string): Promise<CachedCopy | undefined> {
    this.restores++;
    return this.inner.restore(key);
  }
  async save(key: string, copy: CachedCopy): Promise<void> {
    this.saves++;
    await this.inner.save(key, copy);
  }
}

function setup(options: { now?: number } = {}) {
  const store = new MemoryStateStore({ state: stateAt(4), description: 'branch "persona-state" of octo-org/app' });
  const cache = new CountingCache();
  const logger = new MemoryLogger();
  const markerDirectory = mkdtempSync(path.join(os.tmpdir(), 'markers-'));
  let now = options.now ?? T0;
  const wrapped = withLastKnownState(store, { cache, storeKey: KEY, markerDirectory, logger, now: () => now });
  return { store, cache, logger, wrapped, markerDirectory, advance: (ms: number) => (now += ms) };
}

const unreachable = () => new StateUnreachableError('branch "persona-state" of octo-org/app', 'HTTP 502 after 3 attempts');

describe('withLastKnownState', () => {
  it('keeps each new state once: a second read of the same state in the job saves nothing', async () => {
    const { wrapped, cache, store, markerDirectory } = setup();
    await wrapped.read();
    await wrapped.read();
    expect(cache.saves).toBe(1);
    expect(readdirSync(markerDirectory)).toHaveLength(1);
    await store.update(() => ({
      write: { state: stateAt(5), entry: { at: '', by: 'a', action: 'switch', correlation_id: 'c', result: 'applied', reason: '', revision: 5 } },
      result: 5,
    }));
    await wrapped.read();
    expect(cache.saves).toBe(2);
    expect(cache.restores).toBe(0); // a reachable store never costs a restore
  });

  it('saves an unchanged state again on a new day, so the age of the copy stays within a day', async () => {
    const { wrapped, cache, advance } = setup();
    await wrapped.read();
    advance(3600_000);
    await wrapped.read();
    expect(cache.saves).toBe(1);
    advance(24 * 3600_000);
    await wrapped.read();
    expect(cache.saves).toBe(2);
  });

  it('falls back to the newest copy when the store is unreachable, warning with its age and revision', async () => {
    const { wrapped, store, logger, advance } = setup();
    await wrapped.read();
    advance(2 * 3600_000 + 5 * 60_000);
    store.failReads(unreachable());
    const state = await wrapped.read();
    expect(state).toEqual(stateAt(4));
    expect(logger.messages('warning')).toEqual([
      'the state store branch "persona-state" of octo-org/app is unreachable (HTTP 502 after 3 attempts); using the last state this repository kept in the Actions cache (revision 4, saved 2h5m ago)',
    ]);
  });

  it('fails as before when there is no copy', async () => {
    const { wrapped, store } = setup();
    store.failReads(unreachable());
    await expect(wrapped.read()).rejects.toThrow(/is unreachable \(HTTP 502 after 3 attempts\)$/);
  });

  it('never falls back for a store that answers but refuses (or holds a corrupt state)', async () => {
    const { wrapped, store, cache } = setup();
    await wrapped.read();
    store.failReads(new ConfigurationError('the repository octo-org/app cannot be read with the token ("contents: read")'));
    await expect(wrapped.read()).rejects.toThrow(/contents: read/);
    expect(cache.restores).toBe(0);
  });

  it('validates the copy like any read: a tampered entry is an error, not a state', async () => {
    const { wrapped, store, cache } = setup();
    await cache.inner.save(KEY, {
      documents: [{ file: 'state.json', text: '{"schema_version":"1.0","revision":-1}' }],
      digest: 'x',
      fetchedAt: new Date(T0).toISOString(),
    });
    store.failReads(unreachable());
    await expect(wrapped.read()).rejects.toThrow(/the last state of branch "persona-state" of octo-org\/app in the Actions cache/);
  });

  it('treats a failing cache as no cache: the read still succeeds, the failure is a debug line', async () => {
    const { store, logger } = setup();
    const broken: RemoteCache = {
      restore: async () => Promise.reject(new Error('cache service down')),
      save: async () => Promise.reject(new Error('cache service down')),
    };
    const wrapped = withLastKnownState(store, { cache: broken, storeKey: KEY, logger, now: () => T0 });
    await expect(wrapped.read()).resolves.toEqual(stateAt(4));
    expect(logger.messages('debug').join('\n')).toMatch(/could not keep the state .* cache service down/);
    expect(logger.messages('warning')).toEqual([]);
  });
});
