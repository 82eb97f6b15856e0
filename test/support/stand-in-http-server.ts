import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Answers one request; may stream forever (the server destroys open connections on close). */
export type StandInHandler = (req: IncomingMessage, res: ServerResponse, server: StandInHttpServer) => void | Promise<void>;

/**
 * A stand-in for a remote library source on 127.0.0.1 and an ephemeral port
 * (plain http, or https with a test certificate): every request is recorded
 * (path and headers), and {@link maxInFlight} tracks how many were being
 * answered at one time.
 */
export class StandInHttpServer {
  /** The path of every request, in arrival order. */
  readonly paths: string[] = [];
  readonly requests: IncomingMessage[] = [];
  /** Bytes the handlers wrote, for proving a client stopped reading. */
  bytesWritten = 0;
  maxInFlight = 0;
  private inFlight = 0;

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>` (or https). */
    readonly origin: string,
  ) {}

  /** Starts a server answering every request with `handler`; with `tls`, it speaks https. */
  static async start(handler: StandInHandler, tls?: { cert: string; key: string }): Promise<StandInHttpServer> {
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      instance.paths.push(req.url ?? '');
      instance.requests.push(req);
      instance.maxInFlight = Math.max(instance.maxInFlight, ++instance.inFlight);
      res.once('close', () => instance.inFlight--);
      const write = res.write.bind(res) as (chunk: Uint8Array | string, ...rest: unknown[]) => boolean;
      res.write = ((chunk: Uint8Array | string, ...rest: unknown[]) => {
        instance.bytesWritten += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        return write(chunk, ...rest);
      }) as ServerResponse['write'];
      void new Promise<void>((resolve) => resolve(handler(req, res, instance))).catch(() => res.destroy());
    };
    const server: Server = tls ? createTlsServer(tls, listener) : createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const instance = new StandInHttpServer(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    return instance;
  }

  /** The port the server listens on. */
  get port(): number {
    return Number(new URL(this.origin).port);
  }

  /** `origin` + `path`. */
  url(path: string): string {
    return `${this.origin}${path}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Writes `chunk` to `res` until the client goes away, respecting backpressure:
 * an endless body.
 */
export function writeForever(res: ServerResponse, chunk: Buffer): void {
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.once('close', () => res.removeAllListeners('drain'));
  pump();
}
