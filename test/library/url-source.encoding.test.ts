import { createHash } from 'node:crypto';
import { jest } from '@jest/globals';
import nock from 'nock';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { digestDocuments, InMemoryRemoteCache } from '../../src/library/remote-cache.js';
import { UrlSource } from '../../src/library/url-source.js';

const HOST = 'https://personas.example.test';
const FILE = '/team/remote.yml';
const URL_ = `${HOST}${FILE}`;
const PERSONA = 'name: Remote Café\nrisk_tolerance: low\n';
const LATIN1 = Buffer.from(PERSONA, 'latin1');
const UTF16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PERSONA, 'utf16le')]);

/** A source whose cache holds a good copy of the file, fetched three hours earlier. */
async function setup(url = URL_) {
  const logger = new MemoryLogger();
  const cache = new InMemoryRemoteCache();
  const documents = [{ file: URL_, text: PERSONA }];
  await cache.save(URL_, { documents, digest: digestDocuments(documents), fetchedAt: '2024-05-01T10:00:00.000Z' });
  const saves = jest.spyOn(cache, 'save');
  const source = new UrlSource({ url, cache, logger, now: () => new Date('2024-05-01T13:00:00.000Z') });
  return { source, logger, saves };
}

async function failure(source: UrlSource): Promise<string> {
  const error = await source.load().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as Error).message;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  // Unpatches node:http for the test files this worker runs next.
  nock.restore();
});

describe('UrlSource: text encoding', () => {
  it('fails on a body that is not UTF-8, naming the URL, never masked by the cached copy and saving nothing', async () => {
    nock(HOST).get(FILE).reply(200, LATIN1);
    const { source, logger, saves } = await setup();
    expect(await failure(source)).toBe(`${URL_}: not UTF-8 text (persona files must be UTF-8)`);
    expect(logger.messages('warning')).toEqual([]);
    expect(saves).not.toHaveBeenCalled();
  });

  it('says so when the body is UTF-16', async () => {
    nock(HOST).get(FILE).reply(200, UTF16);
    const { source } = await setup();
    expect(await failure(source)).toBe(`${URL_}: is UTF-16; save it as UTF-8`);
  });

  it('reports the encoding, not a pin mismatch, when the pin is that of the bytes served', async () => {
    nock(HOST).get(FILE).reply(200, LATIN1);
    const { source } = await setup(`${URL_}#sha256=${createHash('sha256').update(LATIN1).digest('hex')}`);
    expect(await failure(source)).toBe(`${URL_}: not UTF-8 text (persona files must be UTF-8)`);
  });
});
