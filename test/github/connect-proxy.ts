import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/**
 * A forward proxy on 127.0.0.1 that tunnels `CONNECT host:port` to one
 * fixed local target, whatever host was asked for, and records each target.
 * undici's ProxyAgent (what `@actions/github` uses for HTTP(S)_PROXY)
 * tunnels every request with CONNECT.
 */
export class ConnectProxy {
  /** The `host:port` of each CONNECT, in order. */
  readonly connects: string[] = [];
  /** Both ends of every tunnel: a CONNECT socket leaves the HTTP server's bookkeeping, so close() destroys them itself. */
  private readonly tunnels = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Starts a proxy whose tunnels all lead to `targetPort` on 127.0.0.1. */
  static async start(targetPort: number): Promise<ConnectProxy> {
    const server = createServer((_req, res) => res.writeHead(405).end());
    const proxy = await new Promise<ConnectProxy>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve(new ConnectProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    );
    server.on('connect', (req, client, head) => {
      proxy.connects.push(req.url ?? '');
      proxy.track(client as Socket);
      const upstream = connect(targetPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      proxy.track(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    return proxy;
  }

  private track(socket: Socket): void {
    this.tunnels.add(socket);
    socket.once('close', () => this.tunnels.delete(socket));
  }

  async close(): Promise<void> {
    for (const socket of this.tunnels) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
