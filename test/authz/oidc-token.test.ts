import { createHmac } from 'node:crypto';
import { jest } from '@jest/globals';
import { JwksClient } from '../../src/authz/jwks.js';
import { DEFAULT_OIDC_AUDIENCE, requestOidcProof } from '../../src/authz/oidc-token.js';
import { createNodeTransport, type HttpTransport } from '../../src/library/http-transport.js';
import { signJwt, standInKey, TOKEN_PATH, useOidcStandIn } from '../support/oidc-stand-in.js';
import { T0, testOptions, userError } from './oidc-fixtures.js';

const standIn = useOidcStandIn();
beforeEach(() => {
  standIn().clock = () => T0;
});

const prove = (env = standIn().env(), extra = {}) => requestOidcProof(env, testOptions(extra));
const refusal = async (env = standIn().env(), extra = {}) => (await userError(prove(env, extra))).message;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('requestOidcProof: a valid token', () => {
  it('gives the claims authorisation reads, after checking them against the issuer of GITHUB_SERVER_URL', async () => {
    expect(await prove()).toEqual({
      environment: 'production',
      job_workflow_ref: 'octo-org/app/.github/workflows/persona-switch.yml@refs/heads/main',
      repository: 'octo-org/app',
      actor: 'octocat',
      ref: 'refs/heads/main',
      sub: 'repo:octo-org/app:environment:production',
      run_id: '4242',
    });
    const [token, jwks] = standIn().requests;
    expect(token).toEqual({
      endpoint: 'token',
      path: TOKEN_PATH,
      query: { 'api-version': '2.0', audience: DEFAULT_OIDC_AUDIENCE },
      authorization: `Bearer ${standIn().requestToken}`,
    });
    expect(jwks?.path).toBe('/_services/token/.well-known/jwks');
    expect(standIn().requests).toHaveLength(2);
  });

  it('asks for the audience given, and leaves out claims the token does not have', async () => {
    standIn().claims = { environment: undefined, job_workflow_ref: undefined, sub: 'repo:octo-org/app:ref:refs/heads/main' };
    expect(await prove(standIn().env(), { audience: 'https://example.com/a b' })).toEqual({
      repository: 'octo-org/app',
      actor: 'octocat',
      ref: 'refs/heads/main',
      sub: 'repo:octo-org/app:ref:refs/heads/main',
      run_id: '4242',
    });
    expect(standIn().requests[0]?.query.audience).toBe('https://example.com/a b');
  });

  it('accepts times within a minute of skew, and an audience list that includes ours', async () => {
    standIn().clock = () => T0 + 50_000;
    standIn().claims = { aud: ['other', DEFAULT_OIDC_AUDIENCE], exp: (T0 - 30_000) / 1000 };
    expect((await prove()).repository).toBe('octo-org/app');
  });

  it('fetches the key set once for a shared client, and again when a token names a key it lacks (rotation)', async () => {
    const { timing } = testOptions();
    const jwks = new JwksClient({ issuer: standIn().issuer, timing });
    await requestOidcProof(standIn().env(), { timing, jwks });
    await requestOidcProof(standIn().env(), { timing, jwks });
    expect(standIn().requests.filter((r) => r.endpoint === 'jwks')).toHaveLength(1);
    standIn().published = [standInKey('stand-in-1'), standInKey('stand-in-2')];
    standIn().signingKey = standInKey('stand-in-2');
    expect((await requestOidcProof(standIn().env(), { timing, jwks })).sub).toBe('repo:octo-org/app:environment:production');
    expect(standIn().requests.filter((r) => r.endpoint === 'jwks')).toHaveLength(2);
  });
});

describe('requestOidcProof: a token that does not prove the job', () => {
  it('refuses a signature made with another key under the published key id, a cut signature and altered claims', async () => {
    standIn().signingKey = { ...standInKey('impostor'), kid: 'stand-in-1' };
    expect(await refusal()).toBe(`the job's OIDC token was refused: its signature does not match the key "stand-in-1"`);
    standIn().reset();
    standIn().clock = () => T0;
    const genuine = signJwt(standIn().tokenClaims(DEFAULT_OIDC_AUDIENCE), standInKey('stand-in-1'));
    standIn().forge = () => genuine.replace(/\.[^.]+$/, '.AAAA');
    expect(await refusal()).toBe(`the job's OIDC token was refused: its signature does not match the key "stand-in-1"`);
    const [head, , signature] = genuine.split('.');
    standIn().forge = () => `${head}.${b64({ ...standIn().tokenClaims(DEFAULT_OIDC_AUDIENCE), environment: 'production-eu' })}.${signature}`;
    expect(await refusal()).toBe(`the job's OIDC token was refused: its signature does not match the key "stand-in-1"`);
  });

  it('refuses a key id the issuer does not publish', async () => {
    standIn().signingKey = standInKey('rogue');
    expect(await refusal()).toBe(`the job's OIDC token is signed with the key id "rogue", which the issuer ${standIn().issuer} does not publish: refused`);
  });

  it("refuses another issuer, even github.com's, when GITHUB_SERVER_URL names this server", async () => {
    standIn().claims = { iss: 'https://token.actions.githubusercontent.com' };
    expect(await refusal()).toBe(`the job's OIDC token was refused: it was issued by "https://token.actions.githubusercontent.com", not ${standIn().issuer}`);
  });

  it('refuses a token for another audience', async () => {
    standIn().claims = { aud: 'sts.amazonaws.com' };
    expect(await refusal()).toBe(`the job's OIDC token was refused: its audience is "sts.amazonaws.com", not "pipeline-personas"`);
  });

  it('refuses an expired token and one not valid yet, naming the times', async () => {
    standIn().claims = { exp: (T0 - 61_000) / 1000 };
    expect(await refusal()).toBe(`the job's OIDC token was refused: it expired at 2026-01-01T09:58:59.000Z (now 2026-01-01T10:00:00.000Z)`);
    standIn().claims = { nbf: (T0 + 120_000) / 1000 };
    expect(await refusal()).toBe(`the job's OIDC token was refused: it is not valid before 2026-01-01T10:02:00.000Z (now 2026-01-01T10:00:00.000Z)`);
    standIn().claims = { iat: (T0 + 120_000) / 1000 };
    expect(await refusal()).toMatch(/it was issued in the future, at 2026-01-01T10:02:00.000Z/);
    standIn().claims = { exp: undefined };
    expect(await refusal()).toBe(`the job's OIDC token was refused: it has no expiry ("exp")`);
  });

  it('refuses a token of another repository than GITHUB_REPOSITORY', async () => {
    standIn().claims = { repository: 'octo-org/fork' };
    expect(await refusal()).toBe(`the job's OIDC token was refused: it was issued to the repository "octo-org/fork", not "octo-org/app" (GITHUB_REPOSITORY)`);
  });

  it('refuses alg none, with or without a signature part', async () => {
    const unsigned = `${b64({ alg: 'none', kid: 'stand-in-1' })}.${b64(standIn().tokenClaims(DEFAULT_OIDC_AUDIENCE))}`;
    standIn().forge = () => `${unsigned}.`;
    expect(await refusal()).toBe(`the job's OIDC token was refused: it is not a signed JWT (three base64url parts)`);
    standIn().forge = () => `${unsigned}.AAAA`;
    expect(await refusal()).toBe(`the job's OIDC token was refused: it uses the algorithm "none"; only RS256 is accepted`);
  });

  it('refuses HS256 signed with the public key as the secret (key confusion)', async () => {
    const head = `${b64({ alg: 'HS256', kid: 'stand-in-1' })}.${b64(standIn().tokenClaims(DEFAULT_OIDC_AUDIENCE))}`;
    const secret = JSON.stringify(standInKey('stand-in-1').jwk);
    standIn().forge = () => `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
    expect(await refusal()).toBe(`the job's OIDC token was refused: it uses the algorithm "HS256"; only RS256 is accepted`);
  });

  it('refuses a claim of the wrong type and a token without a subject', async () => {
    standIn().claims = { environment: ['production'] };
    expect(await refusal()).toBe(`the job's OIDC token was refused: its "environment" claim is not a string`);
    standIn().claims = { sub: undefined };
    expect(await refusal()).toBe(`the job's OIDC token was refused: it has no subject ("sub")`);
  });
});

describe('requestOidcProof: the environment and the network', () => {
  it('without id-token: write (no request variables) says what the job needs, and sends nothing', async () => {
    for (const missing of ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
      const message = await refusal(standIn().env({ [missing]: undefined }));
      expect(message).toMatch(
        /^the job's OIDC token is not available \(no ACTIONS_ID_TOKEN_REQUEST_URL\/TOKEN\): the job needs `permissions: id-token: write`/,
      );
      expect(message).toMatch(/protected persona/);
    }
    expect(await refusal(standIn().env({ GITHUB_REPOSITORY: undefined }))).toMatch(/^GITHUB_REPOSITORY is not set/);
    expect(standIn().requests).toEqual([]);
  });

  it('a refused token request names the permission', async () => {
    expect(await refusal(standIn().env({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'stale' }))).toMatch(
      /^the OIDC token endpoint 127\.0\.0\.1:\d+ refused the request \(HTTP 401 Unauthorized\): the job needs `permissions: id-token: write`/,
    );
  });

  it('retries 500s with backoff, then succeeds', async () => {
    standIn().queue('token', { status: 500 }, 2);
    const options = testOptions();
    expect((await requestOidcProof(standIn().env(), options)).repository).toBe('octo-org/app');
    expect(options.waits).toEqual([1000, 2000]);
    expect(standIn().requests.filter((r) => r.endpoint === 'token')).toHaveLength(3);
  });

  it('gives up after three attempts with a clear error, and retries the key set too', async () => {
    standIn().queue('token', { status: 503 }, 3);
    expect(await refusal()).toMatch(/^the OIDC token endpoint 127\.0\.0\.1:\d+ is unreachable \(HTTP 503 Service Unavailable after 3 attempts\)$/);
    standIn().requests.length = 0;
    standIn().queue('jwks', { status: 502 });
    expect((await prove()).sub).toBe('repo:octo-org/app:environment:production');
    expect(standIn().requests.map((r) => r.endpoint)).toEqual(['token', 'jwks', 'jwks']);
  });

  it('a hanging token endpoint times out within the budget', async () => {
    standIn().queue('token', { hang: true });
    const started = Date.now();
    expect(await refusal(standIn().env(), { timeoutMs: 200 })).toMatch(
      /^the OIDC token endpoint 127\.0\.0\.1:\d+ is unreachable \(timed out after 200 ms; no attempt fits in what is left of the 200 ms budget\)$/,
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('an oversize answer is refused after 64 KiB', async () => {
    standIn().queue('token', { body: JSON.stringify({ value: 'x'.repeat(100 * 1024) }) });
    expect(await refusal()).toMatch(/^the OIDC token endpoint 127\.0\.0\.1:\d+ sent more than 64 KiB, so reading stopped there: refused$/);
  });

  it('an answer that is not a token is refused', async () => {
    standIn().queue('token', { body: { value: 42 } });
    expect(await refusal()).toMatch(/answered without a token \("value"\)$/);
    standIn().queue('token', { body: '<html>' });
    expect(await refusal()).toMatch(/did not answer with JSON$/);
  });

  it('sends the request through the injected transport, never following a redirect', async () => {
    const real = createNodeTransport();
    const transport = jest.fn<HttpTransport>((url, init) => real(url, init));
    standIn().queue('token', { status: 302, headers: { location: 'https://elsewhere.example/' } });
    expect(await refusal(standIn().env(), { transport })).toMatch(/answered HTTP 302 Found \(a redirect, which is not followed\)$/);
    expect(transport).toHaveBeenCalledTimes(1);
  });
});
