/**
 * Hostile proofs of identity: a workflow step controls the environment of
 * the steps after it (`env:`), so the token request URL, the token server
 * and everything the token says are untrusted until the signature checks out
 * against the issuer derived from GITHUB_SERVER_URL. Each case is a clear
 * ConfigurationError in bounded time, with nothing believed.
 */
import { jest } from '@jest/globals';
import { readPolicyFile } from '../../src/authz/read-policy-file.js';
import { DEFAULT_OIDC_AUDIENCE, requestOidcProof } from '../../src/authz/oidc-token.js';
import { createGitHubClient } from '../../src/github/github-client.js';
import type { HttpTransport } from '../../src/library/http-transport.js';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { OidcStandIn, signJwt, standInKey, useOidcStandIn } from '../support/oidc-stand-in.js';
import { T0, testOptions, userError } from '../authz/oidc-fixtures.js';

const real = useOidcStandIn();
const github = useGitHubApiServer({});
let attacker: OidcStandIn;
beforeAll(async () => {
  attacker = await OidcStandIn.start();
});
afterAll(() => attacker.close());
beforeEach(() => {
  attacker.reset();
  real().clock = () => T0;
  attacker.clock = () => T0;
});

const refusal = async (env: Record<string, string | undefined>, extra = {}) => (await userError(requestOidcProof(env, testOptions(extra)))).message;

describe('hostile OIDC proofs', () => {
  it('a step pointing ACTIONS_ID_TOKEN_REQUEST_URL at its own token server, signing with its own key, is refused', async () => {
    // The attacker copies every claim of a real production token, the real issuer included, and publishes its key under the real key id.
    attacker.published = [{ ...standInKey('attacker'), kid: 'stand-in-1' }];
    attacker.signingKey = attacker.published[0]!;
    attacker.claims = { iss: real().issuer, environment: 'production' };
    const env = real().env({ ACTIONS_ID_TOKEN_REQUEST_URL: attacker.env().ACTIONS_ID_TOKEN_REQUEST_URL });
    expect(await refusal(env)).toBe(`the job's OIDC token was refused: its signature does not match the key "stand-in-1"`);
    // The keys were fetched from the issuer of GITHUB_SERVER_URL, never from the server that sent the token.
    expect(real().requests.map((r) => r.endpoint)).toEqual(['jwks']);
    expect(attacker.requests.map((r) => r.endpoint)).toEqual(['token']);
  });

  it('keys a token names itself (jwk, jku, x5u) are never used or fetched', async () => {
    const rogue = standInKey('rogue');
    real().forge = (audience) =>
      signJwt(real().tokenClaims(audience), rogue, {
        jwk: rogue.jwk,
        jku: `${attacker.origin}/_services/token/.well-known/jwks`,
        x5u: `${attacker.origin}/x5u`,
      });
    expect(await refusal(real().env())).toBe(
      `the job's OIDC token is signed with the key id "rogue", which the issuer ${real().issuer} does not publish: refused`,
    );
    expect(attacker.requests).toEqual([]);
  });

  it('plain http to a remote token server is refused before the runtime bearer is sent anywhere', async () => {
    const transport = jest.fn<HttpTransport>();
    const env = real().env({ ACTIONS_ID_TOKEN_REQUEST_URL: 'http://collector.example/idtoken?api-version=2.0' });
    expect(await refusal(env, { transport })).toBe(
      `the OIDC token endpoint collector.example uses http:// to a host that is not loopback: refused, so the job's identity cannot be proved`,
    );
    expect(transport).not.toHaveBeenCalled();
  });

  it('an endless token body is cut at 64 KiB, in bounded time', async () => {
    attacker.queue('token', { endless: Buffer.alloc(64 * 1024, 'a') });
    const started = performance.now();
    const env = real().env({ ACTIONS_ID_TOKEN_REQUEST_URL: attacker.env().ACTIONS_ID_TOKEN_REQUEST_URL });
    expect(await refusal(env)).toMatch(/^the OIDC token endpoint 127\.0\.0\.1:\d+ sent more than 64 KiB, so reading stopped there: refused$/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('an oversize token and a token of one huge part are refused before any key is fetched', async () => {
    real().forge = () => `${'a'.repeat(20_000)}.b.c`;
    expect(await refusal(real().env())).toBe(`the job's OIDC token was refused: it is not a signed JWT (three base64url parts)`);
    real().forge = () => 'a.b.c.d';
    expect(await refusal(real().env())).toBe(`the job's OIDC token was refused: it is not a signed JWT (three base64url parts)`);
    expect(real().requests.some((r) => r.endpoint === 'jwks')).toBe(false);
  });

  it('a validly signed token whose repository hides under __proto__ is refused, not inherited', async () => {
    const claims = real().tokenClaims(DEFAULT_OIDC_AUDIENCE);
    delete claims.repository;
    const payload = JSON.stringify(claims).replace(/^\{/, '{"__proto__":{"repository":"octo-org/app","environment":"production"},');
    real().forge = () => signJwt(payload, real().signingKey);
    expect(await refusal(real().env())).toBe(`the job's OIDC token was refused: it names no repository`);
  });

  it('an expiry of 1e309 (Infinity) is refused as not a number, never "valid forever"', async () => {
    const payload = JSON.stringify(real().tokenClaims(DEFAULT_OIDC_AUDIENCE)).replace(/"exp":\d+/, '"exp":1e309');
    real().forge = () => signJwt(payload, real().signingKey);
    expect(await refusal(real().env())).toBe(`the job's OIDC token was refused: its "exp" claim is not a number`);
  });

  it('a "not before" far beyond the dates a Date can hold is refused with a message, not a RangeError', async () => {
    real().claims = { nbf: 1e300 };
    expect(await refusal(real().env())).toBe(`the job's OIDC token was refused: it is not valid before 1e+300 s after 1970 (now 2026-01-01T10:00:00.000Z)`);
  });

  it('control characters and a long audience are quoted escaped and cut, never echoed raw', async () => {
    real().claims = { aud: `\u001b]0;owned\u0007${'x'.repeat(5000)}` };
    const message = await refusal(real().env());
    expect(message).toMatch(/^the job's OIDC token was refused: its audience is "\\u001b\]0;owned\\u0007x+…", not "pipeline-personas"$/);
    expect(message.length).toBeLessThan(160);
  });

  it('a policy file over 1 MiB fails closed, naming the file', async () => {
    github().setRepo('octo-org', 'app', { '.github/persona-policy.yml': `# ${'x'.repeat(1024 * 1024)}\n` });
    github().queue({ status: 200, body: { default_branch: 'main' } });
    const client = createGitHubClient({ token: 't', apiUrl: github().baseUrl, retries: 0 });
    expect((await userError(readPolicyFile(client, { owner: 'octo-org', repo: 'app' }))).message).toMatch(
      /^the persona policy \.github\/persona-policy\.yml@main of octo-org\/app could not be read, so no switch is allowed \(fail closed\): .*1 MiB/,
    );
  });
});
