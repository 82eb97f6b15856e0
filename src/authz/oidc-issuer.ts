import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { refusedTarget } from '../library/http-redirects.js';

/** The issuer of GitHub Actions OIDC tokens on github.com. */
export const GITHUB_COM_ISSUER = 'https://token.actions.githubusercontent.com';

/** `GITHUB_SERVER_URL` when the environment has none: github.com, as the toolkit assumes. */
export const DEFAULT_SERVER_URL = 'https://github.com';

/**
 * The issuer whose tokens prove a job's identity, derived from
 * `GITHUB_SERVER_URL` alone: a workflow cannot set that variable (GitHub
 * refuses to let steps overwrite `GITHUB_*` variables), while
 * `ACTIONS_ID_TOKEN_REQUEST_URL` can be pointed anywhere by a step's `env:`.
 * So the token may come from anywhere, but only a token this issuer signed
 * is believed.
 *
 * - `https://github.com` → `https://token.actions.githubusercontent.com`;
 * - `https://<name>.ghe.com` (GitHub Enterprise Cloud with data residency) → `https://token.actions.<name>.ghe.com`;
 * - any other server (GitHub Enterprise Server) → `<server>/_services/token`.
 *
 * An enterprise's custom issuer (`…githubusercontent.com/<enterprise>`) is not accepted.
 * @throws ConfigurationError when the server URL is not an https:// URL (plain http only to a loopback host, for tests).
 */
export function oidcIssuer(serverUrl: string | undefined): string {
  const text = serverUrl?.trim() || DEFAULT_SERVER_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigurationError(`GITHUB_SERVER_URL ${quote(text)} is not a URL, so the issuer of the job's OIDC token is unknown`);
  }
  const refused = refusedTarget(url);
  if (refused || url.search || url.hash)
    throw new ConfigurationError(
      `GITHUB_SERVER_URL ${quote(text)} ${refused ?? 'has a query or fragment'}, so the issuer of the job's OIDC token cannot be derived from it`,
    );
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:' && (host === 'github.com' || host === 'www.github.com') && url.pathname.replace(/\/+$/, '') === '') return GITHUB_COM_ISSUER;
  if (url.protocol === 'https:' && /^[a-z0-9-]+\.ghe\.com$/.test(host) && !url.port) return `https://token.actions.${host}`;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/_services/token`;
}

/** Where an issuer publishes the keys that sign its tokens. */
export function jwksUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/+$/, '')}/.well-known/jwks`);
}
