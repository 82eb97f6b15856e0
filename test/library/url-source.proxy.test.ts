import nock from 'nock';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { createNodeTransport } from '../../src/library/http-transport.js';
import { parseDocuments } from '../../src/library/persona-source.js';
import { InMemoryRemoteCache } from '../../src/library/remote-cache.js';
import { UrlSource } from '../../src/library/url-source.js';
import { ConnectProxy } from '../github/connect-proxy.js';
import { StandInHttpServer } from '../support/stand-in-http-server.js';
import { TEST_TLS_CERT, TEST_TLS_KEY } from '../support/test-tls.js';

/*
 * https:// sources go through HTTPS_PROXY (a CONNECT tunnel) unless NO_PROXY
 * names the host, as the toolkit decides for the runner. The proxy tunnels
 * every CONNECT to an https stand-in on 127.0.0.1 that presents a test
 * certificate for personas.example.test.
 */

const URL_ = 'https://personas.example.test/team.yml';
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
let target: StandInHttpServer;
let proxy: ConnectProxy;
const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  // Left active on purpose: an interceptor patched into node:http (as an earlier test file of this worker may leave) must not break the tunnel.
  nock.enableNetConnect();
  // Loads the YAML parser once, so the first case is not slowed by it.
  await parseDocuments('warm-up', [{ file: 'warm-up.yml', text: 'name: Warm\n' }]);
  target = await StandInHttpServer.start((_req, res) => void res.writeHead(200).end('name: Proxied Team\nrisk_tolerance: low\n'), {
    cert: TEST_TLS_CERT,
    key: TEST_TLS_KEY,
  });
  proxy = await ConnectProxy.start(target.port);
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  await proxy.close();
  await target.close();
});
beforeEach(() => {
  for (const name of PROXY_VARIABLES) delete process.env[name];
  proxy.connects.length = 0;
  target.paths.length = 0;
});

function source(): UrlSource {
  const timing = { now: () => 0, sleep: async () => undefined, random: () => 1 };
  return new UrlSource({
    url: URL_,
    cache: new InMemoryRemoteCache(),
    logger: new MemoryLogger(),
    transport: createNodeTransport({ ca: TEST_TLS_CERT }),
    timing,
  });
}

it('tunnels an https source through HTTPS_PROXY, verifying the certificate of the real host', async () => {
  process.env.HTTPS_PROXY = proxy.url;
  const result = await source().load();
  expect(result.definitions.map((d) => d.definition.id)).toEqual(['proxied-team']);
  expect(proxy.connects).toEqual(['personas.example.test:443']);
  expect(target.paths).toEqual(['/team.yml']);
});

it('connects directly to a host named in NO_PROXY', async () => {
  process.env.HTTPS_PROXY = proxy.url;
  process.env.NO_PROXY = 'other.test,.example.test';
  const error = await source()
    .load()
    .catch((e: unknown) => e);
  // The stand-in host does not resolve: the direct attempt fails, and no tunnel was asked for.
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toMatch(/^library source https:\/\/personas\.example\.test\/team\.yml is unreachable \(.*ENOTFOUND.*\)/);
  expect(proxy.connects).toEqual([]);
});

it('never proxies a loopback source', async () => {
  process.env.HTTPS_PROXY = proxy.url;
  process.env.HTTP_PROXY = proxy.url;
  const timing = { now: () => 0, sleep: async () => undefined, random: () => 1 };
  const direct = new UrlSource({
    url: `https://localhost:${target.port}/team.yml`,
    cache: new InMemoryRemoteCache(),
    logger: new MemoryLogger(),
    timing,
    transport: createNodeTransport({ ca: TEST_TLS_CERT }),
  });
  // The certificate names personas.example.test, so the direct connection reaches the stand-in and fails its TLS check.
  const error = await direct.load().catch((e: unknown) => e);
  expect((error as Error).message).toMatch(/unreachable \(.*(altnames|certificate).*\)/i);
  expect(proxy.connects).toEqual([]);
  expect(target.paths).toEqual([]);
});
