import { DEFAULT_OIDC_AUDIENCE } from './authz-defaults.js';
import { verify } from 'node:crypto';
import { ConfigurationError } from '../errors/configuration-error.js';
import { describeValue } from '../errors/describe-value.js';
import { quote } from '../errors/quote.js';
import { REAL_TIMING } from '../library/remote-retry.js';
import type { EnvironmentProof } from '../switching/policy.js';
import { JwksClient } from './jwks.js';
import { getCappedJson, type OidcHttpOptions } from './oidc-http.js';
import { oidcIssuer } from './oidc-issuer.js';

export { DEFAULT_OIDC_AUDIENCE };

/** How far the token's times may be off the runner's clock: 60 s. */
export const CLOCK_SKEW_MS = 60_000;

/** The most characters of a token; GitHub's are about 1–2 KiB. */
export const MAX_TOKEN_CHARS = 16 * 1024;

/** What the job's verified OIDC token proves about the job (the claims authorisation reads). */
export interface OidcProof {
  /** The deployment environment the job runs in, when it has one. */
  environment?: string;
  /** The reusable or calling workflow the job belongs to: `octo-org/app/.github/workflows/switch.yml@refs/heads/main`. */
  job_workflow_ref?: string;
  /** `owner/repo`, checked against `GITHUB_REPOSITORY`. */
  repository: string;
  actor?: string;
  ref?: string;
  /** `repo:octo-org/app:environment:production` and the like. */
  sub: string;
  run_id?: string;
}

/** Options of {@link requestOidcProof}. */
export interface OidcProofOptions extends OidcHttpOptions {
  /** Default {@link DEFAULT_OIDC_AUDIENCE}. */
  audience?: string;
  /** Epoch milliseconds the token's times are checked against; default the timing's clock. */
  now?: () => number;
  /** Keys of the issuer, shared between calls; default a new client for the issuer derived from `GITHUB_SERVER_URL`. */
  jwks?: JwksClient;
}

/** What {@link verifyOidcToken} checks a token against. */
export interface TokenExpectations {
  issuer: string;
  audience: string;
  repository: string;
  /** Epoch milliseconds. */
  now: number;
  jwks: JwksClient;
}

const PERMISSION_HINT =
  "the job needs `permissions: id-token: write` (a switch to a protected persona is only accepted with the proof of the job's environment from its OIDC token)";

/**
 * Requests the job's OIDC token from the Actions runtime and verifies it
 * before believing a single claim: a step can point
 * `ACTIONS_ID_TOKEN_REQUEST_URL` at a server of its own, so the token must be
 * signed (RS256) by a key the issuer derived from `GITHUB_SERVER_URL`
 * publishes, for this audience, now, and for `GITHUB_REPOSITORY`.
 * @throws ConfigurationError when the runtime offers no token (no `id-token: write`), cannot be reached, or the token fails any check.
 */
export async function requestOidcProof(env: Record<string, string | undefined>, options: OidcProofOptions = {}): Promise<OidcProof> {
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!requestUrl || !requestToken)
    throw new ConfigurationError(`the job's OIDC token is not available (no ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN): ${PERMISSION_HINT}`);
  const repository = env.GITHUB_REPOSITORY;
  if (!repository) throw new ConfigurationError("GITHUB_REPOSITORY is not set, so the job's OIDC token cannot be checked against the repository");
  const issuer = oidcIssuer(env.GITHUB_SERVER_URL);
  const audience = options.audience ?? DEFAULT_OIDC_AUDIENCE;
  const url = tokenUrl(requestUrl, audience);
  const data = await getCappedJson(
    { url, headers: { authorization: `Bearer ${requestToken}` }, what: `the OIDC token endpoint ${url.host}`, refusalHint: PERMISSION_HINT },
    options,
  );
  const token = (data as { value?: unknown } | null)?.value;
  if (typeof token !== 'string' || !token) throw new ConfigurationError(`the OIDC token endpoint ${url.host} answered without a token ("value")`);
  const jwks = options.jwks ?? new JwksClient({ ...options, issuer });
  if (jwks.issuer !== issuer) throw new ConfigurationError(`the OIDC key set given is for ${jwks.issuer}, not the issuer ${issuer} of GITHUB_SERVER_URL`);
  const timing = options.timing ?? REAL_TIMING;
  const now = options.now ? options.now() : timing.now();
  return verifyOidcToken(token, { issuer, audience, repository, now, jwks });
}

/** The part of a verified proof that `authorise` (src/switching/policy.ts) weighs for protected personas. */
export function toEnvironmentProof(proof: OidcProof): EnvironmentProof {
  return {
    ...(proof.environment !== undefined ? { environment: proof.environment } : {}),
    ...(proof.job_workflow_ref !== undefined ? { jobWorkflowRef: proof.job_workflow_ref } : {}),
  };
}

/** The token request URL: the runtime's (which has a query string already) with the audience appended. */
function tokenUrl(requestUrl: string, audience: string): URL {
  try {
    return new URL(`${requestUrl}${requestUrl.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}`);
  } catch {
    throw new ConfigurationError(`ACTIONS_ID_TOKEN_REQUEST_URL ${quote(requestUrl)} is not a URL`);
  }
}

/**
 * Verifies a GitHub Actions OIDC token (a compact JWS) and returns its claims:
 * header `alg` RS256 only (never `none`, HS256 or anything else), `kid` among
 * the issuer's keys, the signature, `iss`, `aud`, `exp`, `nbf` and `iat`
 * (±{@link CLOCK_SKEW_MS}), and `repository`. Keys named by the token itself
 * (`jku`, `jwk`, `x5u`) are never used.
 * @throws ConfigurationError naming the first check that failed.
 */
export async function verifyOidcToken(token: string, expected: TokenExpectations): Promise<OidcProof> {
  const parts = token.length <= MAX_TOKEN_CHARS ? token.split('.') : [];
  if (parts.length !== 3 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) throw refused('it is not a signed JWT (three base64url parts)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, 'header');
  if (header.alg !== 'RS256') throw refused(`it uses the algorithm ${shown(header.alg)}; only RS256 is accepted`);
  if (header.crit !== undefined) throw refused('its header has critical extensions ("crit"), which are not supported');
  if (typeof header.kid !== 'string' || !header.kid) throw refused('its header names no key id ("kid")');
  const key = await expected.jwks.key(header.kid);
  const signed = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  if (!verify('sha256', signed, key, Buffer.from(signaturePart, 'base64url'))) throw refused(`its signature does not match the key ${quote(header.kid)}`);
  const claims = decodeJson(payloadPart, 'payload');
  checkClaims(claims, expected);
  return proofOf(claims);
}

/** The registered claims and the repository, after the signature was verified. */
function checkClaims(claims: Record<string, unknown>, expected: TokenExpectations): void {
  if (claims.iss !== expected.issuer) throw refused(`it was issued by ${shown(claims.iss)}, not ${expected.issuer}`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expected.audience)) throw refused(`its audience is ${shown(claims.aud)}, not ${quote(expected.audience)}`);
  const seconds = (name: string): number | undefined => {
    const value = claims[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw refused(`its ${quote(name)} claim is not a number`);
    return value * 1000;
  };
  const exp = seconds('exp');
  const nbf = seconds('nbf');
  const iat = seconds('iat');
  const at = isoTime(expected.now);
  if (exp === undefined) throw refused('it has no expiry ("exp")');
  if (exp + CLOCK_SKEW_MS <= expected.now) throw refused(`it expired at ${isoTime(exp)} (now ${at})`);
  if (nbf !== undefined && nbf - CLOCK_SKEW_MS > expected.now) throw refused(`it is not valid before ${isoTime(nbf)} (now ${at})`);
  if (iat !== undefined && iat - CLOCK_SKEW_MS > expected.now) throw refused(`it was issued in the future, at ${isoTime(iat)} (now ${at})`);
  if (claims.repository === undefined) throw refused('it names no repository');
  if (claims.repository !== expected.repository)
    throw refused(`it was issued to the repository ${shown(claims.repository)}, not ${quote(expected.repository)} (GITHUB_REPOSITORY)`);
}

const OPTIONAL_CLAIMS = ['environment', 'job_workflow_ref', 'actor', 'ref', 'run_id'] as const;

/** The claims authorisation reads; a claim of the wrong type is refused, never coerced. */
function proofOf(claims: Record<string, unknown>): OidcProof {
  if (typeof claims.sub !== 'string' || !claims.sub) throw refused('it has no subject ("sub")');
  const proof: OidcProof = { repository: claims.repository as string, sub: claims.sub };
  for (const name of OPTIONAL_CLAIMS) {
    const value = claims[name];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw refused(`its ${quote(name)} claim is not a string`);
    proof[name] = value;
  }
  return proof;
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(part, 'base64url')));
  } catch {
    throw refused(`its ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refused(`its ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** An instant for messages: ISO 8601, or seconds since 1970 when out of the Date range. */
function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms / 1000} s after 1970` : date.toISOString();
}

/** A claim as a message shows it: a string quoted, anything else described (`nothing`, `a list`). */
function shown(value: unknown): string {
  return typeof value === 'string' ? quote(value) : describeValue(value);
}

function refused(reason: string): ConfigurationError {
  return new ConfigurationError(`the job's OIDC token was refused: ${reason}`);
}
