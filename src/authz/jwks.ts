import { createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { REAL_TIMING } from '../library/remote-retry.js';
import { getCappedJson, type OidcHttpOptions } from './oidc-http.js';
import { jwksUrl } from './oidc-issuer.js';

/** How long fetched keys are used before they are fetched again: 10 minutes. */
export const DEFAULT_JWKS_MAX_AGE_MS = 10 * 60_000;

/** The most keys read from one key set; GitHub publishes a handful. */
export const MAX_JWKS_KEYS = 50;

/** The smallest RSA modulus accepted, in bits. */
export const MIN_RSA_BITS = 2048;

/** Options of a {@link JwksClient}. */
export interface JwksOptions extends OidcHttpOptions {
  /** The issuer whose keys these are; they are fetched from `<issuer>/.well-known/jwks`. */
  issuer: string;
  /** Default {@link DEFAULT_JWKS_MAX_AGE_MS}. */
  maxAgeMs?: number;
}

interface KeySet {
  fetchedAt: number;
  byKid: Map<string, KeyObject>;
}

/**
 * The RS256 signing keys of one issuer, by key id: fetched on first use,
 * kept for {@link JwksOptions.maxAgeMs}, and fetched once more when a token
 * names a key id the kept set lacks (the issuer rotated its keys). Only RSA
 * keys of at least 2048 bits meant for signatures with RS256 are kept; the
 * others (and malformed entries) are skipped.
 */
export class JwksClient {
  private cached: KeySet | undefined;
  private pending: Promise<KeySet> | undefined;

  /** Fetches nothing until {@link key} is called. */
  constructor(private readonly options: JwksOptions) {}

  /** The issuer these keys belong to. */
  get issuer(): string {
    return this.options.issuer;
  }

  /**
   * The public key with id `kid`.
   * @throws ConfigurationError when the issuer does not publish it, or its key set cannot be fetched or read.
   */
  async key(kid: string): Promise<KeyObject> {
    const now = this.now();
    const fresh = this.cached && now - this.cached.fetchedAt < (this.options.maxAgeMs ?? DEFAULT_JWKS_MAX_AGE_MS) ? this.cached : undefined;
    let set = fresh ?? (await this.refresh());
    if (!set.byKid.has(kid) && fresh) set = await this.refresh();
    const key = set.byKid.get(kid);
    if (!key)
      throw new ConfigurationError(`the job's OIDC token is signed with the key id ${quote(kid)}, which the issuer ${this.issuer} does not publish: refused`);
    return key;
  }

  /** Fetches the key set; callers at the same time share one request. */
  private refresh(): Promise<KeySet> {
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetch(): Promise<KeySet> {
    const url = jwksUrl(this.issuer);
    const data = await getCappedJson(
      { url, headers: {}, what: `the key set of the OIDC issuer ${this.issuer}`, refusalHint: 'check GITHUB_SERVER_URL' },
      this.options,
    );
    const set = { fetchedAt: this.now(), byKid: parseJwks(data, this.issuer) };
    this.cached = set;
    return set;
  }

  private now(): number {
    return (this.options.timing ?? REAL_TIMING).now();
  }
}

/**
 * The usable keys of a JSON Web Key Set, by key id. The first key of an id
 * wins; entries that are not RSA signature keys for RS256, are malformed or
 * weaker than {@link MIN_RSA_BITS} are skipped.
 * @throws ConfigurationError when the document is not a key set or holds no usable key.
 */
export function parseJwks(data: unknown, issuer: string): Map<string, KeyObject> {
  const keys = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) throw new ConfigurationError(`the key set of the OIDC issuer ${issuer} is not a JSON Web Key Set (no "keys" list)`);
  const byKid = new Map<string, KeyObject>();
  for (const entry of keys.slice(0, MAX_JWKS_KEYS)) {
    const usable = rsaSigningKey(entry);
    if (usable && !byKid.has(usable.kid)) byKid.set(usable.kid, usable.key);
  }
  if (!byKid.size) throw new ConfigurationError(`the key set of the OIDC issuer ${issuer} holds no RSA key for RS256 signatures`);
  return byKid;
}

/** One JWK as a public key, when it is an RSA key for RS256 signatures of at least 2048 bits. */
function rsaSigningKey(entry: unknown): { kid: string; key: KeyObject } | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { kty, kid, n, e, use, alg } = entry as Record<string, unknown>;
  if (kty !== 'RSA' || typeof kid !== 'string' || !kid || typeof n !== 'string' || typeof e !== 'string') return undefined;
  if ((use !== undefined && use !== 'sig') || (alg !== undefined && alg !== 'RS256')) return undefined;
  try {
    const key = createPublicKey({ key: { kty, n, e }, format: 'jwk' });
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits >= MIN_RSA_BITS ? { kid, key } : undefined;
  } catch {
    return undefined;
  }
}
