/**
 * State-store figures for `npm run bench`: resolve-persona's bundle run with
 * `state: branch` against the local GitHub REST stand-in
 * (test/support/github-api-server.ts), which holds `state.json` on branch
 * `persona-state` of octo-org/app and records every request.
 * - requests per resolve, counted from the stand-in's record: the first read
 *   of a job, a second resolve in the same RUNNER_TEMP with the state
 *   unchanged (one conditional request answered 304), and one after the
 *   state changed (one request answered 200);
 * - start-up with that state read, against `node -e 0` and the built-in
 *   figure (an explicit persona: no state read) measured the same way.
 * The runs are spawned asynchronously: the stand-in answers from this
 * process's event loop.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PersonaState } from '../src/switching/persona-state.js';
import { serializeState } from '../src/switching/parse-state.js';
import { STATE_READ_CACHE_FOLDER } from '../src/state/state-read-cache.js';
import { GitHubApiServer } from '../test/support/github-api-server.js';
import { parseOutputFile } from '../test/support/run-dist.js';
import { median, workspace } from './cli-workloads.js';

const OWNER = 'octo-org';
const REPO = 'app';
const BRANCH = 'persona-state';

/** What one resolve cost: the statuses of the requests the stand-in answered, and what the action output. */
export interface CountedResolve {
  statuses: number[];
  outputs: Record<string, string>;
}

/** The requests per resolve of one job: its first read, a read with nothing changed, a read after a change. */
export interface StateRequestFigures {
  first: CountedResolve;
  unchanged: CountedResolve;
  changed: CountedResolve;
}

/** Start-up medians (ms), measured alternately in one harness. */
export interface StateStartUpFigures {
  node: number;
  /** An explicit persona of the built-in library: no state read. */
  builtin: number;
  /** `state: branch`, one read answered 200 by the stand-in (a fresh job each run). */
  state: number;
  /** The request alone: a script that loads Node's HTTP and TLS modules (as any HTTPS client must) and sends the same GET. */
  request: number;
}

/** The bare request: node:http and node:https loaded, one GET of the state, its body read. */
const BARE_REQUEST = `require('https');
const http = require('http');
const url = process.env.GITHUB_API_URL + '/repos/' + process.env.GITHUB_REPOSITORY + '/contents/state.json?ref=persona-state';
http.get(url, { headers: { accept: 'application/vnd.github.raw+json', authorization: 'Bearer t' }, signal: AbortSignal.timeout(10000) }, (res) => {
  res.resume();
  res.on('end', () => { if (res.statusCode !== 200) process.exitCode = 1; });
});`;

/** A state at `revision` whose global active persona is `persona`. */
function stateOf(revision: number, persona: string): PersonaState {
  const since = new Date(Date.UTC(2026, 0, revision)).toISOString();
  const active = { persona, since, by: 'bench', reason: 'bench', correlation_id: `bench-${revision}` };
  return { schema_version: '1.0', revision, active, previous: [], acks: [] };
}

/** The stand-in, with `state` seeded on the store branch. */
async function standIn(state: PersonaState): Promise<GitHubApiServer> {
  const server = await GitHubApiServer.start();
  server.setRepoInfo(OWNER, REPO);
  server.git(OWNER, REPO).commitFiles(BRANCH, { 'state.json': serializeState(state) }, 'seed');
  return server;
}

/** A job's surroundings: a workspace with GITHUB_OUTPUT, the summary and RUNNER_TEMP, and the runner-like environment of a resolve. */
function job(apiUrl: string, persona: string): { dir: string; env: NodeJS.ProcessEnv; output: string; runnerTemp: string } {
  const dir = workspace([]);
  const output = path.join(dir, 'output');
  const runnerTemp = path.join(dir, 'temp');
  mkdirSync(runnerTemp);
  writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: apiUrl,
    GITHUB_RUN_ID: '1234567890',
    INPUT_MODE: 'resolve',
    INPUT_PERSONA: persona,
    INPUT_DEFAULT: 'balanced',
    INPUT_STATE: 'branch',
    INPUT_ENVIRONMENT: '',
    'INPUT_STATE-REQUIRED': 'true',
    INPUT_TOKEN: 'bench-token',
    'INPUT_ON-CONFLICT': 'strict',
    INPUT_LIBRARY: '.github/personas',
    INPUT_ARTIFACT: 'true',
    INPUT_CACHE: 'true',
  };
  return { dir, env, output, runnerTemp };
}

/** Runs `node args` in `cwd` and resolves with its wall time in ms; rejects when it fails. */
function timed(node: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(node, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${args.join(' ')} failed (${String(code)}): ${stderr}`));
    });
  });
}

/** One resolve in the job `j`: the requests it cost and its outputs. */
async function countedResolve(node: string, action: string, server: GitHubApiServer, j: ReturnType<typeof job>): Promise<CountedResolve> {
  server.requests.length = 0;
  writeFileSync(j.output, '');
  await timed(node, [action], j.dir, j.env);
  return { statuses: server.requests.map((r) => r.status ?? 0), outputs: parseOutputFile(readFileSync(j.output, 'utf8')) };
}

/** Throws unless the resolve selected `persona` from the state at `revision`: a figure of a run that read nothing would mean nothing. */
function expectState(counted: CountedResolve, persona: string, revision: number, what: string): void {
  const { id, source, revision: seen } = counted.outputs;
  if (id !== persona || source !== 'state' || seen !== String(revision))
    throw new Error(`${what}: expected ${persona} from the state at revision ${revision}, got id ${id}, source ${source}, revision ${seen}`);
}

/**
 * REST requests per resolve within one job (one RUNNER_TEMP): the first
 * read, a second with the state unchanged, a third after a switch was
 * committed to the store branch.
 */
export async function stateRequestCounts(node: string, action: string): Promise<StateRequestFigures> {
  const server = await standIn(stateOf(1, 'security-first'));
  const j = job(server.baseUrl, '');
  try {
    const first = await countedResolve(node, action, server, j);
    expectState(first, 'security-first', 1, 'first read of the job');
    const unchanged = await countedResolve(node, action, server, j);
    expectState(unchanged, 'security-first', 1, 'second read, state unchanged');
    server.git(OWNER, REPO).commitFiles(BRANCH, { 'state.json': serializeState(stateOf(2, 'cost-optimization')) }, 'switch');
    const changed = await countedResolve(node, action, server, j);
    expectState(changed, 'cost-optimization', 2, 'read after a switch');
    return { first, unchanged, changed };
  } finally {
    await server.close();
    rmSync(j.dir, { recursive: true, force: true });
  }
}

/**
 * Start-up with a state read: `node -e 0`, resolve with an explicit
 * built-in persona (no read), resolve with `state: branch` (its
 * RUNNER_TEMP cache emptied before each run, so every run sends the full
 * read a new job sends) and the bare request (Node's HTTP and TLS modules
 * and the same GET), alternately; medians after 3 warm-up rounds.
 */
export async function stateStartUp(node: string, action: string, runs: number): Promise<StateStartUpFigures> {
  const server = await standIn(stateOf(1, 'security-first'));
  const withState = job(server.baseUrl, '');
  const builtin = job(server.baseUrl, 'stability:0.6,balanced:0.4');
  const times = { node: [] as number[], builtin: [] as number[], state: [] as number[], request: [] as number[] };
  try {
    for (let i = 0; i < runs + 3; i++) {
      const a = await timed(node, ['-e', '0'], builtin.dir, builtin.env);
      const b = await timed(node, [action], builtin.dir, builtin.env);
      rmSync(path.join(withState.runnerTemp, STATE_READ_CACHE_FOLDER), { recursive: true, force: true });
      const c = await timed(node, [action], withState.dir, withState.env);
      const d = await timed(node, ['-e', BARE_REQUEST], withState.dir, withState.env);
      if (i < 3) continue;
      times.node.push(a);
      times.builtin.push(b);
      times.state.push(c);
      times.request.push(d);
    }
    const reads = server.requests.filter((r) => r.status === 200).length;
    if (reads < 2 * runs) throw new Error(`the state runs sent ${reads} successful requests for ${runs} measured runs: they did not read the state`);
    return { node: median(times.node), builtin: median(times.builtin), state: median(times.state), request: median(times.request) };
  } finally {
    await server.close();
    for (const j of [withState, builtin]) rmSync(j.dir, { recursive: true, force: true });
  }
}
