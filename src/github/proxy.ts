import { getProxyUrl } from '@actions/http-client/lib/proxy';

/**
 * The proxy a request to `target` goes through, decided exactly as the
 * Actions toolkit (`@actions/http-client`, which `@actions/github` and so the
 * GitHub client use) decides it for the runner: `https_proxy`/`HTTPS_PROXY`
 * for https targets, `http_proxy`/`HTTP_PROXY` for http ones, never for a
 * loopback host, and not for a host matched by `no_proxy`/`NO_PROXY`
 * (`*`, a host, `.suffix`, or `host:port`). Undefined means a direct
 * connection. Read from `process.env` at each call.
 */
export function proxyFor(target: URL): URL | undefined {
  return getProxyUrl(target);
}
