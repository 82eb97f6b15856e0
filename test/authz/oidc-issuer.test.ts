import { generateKeyPairSync } from 'node:crypto';
import { parseJwks } from '../../src/authz/jwks.js';
import { GITHUB_COM_ISSUER, jwksUrl, oidcIssuer } from '../../src/authz/oidc-issuer.js';
import { toEnvironmentProof } from '../../src/authz/oidc-token.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { standInKey } from '../support/oidc-stand-in.js';

describe('oidcIssuer: derived from GITHUB_SERVER_URL only', () => {
  it.each([
    ['https://github.com', GITHUB_COM_ISSUER],
    ['https://github.com/', GITHUB_COM_ISSUER],
    ['HTTPS://GitHub.com', GITHUB_COM_ISSUER],
    [undefined, GITHUB_COM_ISSUER],
    ['', GITHUB_COM_ISSUER],
    ['https://octocorp.ghe.com', 'https://token.actions.octocorp.ghe.com'],
    ['https://ghes.example.com', 'https://ghes.example.com/_services/token'],
    ['https://ghes.example.com:8443/', 'https://ghes.example.com:8443/_services/token'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000/_services/token'],
  ])('%s → %s', (server, issuer) => {
    expect(oidcIssuer(server)).toBe(issuer);
  });

  it.each([
    ['http://ghes.example.com', 'GITHUB_SERVER_URL "http://ghes.example.com" uses http:// to a host that is not loopback'],
    ['not a url', 'GITHUB_SERVER_URL "not a url" is not a URL'],
    ['https://ghes.example.com/?x=1', 'GITHUB_SERVER_URL "https://ghes.example.com/?x=1" has a query or fragment'],
    ['ftp://ghes.example.com', 'GITHUB_SERVER_URL "ftp://ghes.example.com" uses ftp:// but only https:// is supported'],
  ])('refuses %s', (server, message) => {
    expect(() => oidcIssuer(server)).toThrow(ConfigurationError);
    expect(() => oidcIssuer(server)).toThrow(message);
  });

  it('publishes keys under <issuer>/.well-known/jwks', () => {
    expect(jwksUrl(GITHUB_COM_ISSUER).href).toBe('https://token.actions.githubusercontent.com/.well-known/jwks');
    expect(jwksUrl('https://ghes.example.com/_services/token').href).toBe('https://ghes.example.com/_services/token/.well-known/jwks');
  });
});

describe('parseJwks', () => {
  const good = standInKey('stand-in-1').jwk;

  it('keeps RSA signature keys for RS256 by id, the first of an id winning', () => {
    const other = standInKey('stand-in-2').jwk;
    const keys = parseJwks({ keys: [good, { ...other, kid: 'stand-in-1' }, { ...other, alg: undefined, use: undefined }] }, 'issuer');
    expect([...keys.keys()]).toEqual(['stand-in-1', 'stand-in-2']);
    expect(keys.get('stand-in-1')!.export({ format: 'jwk' }).n).toBe(good.n);
  });

  it('skips weak, encryption, other-algorithm, non-RSA and malformed keys', () => {
    const weak = { ...generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }), kid: 'weak' };
    const ec = { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }), kid: 'ec' };
    const keys = parseJwks(
      {
        keys: [weak, ec, { ...good, kid: 'enc', use: 'enc' }, { ...good, kid: 'ps', alg: 'PS256' }, { ...good, kid: 'bad', n: '!!' }, null, 'x', good],
      },
      'issuer',
    );
    expect([...keys.keys()]).toEqual(['stand-in-1']);
  });

  it('refuses a document that is not a key set, or holds no usable key', () => {
    expect(() => parseJwks([good], 'I')).toThrow('the key set of the OIDC issuer I is not a JSON Web Key Set (no "keys" list)');
    expect(() => parseJwks({ keys: [{ ...good, kty: 'oct' }] }, 'I')).toThrow('the key set of the OIDC issuer I holds no RSA key for RS256 signatures');
  });
});

describe('toEnvironmentProof', () => {
  it('hands authorise the environment and workflow of the proof, and nothing it lacks', () => {
    expect(
      toEnvironmentProof({ repository: 'o/r', sub: 's', environment: 'production', job_workflow_ref: 'o/r/.github/workflows/w.yml@refs/heads/main' }),
    ).toEqual({ environment: 'production', jobWorkflowRef: 'o/r/.github/workflows/w.yml@refs/heads/main' });
    expect(toEnvironmentProof({ repository: 'o/r', sub: 's' })).toEqual({});
  });
});
