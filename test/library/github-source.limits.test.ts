import { gzipSync } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { GitHubSource } from '../../src/library/github-source.js';
import { InMemoryRemoteCache } from '../../src/library/remote-cache.js';
import { RAW_MEDIA_TYPE } from '../../src/library/remote-github-content.js';
import { StandInHttpServer, writeForever } from '../support/stand-in-http-server.js';

/*
 * A stand-in for the contents API that answers the raw media type with the
 * file's bytes (as GitHub does), so these cases prove the 1 MiB limit counts
 * the file itself, streamed, and never its base64 size.
 */

const MiB = 1024 * 1024;
const PERSONA = (n: string | number) => `name: Team ${n}\nrisk_tolerance: low\n`;
const T0 = new Date('2024-05-01T10:00:00.000Z');

/** What the stand-in serves: a listing (name → listed size) and how each file's raw body is written. */
interface Folder {
  files: Record<string, { size: number; write: (res: ServerResponse) => void }>;
}

/** 16 gzip members of 8 MiB of zeros: about 130 KB that inflate to 128 MiB. */
const bomb = Buffer.concat(
  Array.from(
    { length: 16 },
    (
      (member) => () =>
        member
    )(gzipSync(Buffer.alloc(8 * MiB))),
  ),
);
let server: StandInHttpServer;
let folder: Folder = { files: {} };

beforeAll(async () => {
  server = await StandInHttpServer.start((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const listing = /^\/repos\/acme\/personas\/contents\/team$/.test(path);
    if (listing) {
      const items = Object.entries(folder.files).map(([name, { size }]) => ({ type: 'file', name, path: `team/${name}`, size }));
      return void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', etag: '"l1"' }).end(JSON.stringify(items));
    }
    const file = /^\/repos\/acme\/personas\/contents\/team\/(.+)$/.exec(path);
    const entry = file && folder.files[file[1]!];
    if (!entry || req.headers.accept !== RAW_MEDIA_TYPE) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
    setTimeout(() => entry.write(res), 10);
  });
});
afterAll(() => server.close());
// Loads Octokit and the YAML parser once, so no timed case pays for them.
beforeAll(async () => {
  folder = { files: { 'warm.yml': raw(PERSONA('warm')) } };
  await load();
});
beforeEach(() => {
  server.paths.length = 0;
  server.maxInFlight = 0;
});

const raw = (text: string | Buffer) => ({
  size: Buffer.byteLength(text),
  write: (res: ServerResponse) => void res.writeHead(200, { 'content-type': 'application/vnd.github.raw' }).end(text),
});

function load(): Promise<unknown> {
  const source = new GitHubSource({
    spec: 'github:acme/personas/team@main',
    cache: new InMemoryRemoteCache(),
    logger: new MemoryLogger(),
    token: 't0k3n',
    baseUrl: server.origin,
    now: () => T0,
    delay: async () => undefined,
    random: () => 1,
  });
  return source.load().catch((e: unknown) => e);
}

describe('GitHubSource: the 1 MiB limit, counted on the file', () => {
  it('reads a legal file of exactly 1 MiB in the raw media type (its base64 would be 1.4 MiB)', async () => {
    const text = `${PERSONA('big')}#${'x'.repeat(MiB - PERSONA('big').length - 2)}\n`;
    folder = { files: { 'big.yml': raw(text) } };
    const result = (await load()) as { definitions: Array<{ definition: { id: string } }>; diagnostics: unknown[] };
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['team-big']);
  });

  it('refuses a file the listing says is over 1 MiB without requesting it', async () => {
    folder = { files: { 'a.yml': raw(PERSONA('a')), 'huge.yml': { size: 5 * MiB, write: (res) => void res.writeHead(500).end() } } };
    const error = await load();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(`library source github:acme/personas/team@main/huge.yml has ${5 * MiB} bytes: a persona file may have at most 1 MiB`);
    expect(server.paths.filter((p) => p.includes('huge'))).toEqual([]);
  });

  it('stops a raw body that is longer than its listed size at 1 MiB', async () => {
    folder = { files: { 'liar.yml': { size: 40, write: (res) => (res.writeHead(200), writeForever(res, Buffer.alloc(64 * 1024, 'a'))) } } };
    const error = await load();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('library source github:acme/personas/team@main/liar.yml sent more than 1 MiB, so reading stopped there');
  });

  it('stops a gzip bomb at 1 MiB of decompressed content', async () => {
    folder = { files: { 'bomb.yml': { size: 40, write: (res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb) } } };
    const started = Date.now();
    const error = await load();
    expect((error as Error).message).toContain('bomb.yml sent more than 1 MiB, so reading stopped there');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads a folder of 40 files with at most 8 requests in flight', async () => {
    folder = { files: Object.fromEntries(Array.from({ length: 40 }, (_, n) => [`p${String(n).padStart(2, '0')}.yml`, raw(PERSONA(n))])) };
    const result = (await load()) as { definitions: unknown[] };
    expect(result.definitions).toHaveLength(40);
    expect(server.maxInFlight).toBeLessThanOrEqual(8);
    expect(server.maxInFlight).toBeGreaterThan(1);
  });
});
