import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import { proxyFor } from '../github/proxy.js';

// The HTTP stack (node:http, https, net, tls: ≈20 ms with tls's crypto) loads on the first request, never on a cold path.
const http = () => process.getBuiltinModule('node:http') as typeof import('node:http');
const https = () => process.getBuiltinModule('node:https') as typeof import('node:https');
const net = () => process.getBuiltinModule('node:net') as typeof import('node:net');
const tls = () => process.getBuiltinModule('node:tls') as typeof import('node:tls');

/** One HTTP answer, its body not read yet. */
export interface HttpResponse {
  status: number;
  /** Lower-case header names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The body as sent (still content-encoded); read it with `readCappedBody`, or destroy it. */
  body: Readable;
}

/** What one request sends. */
export interface HttpRequestInit {
  headers: Record<string, string>;
  /** Aborts the request and its body. */
  signal: AbortSignal;
}

/**
 * Sends one GET to `url` and resolves with the answer's status and headers,
 * following no redirect. Injected in tests to record every URL requested.
 */
export type HttpTransport = (url: URL, init: HttpRequestInit) => Promise<HttpResponse>;

/** Options of {@link createNodeTransport}. */
export interface NodeTransportOptions {
  /** Extra trusted certificates (tests); the system store is used otherwise. */
  ca?: string | Buffer;
  /** Picks the proxy of a target; default {@link proxyFor} (the toolkit's HTTPS_PROXY/NO_PROXY rules). */
  proxy?: (target: URL) => URL | undefined;
}

/**
 * The {@link HttpTransport} over `node:http`/`node:https`: no redirects, no
 * decompression (the caller decides how much to read), and https requests
 * tunnelled with `CONNECT` through the proxy the toolkit would pick for the
 * runner. Plain http is only ever sent to loopback hosts, which the toolkit
 * never proxies.
 */
export function createNodeTransport(options: NodeTransportOptions = {}): HttpTransport {
  const pickProxy = options.proxy ?? proxyFor;
  return async (url, init) => {
    const proxy = url.protocol === 'https:' ? pickProxy(url) : undefined;
    const socket = proxy ? await openTunnel(proxy, url, init.signal) : undefined;
    return send(url, init, socket, options.ca);
  };
}

function send(url: URL, init: HttpRequestInit, tunnel: Socket | undefined, ca: string | Buffer | undefined): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    // A tunnel carries one request: it is closed with the response.
    const headers = tunnel ? { ...init.headers, connection: 'close' } : init.headers;
    const base = { method: 'GET', headers, signal: init.signal };
    const request =
      url.protocol === 'https:'
        ? https().request(url, { ...base, ...(ca ? { ca } : {}), ...(tunnel ? { agent: tunnelAgent(tunnel, url.hostname, ca) } : {}) })
        : http().request(url, base);
    request.once('response', (response) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: response }));
    if (tunnel) request.once('close', () => tunnel.destroy());
    request.on('error', reject);
    request.end();
  });
}

/** An agent of one connection: TLS to the target over an open proxy tunnel (the way proxy agents plug into `https.request`). */
function tunnelAgent(tunnel: Socket, servername: string, extraCa: string | Buffer | undefined): import('node:https').Agent {
  const agent = new (https().Agent)({ keepAlive: false });
  agent.createConnection = (): Duplex => tls().connect({ socket: tunnel, servername, ...(extraCa ? { ca: extraCa } : {}) });
  return agent;
}

/**
 * A socket to `target`'s host and port through `proxy`, after the proxy
 * answered `CONNECT` with 200. Spoken over a plain socket (not
 * `http.request`), so the proxy's answer head is bounded and nothing that
 * patches `node:http` can get in the way.
 */
function openTunnel(proxy: URL, target: URL, signal: AbortSignal): Promise<Socket> {
  const authority = `${target.hostname}:${target.port || 443}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (proxy.username || proxy.password)
    lines.push(`Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`);
  return new Promise((resolve, reject) => {
    const port = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
    const socket =
      proxy.protocol === 'https:' ? tls().connect({ host: proxy.hostname, port, servername: proxy.hostname }) : net().connect(port, proxy.hostname);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    const abort = () => fail(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return head.length > MAX_PROXY_HEAD ? fail(new Error(`the proxy ${proxy.host} sent an answer head over 16 KiB`)) : undefined;
      socket.off('data', onData);
      socket.off('error', fail);
      signal.removeEventListener('abort', abort);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1];
      if (status !== '200') return fail(new Error(`the proxy ${proxy.host} refused the tunnel (${status ? `HTTP ${status}` : 'not an HTTP answer'})`));
      if (end + 4 < head.length) socket.unshift(head.subarray(end + 4));
      resolve(socket);
    };
    socket.on('data', onData);
    socket.on('error', fail);
    socket.once('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
  });
}

/** The most bytes of a proxy's answer to CONNECT. */
const MAX_PROXY_HEAD = 16 * 1024;
