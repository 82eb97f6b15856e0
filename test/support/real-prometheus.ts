/**
 * A real Prometheus (Debian's `prometheus` package; `.ci/run` installs it)
 * on 127.0.0.1, scraping every second a small exporter the test controls.
 * For the one smoke test that shows the `prometheus:` source against the
 * real thing; the error cases use the stand-in (prometheus-stand-in.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StandInHttpServer } from './stand-in-http-server.js';

/** Where the binary is: `$PROMETHEUS_BIN`, else `prometheus` on PATH; a clear error when neither. */
export function prometheusBinary(): string {
  const candidates = process.env.PROMETHEUS_BIN
    ? [process.env.PROMETHEUS_BIN]
    : (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'prometheus'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  throw new Error(
    'prometheus is not installed: .ci/run installs Debian\'s "prometheus" package when it is missing; locally run `sudo apt-get install prometheus` (or set PROMETHEUS_BIN)',
  );
}

/** An exporter of `/metrics` in the text exposition format; `values` is what it serves now, changed by the test at will. */
export interface Exporter {
  server: StandInHttpServer;
  /** Metric name → value (counters and gauges alike: served as untyped samples). */
  values: Map<string, number>;
  /** `127.0.0.1:<port>`. */
  target: string;
  close(): Promise<void>;
}

/** Starts an exporter serving `initial`. */
export async function startExporter(initial: Record<string, number>): Promise<Exporter> {
  const values = new Map(Object.entries(initial));
  const server = await StandInHttpServer.start((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end([...values].map(([name, value]) => `${name} ${value}\n`).join(''));
  });
  return { server, values, target: new URL(server.origin).host, close: () => server.close() };
}

/** A running Prometheus. */
export interface RealPrometheus {
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  /** What it printed, for a failure's message. */
  log(): string;
  stop(): Promise<void>;
}

/** A port free right now on 127.0.0.1 (Prometheus takes its listen address as a flag). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts Prometheus scraping `target` every second, with storage in a temporary folder; resolves once `/-/ready` answers 200 (or rejects after `deadlineMs`). */
export async function startPrometheus(target: string, deadlineMs = 30_000): Promise<RealPrometheus> {
  const binary = prometheusBinary();
  const dir = mkdtempSync(path.join(tmpdir(), 'real-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['${target}']\n`,
  );
  const port = await freePort();
  const output: string[] = [];
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer) => output.push(chunk.toString('utf8'));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = () => output.join('').slice(-4000);
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${baseUrl}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { baseUrl, log, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`prometheus did not become ready within ${deadlineMs} ms (exit code ${child.exitCode}); its log:\n${log()}`);
}
