// The setup shared by the tests of adapt-deploy's committed dist/ bundle (test/e2e/adapt-deploy*.test.ts and
// test/hostile/deploy-inputs.test.ts): the run's identity, a temporary workspace per test beside the local REST
// stand-in, the GITHUB_* environment the runner gives the step, one run of the bundle, and a library persona file.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useGitHubApiServer, type GitHubApiServer } from '../support/github-api-server.js';
import { runDist, type DistRun } from '../support/run-dist.js';

/** The commit the deploy runs for (GITHUB_SHA). */
export const SHA = '0123456789abcdef0123456789abcdef01234567';
/** The workflow run the deploy runs in (GITHUB_RUN_ID). */
export const RUN_ID = '9001';
/** The GitHub web address the runner gives (GITHUB_SERVER_URL). */
export const SERVER_URL = 'https://github.example';
/** The page of this run, which the step links its deployment statuses to. */
export const RUN_URL = `${SERVER_URL}/octo-org/app/actions/runs/${RUN_ID}`;

/** Getters of one test's stand-in and workspace (valid inside a test and its hooks). */
export interface DeployWorkspace {
  /** The local REST stand-in, reset before each test and holding the repository `octo-org/app`. */
  server: () => GitHubApiServer;
  /** The test's temporary workspace directory (GITHUB_WORKSPACE). */
  dir: () => string;
}

/**
 * Starts the REST stand-in for the test file and, before each test, creates a temporary workspace named
 * `prefix…` under the OS temp directory and registers `octo-org/app` with the stand-in; after each test the
 * workspace is removed. Call once at the top of a test file; hooks registered after it run after its own.
 */
export function useDeployWorkspace(prefix: string): DeployWorkspace {
  const server = useGitHubApiServer({});
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    server().setRepoInfo('octo-org', 'app');
  });
  afterEach(() => rmSync(dir!, { recursive: true, force: true }));
  return { server, dir: () => dir! };
}

/** The GITHUB_* environment of the step: the stand-in as the API, `octo-org/app` at {@link SHA} on `main`, run {@link RUN_ID}. */
export function deployEnv(server: GitHubApiServer): Record<string, string> {
  return {
    GITHUB_API_URL: server.baseUrl,
    GITHUB_REPOSITORY: 'octo-org/app',
    GITHUB_SHA: SHA,
    GITHUB_RUN_ID: RUN_ID,
    GITHUB_SERVER_URL: SERVER_URL,
    GITHUB_REF_NAME: 'main',
  };
}

/** Options of {@link runDeploy}. */
export interface RunDeployOptions {
  /** Variables added to (or overriding) {@link deployEnv}. */
  env?: Record<string, string>;
  /** A RUNNER_TEMP shared between runs (one "job"); by default each run gets its own. */
  runnerTemp?: string;
}

/**
 * Runs the adapt-deploy bundle in the workspace with {@link deployEnv} against the stand-in. The inputs are
 * `token: deploy-token` and `retry-delay: 10ms`, then `inputs` (which win).
 */
export function runDeploy(ws: DeployWorkspace, inputs: Record<string, string>, options: RunDeployOptions = {}): Promise<DistRun> {
  const { env, runnerTemp } = options;
  return runDist('adapt-deploy', {
    inputs: { token: 'deploy-token', 'retry-delay': '10ms', ...inputs },
    workspace: ws.dir(),
    ...(runnerTemp ? { runnerTemp } : {}),
    env: { ...deployEnv(ws.server()), ...env },
  });
}

/**
 * Writes a library persona `id` with `risk_tolerance: risk` and `constraints` (one YAML flow mapping each) to
 * `dir/personas/<id>.yml` (the `library` input `personas`); returns the line of each constraint.
 */
export function writePersona(dir: string, id: string, risk: string, constraints: string[]): number[] {
  mkdirSync(path.join(dir, 'personas'), { recursive: true });
  writeFileSync(
    path.join(dir, 'personas', `${id}.yml`),
    [`id: ${id}`, `name: ${id}`, `risk_tolerance: ${risk}`, 'constraints:', ...constraints.map((c) => `  - ${c}`), ''].join('\n'),
  );
  return constraints.map((_c, i) => 5 + i);
}

/** The error annotations of a run. */
export const errorsOf = (r: DistRun): string[] => r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
/** The warning annotations of a run. */
export const warningsOf = (r: DistRun): string[] => r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);

/**
 * A blocked deploy: exit 1, the messages match the error annotations, no stack trace, nothing written to the
 * outputs, and the command never ran (the file `marker` it would write in `dir` is absent).
 */
export function expectBlocked(r: DistRun, dir: string, marker: string, ...messages: RegExp[]): void {
  expect(r.code).toBe(1);
  for (const m of messages) expect(errorsOf(r).join('\n')).toMatch(m);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.outputFile).toBe('');
  expect(existsSync(path.join(dir, marker))).toBe(false);
}
