import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { jest } from '@jest/globals';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { createSources } from '../../src/library/create-sources.js';
import { createNodeTransport, type HttpTransport } from '../../src/library/http-transport.js';
import { loadLibrary } from '../../src/library/load-library.js';
import { parseDocuments } from '../../src/library/persona-source.js';
import { digestDocuments, InMemoryRemoteCache } from '../../src/library/remote-cache.js';
import type { RetryTiming } from '../../src/library/remote-retry.js';
import { UrlSource } from '../../src/library/url-source.js';
import { StandInHttpServer, writeForever } from '../support/stand-in-http-server.js';

const MiB = 1024 * 1024;
const PERSONA = 'name: Remote Team\nrisk_tolerance: low\n';
const T0 = Date.parse('2024-05-01T10:00:00.000Z');

/** A URL source with recorded requests, a fake clock, recorded (not slept) waits and no jitter. */
function urlSource(url: string, extra: { cached?: boolean; attemptMs?: number; random?: number; maxBytes?: number } = {}) {
  const logger = new MemoryLogger();
  const cache = new InMemoryRemoteCache();
  const real = createNodeTransport();
  const waits: number[] = [];
  let clock = T0;
  const transport = jest.fn<HttpTransport>(async (target, init) => {
    clock += extra.attemptMs ?? 0;
    return real(target, init);
  });
  const timing: RetryTiming = { now: () => clock, sleep: async (ms) => void (waits.push(ms), (clock += ms)), random: () => extra.random ?? 1 };
  const source = new UrlSource({ url, cache, logger, transport, timing, now: () => new Date(clock), ...(extra.maxBytes ? { maxBytes: extra.maxBytes } : {}) });
  const saves = jest.spyOn(cache, 'save');
  const seed = async () => {
    const documents = [{ file: url, text: PERSONA }];
    await cache.save(url, { documents, digest: digestDocuments(documents), fetchedAt: new Date(T0 - 3_600_000).toISOString() });
    saves.mockClear();
  };
  return { source, logger, transport, waits, saves, seed, requested: () => transport.mock.calls.map(([target]) => target.href) };
}

async function failure(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  // A ConfigurationError is reported as an annotation with its message only, never a stack.
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

/** Runs `task`, sampling the resident set every 5 ms; resolves with its outcome and the peak growth. */
async function withPeakRss<T>(task: () => Promise<T>): Promise<{ outcome: T | unknown; peakGrowth: number; ms: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = Date.now();
  const outcome = await task().catch((e: unknown) => e);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { outcome, peakGrowth: peak - before, ms: Date.now() - started };
}

let server: StandInHttpServer;
let rawServer: NetServer;
let rawPort: number;
const routes = new Map<string, Parameters<typeof StandInHttpServer.start>[0]>();
/** 128 gzip members of 8 MiB of zeros each: about 1 MB on the wire, 1 GiB decompressed. */
const bomb = Buffer.concat(
  Array.from(
    { length: 128 },
    (
      (member) => () =>
        member
    )(gzipSync(Buffer.alloc(8 * MiB))),
  ),
);

beforeAll(async () => {
  // Loads the YAML parser once, so no timed case pays for it.
  await parseDocuments('warm-up', [{ file: 'warm-up.yml', text: PERSONA }]);
  server = await StandInHttpServer.start((req, res, self) => {
    const route = routes.get(new URL(req.url ?? '/', self.origin).pathname);
    if (route) return route(req, res, self);
    res.writeHead(404).end();
  });
  // Speaks raw HTTP, so it can send more than its Content-Length says.
  rawServer = createNetServer((socket) => {
    socket.once('data', () => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(PERSONA)}\r\nConnection: close\r\n\r\n${PERSONA}`);
      socket.end(Buffer.alloc(4 * MiB, 'x'));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => rawServer.listen(0, '127.0.0.1', resolve));
  rawPort = (rawServer.address() as AddressInfo).port;
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => rawServer.close(resolve));
});
beforeEach(() => {
  routes.clear();
  server.paths.length = 0;
  server.bytesWritten = 0;
});

describe('hostile remote sources: bodies', () => {
  it('stops an endless body at 1 MiB with a clear error, in bounded time and memory, caching nothing', async () => {
    routes.set('/endless.yml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      writeForever(res, Buffer.alloc(64 * 1024, 'a'));
    });
    const { source, saves } = urlSource(server.url('/endless.yml'));
    const { outcome, peakGrowth, ms } = await withPeakRss(() => source.load());
    const error = await failure(Promise.reject(outcome));
    expect(error.message).toBe(
      `library source ${server.url('/endless.yml')} sent more than 1 MiB, so reading stopped there: a persona file may have at most 1 MiB`,
    );
    expect(peakGrowth).toBeLessThan(150 * MiB);
    expect(ms).toBeLessThan(2000);
    expect(saves).not.toHaveBeenCalled();
  });

  it('stops a gzip bomb (1 MB that inflates to 1 GiB) at 1 MiB of decompressed content', async () => {
    routes.set('/bomb.yml', (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.length }).end(bomb));
    const { source } = urlSource(server.url('/bomb.yml'));
    const { outcome, peakGrowth, ms } = await withPeakRss(() => source.load());
    const error = await failure(Promise.reject(outcome));
    expect(error.message).toContain('sent more than 1 MiB after decompression, so reading stopped there');
    expect(error.message).not.toContain('UTF-8');
    expect(peakGrowth).toBeLessThan(150 * MiB);
    expect(ms).toBeLessThan(2000);
  });

  it('refuses a Content-Length over the limit before reading the body', async () => {
    routes.set('/huge.yml', (_req, res) => {
      res.writeHead(200, { 'content-length': String(2 * 1024 * MiB) });
      writeForever(res, Buffer.alloc(64 * 1024, 'a'));
    });
    const { source } = urlSource(server.url('/huge.yml'));
    const error = await failure(source.load());
    expect(error.message).toBe(
      `library source ${server.url('/huge.yml')} declares a body of 2147483648 bytes (Content-Length): a persona file may have at most 1 MiB`,
    );
  });

  it('reads no more than a Content-Length that is shorter than what the server sends', async () => {
    const { source, requested } = urlSource(`http://127.0.0.1:${rawPort}/short.yml`);
    const result = await source.load();
    expect(requested()).toHaveLength(1);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['remote-team']);
  });

  it('accepts a legal file of exactly 1 MiB, also when sent gzip-compressed', async () => {
    const text = `${PERSONA}#${'x'.repeat(MiB - PERSONA.length - 2)}\n`;
    expect(Buffer.byteLength(text)).toBe(MiB);
    routes.set('/big.yml', (_req, res) => void res.writeHead(200).end(text));
    routes.set('/big-gzip.yml', (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(text)));
    for (const path of ['/big.yml', '/big-gzip.yml']) {
      const result = await urlSource(server.url(path)).source.load();
      expect(result.definitions.map((d) => d.definition.id)).toEqual(['remote-team']);
    }
  });

  it('refuses a content encoding it cannot decode, quoting it', async () => {
    routes.set('/odd.yml', (_req, res) => void res.writeHead(200, { 'content-encoding': `x-evil-${'z'.repeat(500)}` }).end(PERSONA));
    const error = await failure(urlSource(server.url('/odd.yml')).source.load());
    expect(error.message).toMatch(/uses the content encoding "x-evil-z{52}…", which is not supported/);
  });
});

describe('hostile remote sources: redirects', () => {
  const chain = (hops: number) => {
    for (let i = 0; i < hops; i++) routes.set(`/hop${i}`, (_req, res) => void res.writeHead(302, { location: `/hop${i + 1}` }).end());
    routes.set(`/hop${hops}`, (_req, res) => void res.writeHead(200).end(PERSONA));
  };

  it('follows 5 redirects, checking each hop', async () => {
    chain(5);
    const { source, requested } = urlSource(server.url('/hop0'));
    expect((await source.load()).definitions).toHaveLength(1);
    expect(requested()).toHaveLength(6);
  });

  it('refuses a 6th redirect without requesting its target', async () => {
    chain(6);
    const { source } = urlSource(server.url('/hop0'));
    const error = await failure(source.load());
    expect(error.message).toBe(`library source ${server.url('/hop0')} redirected more than 5 times (the last to "/hop6")`);
    expect(server.paths).toEqual(['/hop0', '/hop1', '/hop2', '/hop3', '/hop4', '/hop5']);
  });

  it('never requests a plain-http hop to a host that is not loopback, even mid-chain', async () => {
    routes.set('/start', (_req, res) => void res.writeHead(301, { location: '/middle' }).end());
    routes.set('/middle', (_req, res) => void res.writeHead(307, { location: 'http://personas.example.invalid/team.yml' }).end());
    const { source, requested } = urlSource(server.url('/start'));
    const error = await failure(source.load());
    expect(error.message).toContain('redirected to "http://personas.example.invalid/team.yml", which uses http:// to a host that is not loopback');
    expect(requested()).toEqual([server.url('/start'), server.url('/middle')]);
  });

  it('refuses redirects to other schemes and to URLs with credentials, never showing the credentials', async () => {
    routes.set('/file', (_req, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    routes.set('/creds', (_req, res) => void res.writeHead(302, { location: 'https://user:s3cret@personas.example.test/x.yml' }).end());
    const file = urlSource(server.url('/file'));
    expect((await failure(file.source.load())).message).toContain('redirected to "file:///etc/passwd", which uses file:// but only https:// is supported');
    const creds = urlSource(server.url('/creds'));
    const error = await failure(creds.source.load());
    expect(error.message).toContain('which contains credentials');
    expect(error.message).not.toContain('s3cret');
    expect([...file.requested(), ...creds.requested()]).toEqual([server.url('/file'), server.url('/creds')]);
  });
});

describe('hostile remote sources: transient failures', () => {
  const flaky = (path: string, failures: Array<[number, Record<string, string>?]>) => {
    let count = 0;
    routes.set(path, (_req, res) => {
      const next = failures[count++];
      if (next) res.writeHead(next[0], next[1]).end('try later');
      else res.writeHead(200).end(PERSONA);
    });
  };

  it('retries a 500 and then a 408, and loads without a warning', async () => {
    flaky('/flaky.yml', [[500], [408]]);
    const { source, waits, logger } = urlSource(server.url('/flaky.yml'));
    expect((await source.load()).definitions).toHaveLength(1);
    expect(waits).toEqual([1000, 2000]);
    expect(logger.messages('warning')).toEqual([]);
  });

  it('jitters the backoff between half and all of it', async () => {
    flaky('/jitter.yml', [[502], [503]]);
    const { source, waits } = urlSource(server.url('/jitter.yml'), { random: 0 });
    await source.load();
    expect(waits).toEqual([500, 1000]);
  });

  it('honours a Retry-After that fits in the budget', async () => {
    flaky('/slow-down.yml', [[429, { 'retry-after': '5' }]]);
    const { source, waits } = urlSource(server.url('/slow-down.yml'));
    expect((await source.load()).definitions).toHaveLength(1);
    expect(waits).toEqual([5000]);
  });

  it('ends retries at once on a Retry-After beyond the budget: the cached copy stands in', async () => {
    flaky('/later.yml', [
      [429, { 'retry-after': '60' }],
      [429, { 'retry-after': '60' }],
    ]);
    const { source, waits, logger, seed, requested } = urlSource(server.url('/later.yml'));
    await seed();
    expect((await source.load()).definitions).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(requested()).toHaveLength(1);
    expect(logger.messages('warning')).toEqual([
      `library source ${server.url('/later.yml')} is unreachable (HTTP 429 Too Many Requests; Retry-After asks for 60 s, longer than what is left of the 30 s budget); using the cached copy from 1 h ago`,
    ]);
  });

  it('keeps every attempt inside the 30 s budget: slow attempts leave no time for a third', async () => {
    flaky('/slow.yml', [[503], [503], [503]]);
    // Each attempt takes 14 s of the fake clock: 14 + 1 (wait) + 14 = 29 s, and a 2 s wait would end past 30 s.
    const { source, waits, requested } = urlSource(server.url('/slow.yml'), { attemptMs: 14_000 });
    const error = await failure(source.load());
    expect(error.message).toBe(
      `library source ${server.url('/slow.yml')} is unreachable (HTTP 503 Service Unavailable after 2 attempts; no attempt fits in what is left of the 30 s budget) and no cached copy exists`,
    );
    expect(waits).toEqual([1000]);
    expect(requested()).toHaveLength(2);
  });

  it('does not retry a 404: the URL is wrong, and no cached copy masks it', async () => {
    const { source, seed, requested } = urlSource(server.url('/missing.yml'));
    await seed();
    expect((await failure(source.load())).message).toBe(`library source ${server.url('/missing.yml')} answered HTTP 404 Not Found: check the URL`);
    expect(requested()).toHaveLength(1);
  });
});

describe('hostile remote sources: many entries', () => {
  it('keeps 60 URL entries to 16 requests in flight', async () => {
    routes.set('/p.yml', (req, res) => {
      const n = new URL(req.url ?? '/', server.origin).searchParams.get('n');
      setTimeout(() => res.writeHead(200).end(`name: Team ${n}\nrisk_tolerance: low\n`), 20);
    });
    const entries = Array.from({ length: 60 }, (_, n) => server.url(`/p.yml?n=${n}`));
    const logger = new MemoryLogger();
    server.maxInFlight = 0;
    const library = await loadLibrary(await createSources(entries, { workspace: process.cwd(), logger }), logger);
    expect(library.ids().filter((id) => id.startsWith('team-'))).toHaveLength(60);
    expect(server.maxInFlight).toBeLessThanOrEqual(16);
    expect(server.maxInFlight).toBeGreaterThan(1);
  });
});
