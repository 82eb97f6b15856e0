import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { bump, entryAt, stateAt } from './fixtures/states.js';

describe('memory state store', () => {
  it('starts empty, or with the state and history it is given', async () => {
    await expect(new MemoryStateStore().read()).resolves.toBeUndefined();
    await expect(new MemoryStateStore().history(5)).resolves.toEqual([]);
    const store = new MemoryStateStore({ state: stateAt(3), history: [entryAt(2), entryAt(3)], description: 'test store' });
    await expect(store.read()).resolves.toEqual(stateAt(3));
    await expect(store.history(5)).resolves.toEqual([entryAt(3), entryAt(2)]);
    expect(store.description).toBe('test store');
  });

  it('writes through compare-and-swap and keeps the history, newest first, limited', async () => {
    const store = new MemoryStateStore();
    await expect(store.update(bump('a'))).resolves.toBe(1);
    await expect(store.update(bump('b'))).resolves.toBe(2);
    expect(store.current).toEqual(stateAt(2, 'b'));
    expect(store.writes).toBe(2);
    await expect(store.history(1)).resolves.toEqual([entryAt(2, 'b')]);
    await expect(store.history(0)).resolves.toEqual([]);
    expect(store.entries).toEqual([entryAt(1, 'a'), entryAt(2, 'b')]);
  });

  it('writes nothing when the change decides so', async () => {
    const store = new MemoryStateStore({ state: stateAt(1) });
    await expect(store.update(() => ({ result: 'kept' }))).resolves.toBe('kept');
    expect(store.writes).toBe(0);
    expect(store.entries).toEqual([]);
  });

  it('lands 20 concurrent updates with consecutive revisions', async () => {
    const store = new MemoryStateStore();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.update(bump(`c${i}`))));
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(store.entries.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('makes writes lose their race, so the change is asked again on the state the interloper left', async () => {
    const store = new MemoryStateStore({ state: stateAt(1) });
    store.loseRaces(2, (state) => stateAt((state?.revision ?? 0) + 10, 'interloper'));
    const seen: number[] = [];
    const result = await store.update((current) => {
      seen.push(current!.revision);
      return bump('mine')(current);
    });
    expect(seen).toEqual([1, 11, 21]);
    expect(result).toBe(22);
    expect(store.writeAttempts).toBe(3);
    expect(store.entries).toEqual([entryAt(22, 'mine')]);
  });

  it('gives up with a clear error when every attempt loses', async () => {
    const store = new MemoryStateStore({ attempts: 3 });
    store.loseRaces(5);
    await expect(store.update(bump('a'))).rejects.toThrow(
      new ConfigurationError('memory: gave up after 3 attempts, each lost to another writer; nothing was written'),
    );
    expect(store.current).toBeUndefined();
  });

  it('fails writes and reads on demand, writing nothing', async () => {
    const store = new MemoryStateStore({ state: stateAt(1) });
    store.failWrites(new Error('disk on fire'));
    await expect(store.update(bump('a'))).rejects.toThrow('disk on fire');
    expect(store.current).toEqual(stateAt(1));
    await expect(store.update(bump('b'))).resolves.toBe(2);
    store.failReads(new ConfigurationError('unreachable'), 2);
    await expect(store.read()).rejects.toThrow('unreachable');
    await expect(store.update(bump('c'))).rejects.toThrow('unreachable');
    await expect(store.read()).resolves.toEqual(stateAt(2, 'b'));
  });

  it('copies states in and out, so callers cannot change what it holds', async () => {
    const initial = stateAt(1);
    const store = new MemoryStateStore({ state: initial });
    initial.revision = 99;
    const read = (await store.read())!;
    read.active!.persona = 'tampered';
    expect(store.current).toEqual(stateAt(1));
  });
});
