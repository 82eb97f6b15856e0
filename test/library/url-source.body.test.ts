import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { InMemoryRemoteCache } from '../../src/library/remote-cache.js';
import type { RetryTiming } from '../../src/library/remote-retry.js';
import { UrlSource } from '../../src/library/url-source.js';
import { StandInHttpServer } from '../support/stand-in-http-server.js';

/* Bodies that break: a connection cut mid-body is retried like any network error; corrupt compressed data is not. */

let server: StandInHttpServer;
beforeAll(async () => {
  server = await StandInHttpServer.start((req, res) => {
    if (req.url === '/cut.yml') {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('name: Cut\n');
      setTimeout(() => res.destroy(), 5);
    } else res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('definitely not gzip'));
  });
});
afterAll(() => server.close());
beforeEach(() => void (server.paths.length = 0));

async function loadError(path: string): Promise<{ message: string; waits: number[] }> {
  const waits: number[] = [];
  const timing: RetryTiming = { now: () => 0, sleep: async (ms) => void waits.push(ms), random: () => 1 };
  const source = new UrlSource({ url: server.url(path), cache: new InMemoryRemoteCache(), logger: new MemoryLogger(), timing });
  const error = await source.load().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  return { message: (error as Error).message, waits };
}

it('retries a connection that breaks mid-body, then reports it as unreachable', async () => {
  const { message, waits } = await loadError('/cut.yml');
  expect(message).toBe(
    `library source ${server.url('/cut.yml')} is unreachable (the body could not be read: aborted after 3 attempts) and no cached copy exists`,
  );
  expect(server.paths).toEqual(['/cut.yml', '/cut.yml', '/cut.yml']);
  expect(waits).toEqual([1000, 2000]);
});

it('does not retry a body whose compressed data is corrupt', async () => {
  const { message, waits } = await loadError('/corrupt.yml');
  expect(message).toBe(
    `library source ${server.url('/corrupt.yml')} is unreachable (the body could not be read: incorrect header check) and no cached copy exists`,
  );
  expect(server.paths).toEqual(['/corrupt.yml']);
  expect(waits).toEqual([]);
});
