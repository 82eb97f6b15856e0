/**
 * A Prometheus-shaped HTTP server on 127.0.0.1 for the metric sources'
 * error cases: `/api/v1/query` answers what the test scripts for each query,
 * in the shapes Prometheus 2.x sends (success with a vector, scalar, matrix
 * or string; `{"status":"error","errorType":"bad_data",…}` with 400;
 * 503 during start-up), or misbehaves (a body over the cap, no answer at all).
 */
import type { ServerResponse } from 'node:http';
import { StandInHttpServer, writeForever } from './stand-in-http-server.js';

/** One sample of a vector: its labels and its value as Prometheus writes it (`"0.5"`, `"NaN"`, `"+Inf"`). */
export interface StandInSample {
  labels?: Record<string, string>;
  value: string;
}

/** What the stand-in answers to one query. */
export type PromAnswer =
  | { vector: StandInSample[] }
  | { scalar: string }
  | { matrix: Array<{ labels?: Record<string, string>; values: string[] }> }
  | { string: string }
  | { error: string; errorType?: string; status?: number }
  | { status: number; body?: string; headers?: Record<string, string> }
  | { endless: true }
  | { hang: true };

/** Picks the answer to a query (the `query` parameter, and every parameter). */
export type PromScript = (query: string, params: URLSearchParams) => PromAnswer;

/** The stand-in: the server, and every query it was asked, in order. */
export interface PrometheusStandIn {
  server: StandInHttpServer;
  /** The `query` parameter of every request to /api/v1/query. */
  queries: string[];
  /** `http://127.0.0.1:<port>` plus `prefix`. */
  baseUrl: string;
  close(): Promise<void>;
}

const EVAL_TIME = 1_700_000_000.123;

/** Starts the stand-in; `prefix` is a path Prometheus is served under (`/prometheus`), default none. */
export async function startPrometheusStandIn(script: PromScript, prefix = ''): Promise<PrometheusStandIn> {
  const queries: string[] = [];
  const server = await StandInHttpServer.start((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname !== `${prefix}/api/v1/query`) return json(res, 404, { status: 'error', errorType: 'not_found', error: `no route ${url.pathname}` });
    const query = url.searchParams.get('query') ?? '';
    queries.push(query);
    answer(res, script(query, url.searchParams));
  });
  return { server, queries, baseUrl: server.url(prefix), close: () => server.close() };
}

function answer(res: ServerResponse, scripted: PromAnswer): void {
  if ('hang' in scripted) return; // never answers; the server destroys the connection on close
  if ('endless' in scripted) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"status":"success","data":{"resultType":"vector","result":[');
    return writeForever(res, Buffer.from('{"metric":{},"value":[1,"1"]},'.repeat(256)));
  }
  if ('vector' in scripted)
    return success(res, { resultType: 'vector', result: scripted.vector.map((s) => ({ metric: s.labels ?? {}, value: [EVAL_TIME, s.value] })) });
  if ('scalar' in scripted) return success(res, { resultType: 'scalar', result: [EVAL_TIME, scripted.scalar] });
  if ('string' in scripted) return success(res, { resultType: 'string', result: [EVAL_TIME, scripted.string] });
  if ('matrix' in scripted)
    return success(res, {
      resultType: 'matrix',
      result: scripted.matrix.map((s) => ({ metric: s.labels ?? {}, values: s.values.map((v, i) => [EVAL_TIME - i, v]) })),
    });
  if ('error' in scripted) return json(res, scripted.status ?? 400, { status: 'error', errorType: scripted.errorType ?? 'bad_data', error: scripted.error });
  res.writeHead(scripted.status, { 'content-type': 'text/plain', ...scripted.headers });
  res.end(scripted.body ?? '');
}

function success(res: ServerResponse, data: unknown): void {
  json(res, 200, { status: 'success', data });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
