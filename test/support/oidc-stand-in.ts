import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One signing key of the stand-in: its id, private key and public JWK. */
export interface StandInKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

/** A canned answer of one endpoint, used once, before the normal answer. */
export interface OidcCannedReply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string or Buffer. */
  body?: unknown;
  /** Never answer. */
  hang?: boolean;
  /** Send `chunk` until the client goes away. */
  endless?: Buffer;
}

/** One request the stand-in received. */
export interface OidcRecordedRequest {
  endpoint: 'token' | 'jwks' | 'other';
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
}

/** The path of the token endpoint; its URL has a query string already, like the runtime's. */
export const TOKEN_PATH = '/_apis/distributedtask/idtoken';
const JWKS_PATH = '/_services/token/.well-known/jwks';

const keyCache = new Map<string, StandInKey>();

/** A 2048-bit RSA key with id `kid`, generated once per test process (generation takes ~100 ms). */
export function standInKey(kid: string): StandInKey {
  let key = keyCache.get(kid);
  if (!key) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    key = { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
    keyCache.set(kid, key);
  }
  return key;
}

/**
 * A compact JWS of `payload` (an object, or JSON text sent as written), RS256
 * unless `header` says otherwise (the signature is RS256 whatever the header claims).
 */
export function signJwt(payload: Record<string, unknown> | string, key: StandInKey, header: Record<string, unknown> = {}): string {
  const part = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const head = `${part({ typ: 'JWT', alg: 'RS256', kid: key.kid, ...header })}.${part(payload)}`;
  return `${head}.${sign('sha256', Buffer.from(head), key.privateKey).toString('base64url')}`;
}

/**
 * A stand-in for the Actions OIDC provider on 127.0.0.1: a token endpoint
 * (checks the runtime bearer, takes the `audience` query) and the issuer's
 * key set at `/_services/token/.well-known/jwks`, so with
 * `GITHUB_SERVER_URL` = {@link origin} the issuer derived is {@link issuer},
 * as on GitHub Enterprise Server. Tokens carry {@link claims} (overridable),
 * signed with {@link signingKey}; {@link forge} replaces the token served.
 */
export class OidcStandIn {
  readonly requests: OidcRecordedRequest[] = [];
  /** The runtime's request token the endpoint expects as `Bearer`. */
  readonly requestToken = 'runtime-request-token';
  /** The keys published in the key set. */
  published: StandInKey[] = [standInKey('stand-in-1')];
  /** The key tokens are signed with. */
  signingKey: StandInKey = this.published[0]!;
  /** Claims merged over the defaults (undefined values remove a claim). */
  claims: Record<string, unknown> = {};
  /** When set, the endpoint serves this instead of a token it signed. */
  forge: ((audience: string) => string) | undefined;
  /** Epoch milliseconds of `iat`/`nbf`; `exp` is 5 min later. */
  clock: () => number = Date.now;
  private readonly canned: Record<'token' | 'jwks', OidcCannedReply[]> = { token: [], jwks: [] };

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>`: use it as GITHUB_SERVER_URL. */
    readonly origin: string,
  ) {}

  /** Starts the stand-in on an ephemeral port. */
  static async start(): Promise<OidcStandIn> {
    const server = createServer((req, res) => void instance.handle(req, res).catch(() => res.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const instance = new OidcStandIn(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return instance;
  }

  /** The issuer a client derives from GITHUB_SERVER_URL = {@link origin}. */
  get issuer(): string {
    return `${this.origin}/_services/token`;
  }

  /** The environment of a job with `id-token: write` on this server, plus `extra`. */
  env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.origin}${TOKEN_PATH}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.requestToken,
      GITHUB_SERVER_URL: this.origin,
      GITHUB_REPOSITORY: 'octo-org/app',
      ...extra,
    };
  }

  /** The claims of a token for `audience`. */
  tokenClaims(audience: string): Record<string, unknown> {
    const now = Math.floor(this.clock() / 1000);
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      aud: audience,
      sub: 'repo:octo-org/app:environment:production',
      repository: 'octo-org/app',
      repository_owner: 'octo-org',
      environment: 'production',
      job_workflow_ref: 'octo-org/app/.github/workflows/persona-switch.yml@refs/heads/main',
      actor: 'octocat',
      ref: 'refs/heads/main',
      run_id: '4242',
      iat: now,
      nbf: now,
      exp: now + 300,
      ...this.claims,
    };
    for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
    return claims;
  }

  /** Answers the next request of `endpoint` with `reply`, `times` times. */
  queue(endpoint: 'token' | 'jwks', reply: OidcCannedReply, times = 1): void {
    for (let i = 0; i < times; i++) this.canned[endpoint].push(reply);
  }

  /** Forgets requests, canned replies, claims and forgeries. */
  reset(): void {
    this.requests.length = 0;
    this.canned.token.length = 0;
    this.canned.jwks.length = 0;
    this.published = [standInKey('stand-in-1')];
    this.signingKey = this.published[0]!;
    this.claims = {};
    this.forge = undefined;
    this.clock = Date.now;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const endpoint = url.pathname === TOKEN_PATH ? 'token' : url.pathname === JWKS_PATH ? 'jwks' : 'other';
    this.requests.push({ endpoint, path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization });
    const canned = endpoint === 'other' ? undefined : this.canned[endpoint].shift();
    if (canned) return reply(res, canned);
    if (endpoint === 'jwks') return reply(res, { body: { keys: this.published.map((key) => key.jwk) } });
    if (endpoint === 'other' || req.method !== 'GET') return reply(res, { status: 404, body: { message: 'Not Found' } });
    if (req.headers.authorization !== `Bearer ${this.requestToken}`) return reply(res, { status: 401, body: { message: 'Bad credentials' } });
    const audience = url.searchParams.get('audience') || `https://github.com/${this.tokenClaims('').repository_owner as string}`;
    const value = this.forge ? this.forge(audience) : signJwt(this.tokenClaims(audience), this.signingKey);
    return reply(res, { body: { count: value.length, value } });
  }
}

function reply(res: ServerResponse, canned: OidcCannedReply): void {
  if (canned.hang) return;
  const body = canned.body === undefined || typeof canned.body === 'string' || Buffer.isBuffer(canned.body) ? canned.body : JSON.stringify(canned.body);
  res.writeHead(canned.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...canned.headers });
  if (!canned.endless) return void res.end(body);
  const pump = (): void => {
    while (!res.destroyed && res.write(canned.endless!));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

/** Starts one stand-in for the test file (jest hooks) and resets it before each test. Returns a getter. */
export function useOidcStandIn(): () => OidcStandIn {
  let standIn: OidcStandIn | undefined;
  beforeAll(async () => {
    standIn = await OidcStandIn.start();
  });
  afterAll(() => standIn?.close());
  beforeEach(() => standIn!.reset());
  return () => standIn!;
}
