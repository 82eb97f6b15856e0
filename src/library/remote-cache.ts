import { createHash } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import { byCodeUnit } from '../persona/code-unit-order.js';
import type { SourceDocument } from './persona-source.js';

/** What a remote source fetched last time, kept so a later load can revalidate it or fall back to it. */
export interface CachedCopy {
  documents: SourceDocument[];
  /** The server's ETag for the copy, sent back as `If-None-Match`. */
  etag?: string;
  /** {@link digestDocuments} of `documents`: sha256, lowercase hex. */
  digest: string;
  /** When the copy was fetched, ISO 8601. */
  fetchedAt: string;
}

/**
 * Where remote sources keep their last good copy. Implementations may throw;
 * {@link SafeRemoteCache} turns every failure into a warning.
 */
export interface RemoteCache {
  /** The newest copy saved under `sourceKey`, or undefined when there is none. */
  restore(sourceKey: string): Promise<CachedCopy | undefined>;
  save(sourceKey: string, copy: CachedCopy): Promise<void>;
}

/**
 * The digest of fetched documents. One document: the sha256 of its text, so a
 * single file's digest is what `sha256sum file` prints. Several: the sha256 of
 * their `sha256sum`-style manifest (`<hex>  <file>\n` per document, sorted by file).
 */
export function digestDocuments(documents: readonly SourceDocument[]): string {
  const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
  if (documents.length === 1) return sha256(documents[0]!.text);
  const manifest = [...documents]
    .sort((a, b) => byCodeUnit(a.file, b.file))
    .map((d) => `${sha256(d.text)}  ${d.file}\n`)
    .join('');
  return sha256(manifest);
}

/** A cache held in a Map: the in-process layer, and the test fake. Copies are cloned in and out. */
export class InMemoryRemoteCache implements RemoteCache {
  private readonly copies = new Map<string, CachedCopy>();

  async restore(sourceKey: string): Promise<CachedCopy | undefined> {
    const copy = this.copies.get(sourceKey);
    return copy && structuredClone(copy);
  }

  async save(sourceKey: string, copy: CachedCopy): Promise<void> {
    this.copies.set(sourceKey, structuredClone(copy));
  }

  /** The keys that hold a copy. */
  keys(): string[] {
    return [...this.copies.keys()];
  }
}

/**
 * Checks the fast in-process cache before the durable one (for example
 * {@link ActionsRemoteCache}), copying durable hits into memory; saves to both.
 * Failures propagate: wrap it in a {@link SafeRemoteCache}.
 */
export class LayeredRemoteCache implements RemoteCache {
  constructor(
    private readonly inProcess: RemoteCache,
    private readonly acrossRuns: RemoteCache,
  ) {}

  async restore(sourceKey: string): Promise<CachedCopy | undefined> {
    const fast = await this.inProcess.restore(sourceKey);
    if (fast) return fast;
    const durable = await this.acrossRuns.restore(sourceKey);
    if (durable) await this.inProcess.save(sourceKey, durable);
    return durable;
  }

  /** Saves to both layers, even when one fails; then rethrows the first failure. */
  async save(sourceKey: string, copy: CachedCopy): Promise<void> {
    const results = await Promise.allSettled([this.inProcess.save(sourceKey, copy), this.acrossRuns.save(sourceKey, copy)]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/**
 * The one place cache failures are handled: a restore or save that throws
 * becomes a warning (a restore then reads as a miss). A cache can make a load
 * slower, never fail it.
 */
export class SafeRemoteCache implements RemoteCache {
  constructor(
    private readonly inner: RemoteCache,
    private readonly logger: Logger,
  ) {}

  async restore(sourceKey: string): Promise<CachedCopy | undefined> {
    try {
      return await this.inner.restore(sourceKey);
    } catch (error) {
      this.logger.warning(`could not restore the cached copy of ${sourceKey} (${describe(error)}); fetching it instead`);
      return undefined;
    }
  }

  async save(sourceKey: string, copy: CachedCopy): Promise<void> {
    try {
      await this.inner.save(sourceKey, copy);
    } catch (error) {
      this.logger.warning(`could not save the cached copy of ${sourceKey} (${describe(error)}); the next run fetches it again`);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
