// The committed dist/ bundle of resolve-persona keeps the last state it read from a `branch` store in the Actions
// cache and, when the store is unreachable, resolves from that copy with a warning: run against the REST stand-in
// (GITHUB_API_URL) and the cache service v2 of the Actions results stand-in (ACTIONS_RESULTS_URL), both on 127.0.0.1,
// with @actions/cache 6 from the shared bundle doing the real tar, Twirp and blob traffic.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// The cache client's own generated protobuf-ts types: the contract of the cache service's Twirp API.
import {
  CreateCacheEntryRequest,
  CreateCacheEntryResponse,
  FinalizeCacheEntryUploadRequest,
  FinalizeCacheEntryUploadResponse,
  GetCacheEntryDownloadURLRequest,
  GetCacheEntryDownloadURLResponse,
} from '../../node_modules/@actions/cache/lib/generated/results/api/v1/cache.js';
import { serializeState } from '../../src/switching/parse-state.js';
import { stateAt } from '../state/branch-state-store.fixtures.js';
import { ActionsResultsServer, CACHE_SERVICE, type RecordedRequest } from '../support/actions-results-server.js';
import { azureError } from '../support/actions-results-wire.js';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { runDist, type DistRun } from '../support/run-dist.js';

const server = useGitHubApiServer({});
let results: ActionsResultsServer;
beforeAll(async () => {
  results = await ActionsResultsServer.start();
});
afterAll(() => results.close());
beforeEach(() => {
  server().setRepoInfo('octo-org', 'app', { defaultBranch: 'main' });
  results.reset();
});

/** RUNNER_TEMP as a hosted runner has it: the same path in every job (the cache version hashes the cached path), emptied per job. */
const runnerTemp = path.join(mkdtempSync(path.join(os.tmpdir(), 'state-cache-runner-')), '_temp');
const newJob = () => {
  rmSync(runnerTemp, { recursive: true, force: true });
  mkdirSync(runnerTemp, { recursive: true });
};

/** Commits `state.json` at `revision`, switched to `persona`, on branch persona-state of octo-org/app. */
const seed = (revision: number, persona: string) =>
  server()
    .git('octo-org', 'app')
    .commitFiles('persona-state', { 'state.json': serializeState(stateAt(revision, `corr-${revision}`, persona)) }, `seed ${revision}`);

/** One resolve-persona step of a job on a runner with the cache service (v2). */
const resolve = (inputs: Record<string, string> = {}) =>
  runDist('resolve-persona', {
    inputs: { state: 'branch', token: 't', artifact: 'false', ...inputs },
    env: {
      GITHUB_API_URL: server().baseUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_TEMP: runnerTemp,
      ACTIONS_RESULTS_URL: results.resultsUrl,
      ACTIONS_RUNTIME_TOKEN: results.runtimeToken,
      ACTIONS_CACHE_SERVICE_V2: 'True',
      GITHUB_RUN_ID: '8001',
      GITHUB_REF: 'refs/heads/main',
    },
  });

/** A new job that reads (and so keeps) the store's current state; forgets the requests it made. */
const primeCache = async () => {
  newJob();
  const run = await resolve();
  expect(run.code).toBe(0);
  results.requests.length = 0;
  server().requests.length = 0;
};

const cacheCalls = () => results.requests.map((r) => `${r.route} ${r.response.status}`);
const ofLevel = (run: DistRun, level: string) => run.annotations.filter((a) => a.level === level);

type Json = Parameters<typeof CreateCacheEntryRequest.fromJson>[0];
const MESSAGES = {
  CreateCacheEntry: [CreateCacheEntryRequest, CreateCacheEntryResponse],
  FinalizeCacheEntryUpload: [FinalizeCacheEntryUploadRequest, FinalizeCacheEntryUploadResponse],
  GetCacheEntryDownloadURL: [GetCacheEntryDownloadURLRequest, GetCacheEntryDownloadURLResponse],
} as const;

/**
 * Reads a recorded successful Twirp exchange with the generated message types: strict `fromJson` (an unknown
 * field or a wrongly encoded value throws) and a round trip to proto-named JSON that gives the same object
 * (requests without defaults, as the client writes them; answers with every field, as a Twirp server does).
 */
function contractOf(exchange: RecordedRequest): { request: Record<string, unknown>; response: Record<string, unknown> } {
  const [requestType, responseType] = MESSAGES[exchange.route as keyof typeof MESSAGES];
  const request = requestType.fromJson(exchange.json as Json);
  expect(requestType.toJson(request as never, { useProtoFieldName: true, emitDefaultValues: false })).toEqual(exchange.json);
  const served = JSON.parse(exchange.response.body) as Json;
  const response = responseType.fromJson(served);
  expect(responseType.toJson(response as never, { useProtoFieldName: true, emitDefaultValues: true })).toEqual(served);
  return { request: request as unknown as Record<string, unknown>, response: response as unknown as Record<string, unknown> };
}

describe('resolve-persona keeps the last state read in the Actions cache', () => {
  it('saves a state once per job, and a later job saving the same state creates no second entry and does not fail', async () => {
    seed(3, 'stability');
    newJob();
    const first = await resolve();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.annotations).toEqual([]);
    expect(first.outputs).toMatchObject({ id: 'stability', source: 'state', revision: '3', 'correlation-id': 'corr-3' });
    // A lookup (a miss), then the save.
    expect(cacheCalls()).toEqual(['GetCacheEntryDownloadURL 200', 'CreateCacheEntry 200', 'blob-put 201', 'FinalizeCacheEntryUpload 200']);
    const [, create, upload, finalize] = results.requests as [RecordedRequest, RecordedRequest, RecordedRequest, RecordedRequest];
    expect(create.headers.authorization).toBe(`Bearer ${results.runtimeToken}`);
    const [entry] = results.cache.finalized;
    expect(results.cache.entries).toEqual([entry]);
    expect(entry!.key).toMatch(/^pipeline-personas-src-[0-9a-f]{16}-[0-9a-f]{16}$/);
    expect(contractOf(create).request).toEqual({ key: entry!.key, version: entry!.version });
    expect(upload.path).toBe(entry!.blobPath);
    expect(contractOf(finalize).request).toEqual({ key: entry!.key, version: entry!.version, sizeBytes: String(entry!.blob!.length) });
    expect(contractOf(finalize).response).toEqual({ ok: true, entryId: String(entry!.id), message: '' });

    // The next stage of the same job: the job remembers what it saved.
    results.requests.length = 0;
    const stage = await resolve();
    expect(stage.outputs).toMatchObject({ source: 'state', revision: '3' });
    expect(cacheCalls()).toEqual([]);

    // A later job reads the same state: one lookup finds it, nothing is archived or saved.
    newJob();
    results.requests.length = 0;
    const later = await resolve();
    expect(later.code).toBe(0);
    expect(later.annotations).toEqual([]);
    expect(later.outputs).toMatchObject({ id: 'stability', source: 'state', revision: '3' });
    expect(cacheCalls()).toEqual(['GetCacheEntryDownloadURL 200']);
    expect(results.cache.entries).toHaveLength(1);
  });

  it('resolves from the newest cached copy when the store answers 502, warning with its age and revision', async () => {
    seed(1, 'stability');
    await primeCache();
    seed(2, 'performance');
    const savedAt = Date.now();
    await primeCache();
    expect(results.cache.finalized).toHaveLength(2);
    const newest = results.cache.finalized[1]!;

    newJob();
    server().queue({ status: 502 }, 10);
    const outage = await resolve();
    expect(outage.stderr).toBe('');
    expect(outage.code).toBe(0);
    expect(outage.outputs).toMatchObject({ id: 'performance', source: 'state', revision: '2', 'correlation-id': 'corr-2' });
    expect(server().requests.map((r) => r.status)).toEqual([502, 502, 502]);
    expect(outage.annotations.map((a) => a.level)).toEqual(['warning']);
    const warning =
      /^the state store (.+) is unreachable \(HTTP 502 after 3 attempts\); using the last state this repository kept in the Actions cache \(revision 2, saved (\d+)s ago\)$/.exec(
        outage.annotations[0]!.message,
      );
    expect(warning).not.toBeNull();
    expect(warning![1]).toMatch(/octo-org\/app/);
    expect(Number(warning![2]) * 1000).toBeLessThanOrEqual(Date.now() - savedAt);

    // One lookup by the store's key prefix, answered with the newest entry, then one GET of its blob.
    expect(cacheCalls()).toEqual(['GetCacheEntryDownloadURL 200', 'blob-get 200']);
    const lookup = contractOf(results.requests[0]!);
    const prefix = newest.key.slice(0, -16);
    expect(lookup.request).toEqual({ key: prefix, restoreKeys: [prefix], version: newest.version });
    expect(lookup.response).toEqual({ ok: true, matchedKey: newest.key, signedDownloadUrl: newest.signedDownloadUrl });
    expect(results.requests[1]!.path).toBe(newest.blobPath);
  });

  it('a cache that fails to save puts no annotation on a run that succeeded', async () => {
    seed(3, 'stability');
    newJob();
    results.queue('blob', azureError(403, 'AuthenticationFailed', 'Server failed to authenticate the request.'));
    const run = await resolve();
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ id: 'stability', source: 'state', revision: '3' });
    expect(run.annotations).toEqual([]);
    expect(run.stdout).toMatch(/^::debug::/m);
    expect(results.cache.finalized).toEqual([]);
  });

  it('with cache: false the same outage fails the step: one error, nothing asked of the cache', async () => {
    seed(4, 'stability');
    await primeCache();
    newJob();
    server().queue({ status: 502 }, 10);
    const run = await resolve({ cache: 'false' });
    expect(run.code).toBe(1);
    expect(run.annotations.map((a) => a.level)).toEqual(['error']);
    expect(run.annotations[0]!.message).toMatch(/unreachable \(HTTP 502 after 3 attempts\)$/);
    expect(run.outputFile).toBe('');
    expect(cacheCalls()).toEqual([]);
  });

  it('with no cached copy the outage fails the step after one lookup', async () => {
    seed(5, 'stability');
    newJob();
    server().queue({ status: 502 }, 10);
    const run = await resolve();
    expect(run.code).toBe(1);
    expect(ofLevel(run, 'error')).toHaveLength(1);
    expect(ofLevel(run, 'warning')).toEqual([]);
    expect(run.annotations[0]!.message).toMatch(/unreachable \(HTTP 502 after 3 attempts\)$/);
    expect(run.stdout).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(cacheCalls()).toEqual(['GetCacheEntryDownloadURL 200']);
    expect(contractOf(results.requests[0]!).response).toEqual({ ok: false, signedDownloadUrl: '', matchedKey: '' });
  });

  it('a private repository that refuses the token fails closed even with a cached copy', async () => {
    seed(6, 'stability');
    await primeCache();
    server().setRepoInfo('octo-org', 'app', { private: true, tokens: ['other'] });
    newJob();
    const run = await resolve();
    expect(run.code).toBe(1);
    expect(run.annotations.map((a) => a.level)).toEqual(['error']);
    expect(run.annotations[0]!.message).toMatch(/contents: read/);
    expect(run.outputFile).toBe('');
    expect(cacheCalls()).toEqual([]); // a refusal is no outage: the copy is not even looked up
  });
});

describe('the cache service stand-in', () => {
  const call = async (method: string, body: unknown, token = results.runtimeToken) => {
    const response = await fetch(`${results.resultsUrl}twirp/${CACHE_SERVICE}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** Reserves, uploads (Put Blob) and finalizes one entry. */
  const save = async (key: string, version: string, data: string) => {
    const created = await call('CreateCacheEntry', { key, version });
    const put = await fetch(String(created.body.signed_upload_url), { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: data });
    expect(put.status).toBe(201);
    return call('FinalizeCacheEntryUpload', { key, version, size_bytes: String(Buffer.byteLength(data)) });
  };
  const lookup = async (key: string, restoreKeys: string[], version = 'v1') => {
    const { body } = await call('GetCacheEntryDownloadURL', { key, restore_keys: restoreKeys, version });
    return body.ok ? [body.matched_key, await (await fetch(String(body.signed_download_url))).text()] : [];
  };

  it('matches as GitHub documents: exact key, then the key as a prefix, then restore keys, newest first, same version only', async () => {
    await save('deps-a-1', 'v1', 'one');
    await save('deps-a-2', 'v1', 'two');
    await save('deps-b-1', 'v1', 'three');
    await save('deps-a-3', 'v2', 'other version');
    expect(await lookup('deps-a-1', ['deps-'])).toEqual(['deps-a-1', 'one']);
    expect(await lookup('deps-a-', [])).toEqual(['deps-a-2', 'two']);
    expect(await lookup('none', ['nothing-', 'deps-'])).toEqual(['deps-b-1', 'three']);
    expect(await lookup('deps-a-3', ['deps-a-'], 'v2')).toEqual(['deps-a-3', 'other version']);
    expect(await lookup('deps-a-3', [], 'v3')).toEqual([]);
  });

  it('refuses what the real service refuses', async () => {
    expect((await save('k', 'v1', 'data')).status).toBe(200);
    expect(await call('CreateCacheEntry', { key: 'k', version: 'v1' })).toMatchObject({ status: 409, body: { code: 'already_exists' } });
    expect(await call('CreateCacheEntry', { key: 'k', version: 'v1' }, 'forged')).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    const reserved = await call('CreateCacheEntry', { key: 'k2', version: 'v1' });
    expect(await call('FinalizeCacheEntryUpload', { key: 'k2', version: 'v1', size_bytes: '1' })).toMatchObject({ status: 412 });
    await fetch(String(reserved.body.signed_upload_url), { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'abc' });
    expect(await call('FinalizeCacheEntryUpload', { key: 'k2', version: 'v1', size_bytes: '4' })).toMatchObject({
      status: 400,
      body: { code: 'invalid_argument' },
    });
    expect(await call('GetCacheEntryDownloadURL', { key: 'k2', version: 'v1' })).toMatchObject({ body: { ok: false } }); // not finalized: invisible
    const download = new URL(String((await call('GetCacheEntryDownloadURL', { key: 'k', version: 'v1' })).body.signed_download_url));
    download.searchParams.set('sig', 'forged');
    expect((await fetch(download)).status).toBe(403);
  });
});
