import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
// The client's own generated protobuf-ts types: the contract of the results
// service's Twirp API (GitHub publishes no schema for it). Imported by path:
// @actions/artifact exports only its top-level module.
import {
  CreateArtifactRequest,
  CreateArtifactResponse,
  FinalizeArtifactRequest,
  FinalizeArtifactResponse,
} from '../../node_modules/@actions/artifact/lib/generated/index.js';
import {
  ActionsResultsServer,
  azureError,
  twirpError,
  type CreateArtifactRequestJson,
  type CreateArtifactResponseJson,
  type FinalizeArtifactRequestJson,
  type FinalizeArtifactResponseJson,
  type RecordedRequest,
} from '../support/actions-results-server.js';
import { runDist, type DistRun } from '../support/run-dist.js';
import { readZip } from '../support/zip-reader.js';

/*
 * Compile-time half of the contract check: the stand-in's wire types have
 * exactly the fields of the generated messages (proto names ↔ camelCase).
 * The run-time half (names, JSON encodings) is in contractOf() below.
 */
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type SameKeys<Wire, Message> = [Camel<keyof Wire & string>] extends [keyof Message]
  ? [keyof Message] extends [Camel<keyof Wire & string>]
    ? true
    : false
  : false;
const wireMatchesGenerated: [
  SameKeys<CreateArtifactRequestJson, CreateArtifactRequest>,
  SameKeys<CreateArtifactResponseJson, CreateArtifactResponse>,
  SameKeys<FinalizeArtifactRequestJson, FinalizeArtifactRequest>,
  SameKeys<FinalizeArtifactResponseJson, FinalizeArtifactResponse>,
] = [true, true, true, true];

const OUTPUTS = ['cohort', 'constraints', 'correlation-id', 'goals', 'id', 'name', 'persona', 'revision', 'risk-tolerance', 'source'];

type Json = Parameters<typeof CreateArtifactRequest.fromJson>[0];

/**
 * Reads a recorded Twirp exchange with the client's generated message types:
 * strict `fromJson` (an unknown field or a wrongly encoded value throws), and
 * a round trip back to proto-named JSON that must give the same object, so
 * every field has the name and encoding the generated code uses. Requests
 * are compared as the client writes them (defaults left out), responses as a
 * Twirp server writes them (every field).
 */
function contractOf(exchange: RecordedRequest) {
  const served = JSON.parse(exchange.response.body) as Json;
  if (exchange.route === 'CreateArtifact') {
    const request = CreateArtifactRequest.fromJson(exchange.json as Json);
    expect(CreateArtifactRequest.toJson(request, { useProtoFieldName: true, emitDefaultValues: false })).toEqual(exchange.json);
    const response = CreateArtifactResponse.fromJson(served);
    expect(CreateArtifactResponse.toJson(response, { useProtoFieldName: true, emitDefaultValues: true })).toEqual(served);
    return { request, response };
  }
  if (exchange.route === 'FinalizeArtifact') {
    const request = FinalizeArtifactRequest.fromJson(exchange.json as Json);
    expect(FinalizeArtifactRequest.toJson(request, { useProtoFieldName: true, emitDefaultValues: false })).toEqual(exchange.json);
    const response = FinalizeArtifactResponse.fromJson(served);
    expect(FinalizeArtifactResponse.toJson(response, { useProtoFieldName: true, emitDefaultValues: true })).toEqual(served);
    return { request, response };
  }
  throw new Error(`not a Twirp exchange: ${exchange.route}`);
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const warnings = (run: DistRun) => run.annotations.filter((a) => a.level !== 'notice');

describe('resolve-persona uploads the persona artifact (bundle → local Actions results service on 127.0.0.1)', () => {
  let service: ActionsResultsServer;

  beforeAll(async () => {
    service = await ActionsResultsServer.start();
  });
  afterAll(async () => {
    await service.close();
  });
  beforeEach(() => service.reset());

  /** What the runner gives a job step, pointed at the stand-in. */
  const actionsEnv = (): Record<string, string> => ({
    ACTIONS_RUNTIME_TOKEN: service.runtimeToken,
    ACTIONS_RESULTS_URL: service.resultsUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'persona',
    // A stalled blob upload fails after 10 s instead of the client's 5 minutes.
    ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS: '10000',
  });
  const resolve = (inputs: Record<string, string>, env = actionsEnv()) => runDist('resolve-persona', { inputs: { persona: 'security-first', ...inputs }, env });

  it('creates the artifact, puts the zip as Azure blocks and finalizes it with its size and sha256', async () => {
    expect(wireMatchesGenerated).toEqual([true, true, true, true]);
    const run = await resolve({ artifact: 'true' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(warnings(run)).toEqual([]);
    expect(run.outputs.id).toBe('security-first');

    expect(service.requests.map((r) => `${r.route} ${r.response.status}`)).toEqual([
      'CreateArtifact 200',
      'blob-block 201',
      'blob-blocklist 201',
      'FinalizeArtifact 200',
    ]);
    const [create, block, blockList, finalize] = service.requests as [RecordedRequest, RecordedRequest, RecordedRequest, RecordedRequest];

    // Twirp: the runtime token as bearer, the backend ids from its scp claim.
    for (const twirp of [create, finalize]) {
      expect(twirp.method).toBe('POST');
      expect(twirp.headers.authorization).toBe(`Bearer ${service.runtimeToken}`);
      expect(twirp.headers['content-type']).toBe('application/json');
      expect(twirp.headers['user-agent']).toMatch(/^@actions\/artifact-\d/);
    }
    const ids = { workflow_run_backend_id: service.workflowRunBackendId, workflow_job_run_backend_id: service.workflowJobRunBackendId };
    expect(create.json).toEqual({ ...ids, name: 'persona', version: 7, mime_type: 'application/zip' });
    const created = contractOf(create);
    expect(created.request).toEqual<CreateArtifactRequest>({
      workflowRunBackendId: service.workflowRunBackendId,
      workflowJobRunBackendId: service.workflowJobRunBackendId,
      name: 'persona',
      version: 7,
      mimeType: { value: 'application/zip' },
    });
    const artifact = service.artifacts.get(`${service.workflowRunBackendId}/persona`)!;
    expect(created.response).toEqual<CreateArtifactResponse>({ ok: true, signedUploadUrl: artifact.signedUploadUrl });
    // The client masks the SAS signature of the URL it was handed.
    expect(run.stdout).toContain(`::add-mask::${new URL(artifact.signedUploadUrl).searchParams.get('sig')}`);

    // Azure Blob: Put Block then Put Block List on the signed URL, the SAS as the only credential.
    for (const put of [block, blockList]) {
      expect(put.method).toBe('PUT');
      expect(put.path).toBe(artifact.blobPath);
      expect(put.query).toMatchObject(Object.fromEntries(new URL(artifact.signedUploadUrl).searchParams));
      expect(put.headers.authorization).toBeUndefined();
      expect(put.headers['x-ms-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(block.query.comp).toBe('block');
    expect(blockList.query.comp).toBe('blocklist');
    expect(blockList.body.toString()).toBe(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><BlockList><Latest>${block.query.blockid}</Latest></BlockList>`,
    );
    expect(artifact.blobContentType).toBe('application/zip');

    // The blob is a zip holding exactly persona.json: the file written to RUNNER_TEMP, equal to the `persona` output.
    const blob = artifact.blob!;
    expect(blob).toEqual(block.body);
    const entries = readZip(blob);
    expect(entries.map((e) => e.name)).toEqual(['persona.json']);
    const file = readFileSync(path.join(run.runnerTemp, 'persona', 'persona.json'));
    expect(entries[0]!.data).toEqual(file);
    expect(JSON.parse(entries[0]!.data.toString('utf8'))).toEqual(JSON.parse(run.outputs.persona!));

    expect(finalize.json).toEqual({ ...ids, name: 'persona', size: String(blob.length), hash: `sha256:${sha256(blob)}` });
    const finalized = contractOf(finalize);
    expect(finalized.request).toEqual<FinalizeArtifactRequest>({
      workflowRunBackendId: service.workflowRunBackendId,
      workflowJobRunBackendId: service.workflowJobRunBackendId,
      name: 'persona',
      size: String(blob.length),
      hash: { value: `sha256:${sha256(blob)}` },
    });
    expect(finalized.response).toEqual<FinalizeArtifactResponse>({ ok: true, artifactId: String(artifact.id) });
    expect(artifact.finalized).toEqual({ size: String(blob.length), hash: `sha256:${sha256(blob)}` });
    expect(run.stdout).toContain(`Artifact persona successfully finalized. Artifact ID ${artifact.id}`);
  });

  describe('a failed upload is a warning: exit 0, every output set', () => {
    /** `message` is the error's message, or a pattern for it. */
    const expectWarnedOnly = (run: DistRun, message: string | RegExp) => {
      expect(run.code).toBe(0);
      const prefix = 'could not upload the "persona" artifact: ';
      expect(warnings(run)).toEqual([
        {
          level: 'warning',
          properties: {},
          message: typeof message === 'string' ? prefix + message : expect.stringMatching(new RegExp(`^${prefix}${message.source}`)),
        },
      ]);
      expect(Object.keys(run.outputs).sort()).toEqual(OUTPUTS);
      expect(run.outputs.id).toBe('security-first');
      expect(JSON.parse(readFileSync(path.join(run.runnerTemp, 'persona', 'persona.json'), 'utf8'))).toEqual(JSON.parse(run.outputs.persona!));
      expect(run.summary).toContain('## Persona: Security First');
    };

    it('CreateArtifact answers a Twirp error (409 already_exists, not retried)', async () => {
      service.queue('CreateArtifact', twirpError('already_exists', 'an artifact with this name already exists on the workflow run'));
      const run = await resolve({ artifact: 'true' });
      expectWarnedOnly(
        run,
        'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run',
      );
      expect(service.requests.map((r) => `${r.route} ${r.response.status}`)).toEqual(['CreateArtifact 409']);
      expect(() => contractOf(service.requests[0]!)).toThrow(); // an error body is no CreateArtifactResponse
    });

    it('CreateArtifact answers 200 with ok: false', async () => {
      service.queue('CreateArtifact', { status: 200, body: { ok: false, signed_upload_url: '' } satisfies CreateArtifactResponseJson });
      const run = await resolve({ artifact: 'true' });
      expectWarnedOnly(run, 'CreateArtifact: response from backend was not ok');
      expect(service.requests.map((r) => r.route)).toEqual(['CreateArtifact']);
      expect(contractOf(service.requests[0]!).response).toEqual({ ok: false, signedUploadUrl: '' });
    });

    it('blob storage refuses the signed URL (403 AuthenticationFailed): nothing is finalized', async () => {
      service.queue('blob', azureError(403, 'AuthenticationFailed', 'Server failed to authenticate the request.'));
      const run = await resolve({ artifact: 'true' });
      expectWarnedOnly(run, /Server failed to authenticate the request\.\nRequestId:[0-9a-f-]{36}\nTime:/);
      expect(service.requests.map((r) => `${r.route} ${r.response.status}`)).toEqual(['CreateArtifact 200', 'blob-block 403']);
      expect(service.artifacts.get(`${service.workflowRunBackendId}/persona`)!.finalized).toBeUndefined();
    });

    it('a 500 from CreateArtifact is retried (the client waits 3 s, not configurable) and then succeeds', async () => {
      service.queue('CreateArtifact', twirpError('internal', 'transient failure'));
      const run = await resolve({ artifact: 'true' });
      expect(run.code).toBe(0);
      expect(warnings(run)).toEqual([]);
      expect(run.stdout).toContain(
        'Attempt 1 of 5 failed with error: Failed request: (500) Internal Server Error: transient failure. Retrying request in 3000 ms...',
      );
      expect(service.requests.map((r) => `${r.route} ${r.response.status}`)).toEqual([
        'CreateArtifact 500',
        'CreateArtifact 200',
        'blob-block 201',
        'blob-blocklist 201',
        'FinalizeArtifact 200',
      ]);
    });
  });

  it.each([
    ['artifact is false', { artifact: 'false' }, () => actionsEnv()],
    ['there is no ACTIONS_RUNTIME_TOKEN', { artifact: 'true' }, () => ({ ...actionsEnv(), ACTIONS_RUNTIME_TOKEN: '' })],
  ])('sends nothing to the service when %s', async (_, inputs, env) => {
    const run = await resolve(inputs, env());
    expect(run.code).toBe(0);
    expect(warnings(run)).toEqual([]);
    expect(Object.keys(run.outputs).sort()).toEqual(OUTPUTS);
    expect(readFileSync(path.join(run.runnerTemp, 'persona', 'persona.json'), 'utf8')).toBe(`${JSON.stringify(JSON.parse(run.outputs.persona!), null, 2)}\n`);
    expect(service.requests).toEqual([]);
  });
});
