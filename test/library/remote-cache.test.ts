import { createHash } from 'node:crypto';
import { jest } from '@jest/globals';
import { MemoryLogger } from '../../src/logging/logger.js';
import {
  type CachedCopy,
  digestDocuments,
  InMemoryRemoteCache,
  LayeredRemoteCache,
  type RemoteCache,
  SafeRemoteCache,
} from '../../src/library/remote-cache.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function copy(text: string, etag?: string): CachedCopy {
  const documents = [{ file: 'https://example.test/a.yml', text }];
  return { documents, digest: digestDocuments(documents), fetchedAt: '2024-05-01T10:00:00.000Z', ...(etag ? { etag } : {}) };
}

/** A cache whose every call fails. */
const broken: RemoteCache = {
  restore: async () => {
    throw new Error('disk on fire');
  },
  save: async () => {
    throw new Error('quota exceeded');
  },
};

describe('digestDocuments', () => {
  it('is the sha256 of the text for one document, like sha256sum', () => {
    expect(digestDocuments([{ file: 'a.yml', text: 'name: A\n' }])).toBe(sha256('name: A\n'));
  });

  it('covers every document of several, whatever their order', () => {
    const a = { file: 'a.yml', text: 'name: A\n' };
    const b = { file: 'b.yml', text: 'name: B\n' };
    expect(digestDocuments([a, b])).toBe(digestDocuments([b, a]));
    expect(digestDocuments([a, b])).toBe(sha256(`${sha256(a.text)}  a.yml\n${sha256(b.text)}  b.yml\n`));
    expect(digestDocuments([a, b])).not.toBe(digestDocuments([a, { ...b, text: 'name: C\n' }]));
    expect(digestDocuments([a, b])).not.toBe(digestDocuments([a, { ...b, file: 'c.yml' }]));
  });
});

describe('InMemoryRemoteCache', () => {
  it('misses, then returns what was saved under the same key only', async () => {
    const cache = new InMemoryRemoteCache();
    expect(await cache.restore('k')).toBeUndefined();
    await cache.save('k', copy('one', '"e1"'));
    expect(await cache.restore('k')).toEqual(copy('one', '"e1"'));
    expect(await cache.restore('other')).toBeUndefined();
    expect(cache.keys()).toEqual(['k']);
  });

  it('keeps its own copies, so callers cannot change what is stored', async () => {
    const cache = new InMemoryRemoteCache();
    const saved = copy('one');
    await cache.save('k', saved);
    saved.documents[0]!.text = 'changed after save';
    const restored = (await cache.restore('k'))!;
    restored.documents[0]!.text = 'changed after restore';
    expect((await cache.restore('k'))!.documents[0]!.text).toBe('one');
  });
});

describe('LayeredRemoteCache', () => {
  it('answers from memory without asking the durable cache', async () => {
    const memory = new InMemoryRemoteCache();
    const durable = new InMemoryRemoteCache();
    const durableRestore = jest.spyOn(durable, 'restore');
    await memory.save('k', copy('from memory'));
    await durable.save('k', copy('from disk'));
    const restored = await new LayeredRemoteCache(memory, durable).restore('k');
    expect(restored!.documents[0]!.text).toBe('from memory');
    expect(durableRestore).not.toHaveBeenCalled();
  });

  it('falls through to the durable cache and keeps its hit in memory', async () => {
    const memory = new InMemoryRemoteCache();
    const durable = new InMemoryRemoteCache();
    await durable.save('k', copy('from disk'));
    const layered = new LayeredRemoteCache(memory, durable);
    expect((await layered.restore('k'))!.documents[0]!.text).toBe('from disk');
    expect((await memory.restore('k'))!.documents[0]!.text).toBe('from disk');
    expect(await layered.restore('missing')).toBeUndefined();
  });

  it('saves to both layers', async () => {
    const memory = new InMemoryRemoteCache();
    const durable = new InMemoryRemoteCache();
    await new LayeredRemoteCache(memory, durable).save('k', copy('new'));
    expect(await memory.restore('k')).toEqual(copy('new'));
    expect(await durable.restore('k')).toEqual(copy('new'));
  });

  it('still saves in memory when the durable save fails, then reports the failure', async () => {
    const memory = new InMemoryRemoteCache();
    await expect(new LayeredRemoteCache(memory, broken).save('k', copy('new'))).rejects.toThrow('quota exceeded');
    expect(await memory.restore('k')).toEqual(copy('new'));
  });
});

describe('SafeRemoteCache', () => {
  it('turns a failed restore into a miss and a warning', async () => {
    const logger = new MemoryLogger();
    expect(await new SafeRemoteCache(broken, logger).restore('https://example.test/a.yml')).toBeUndefined();
    expect(logger.messages('warning')).toEqual(['could not restore the cached copy of https://example.test/a.yml (disk on fire); fetching it instead']);
    expect(logger.messages('error')).toEqual([]);
  });

  it('turns a failed save into a warning', async () => {
    const logger = new MemoryLogger();
    await expect(new SafeRemoteCache(broken, logger).save('k', copy('x'))).resolves.toBeUndefined();
    expect(logger.messages('warning')).toEqual(['could not save the cached copy of k (quota exceeded); the next run fetches it again']);
  });

  it('passes results through when nothing fails', async () => {
    const logger = new MemoryLogger();
    const safe = new SafeRemoteCache(new InMemoryRemoteCache(), logger);
    await safe.save('k', copy('x'));
    expect(await safe.restore('k')).toEqual(copy('x'));
    expect(logger.entries).toEqual([]);
  });

  it('keeps the in-process copy of a layered cache whose durable layer fails', async () => {
    const logger = new MemoryLogger();
    const memory = new InMemoryRemoteCache();
    const safe = new SafeRemoteCache(new LayeredRemoteCache(memory, broken), logger);
    await safe.save('k', copy('x'));
    expect(await safe.restore('k')).toEqual(copy('x'));
    expect(logger.messages('warning')).toHaveLength(1);
  });
});
