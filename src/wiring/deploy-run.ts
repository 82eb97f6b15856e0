/**
 * The facts of the run a deploy belongs to, read from the runner's
 * environment, and the Deployments API client for its environment.
 */
import type { Deployments } from '../deployments/deployments.js';
import { importBundle } from '../edge/load-bundle.js';
import type { ActionRunner } from '../runner/action-runner.js';

/** Each Deployments API request waits at most this long per attempt: a deploy makes a few, and a hanging API must not hold it for minutes. */
export const DEPLOYMENTS_TIMEOUT_MS = 10_000;
/** Retries of a failed Deployments API read (writes are never retried blindly). */
export const DEPLOYMENTS_RETRIES = 2;

/** The run a deploy belongs to. */
export interface RunFacts {
  /** `GITHUB_RUN_ID` ('' outside Actions). */
  runId: string;
  /** `GITHUB_SHA`. */
  sha: string;
  /** `GITHUB_REF_NAME`, else `GITHUB_REF`. */
  ref: string;
  /** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`, or '' when one is missing. */
  logUrl: string;
  /** `owner/repo`. */
  repository: string;
}

/** The run facts of `env`. */
export function runFacts(env: NodeJS.ProcessEnv): RunFacts {
  const runId = /^\d{1,20}$/.test(env.GITHUB_RUN_ID ?? '') ? env.GITHUB_RUN_ID! : '';
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY ?? '';
  return {
    runId,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF_NAME || env.GITHUB_REF || '',
    logUrl: runId && repository ? `${server}/${repository}/actions/runs/${runId}` : '',
    repository,
  };
}

/**
 * The Deployments API of the run's repository, through the shared
 * `deployments` bundle (loaded only here), or undefined without an
 * environment; an error when the run's repository or sha is unknown.
 */
export async function openDeployments(runner: ActionRunner, environment: string, token: string, run: RunFacts): Promise<Deployments | undefined> {
  if (!environment) return undefined;
  const [owner, repo, ...more] = run.repository.split('/');
  if (!owner || !repo || more.length || !run.sha) {
    runner.logger.warning(`environment "${environment}": GITHUB_REPOSITORY or GITHUB_SHA is not set, so no deployment is counted or recorded`);
    return undefined;
  }
  const m = await importBundle('deployments', () => import(/* webpackIgnore: true */ './deployments-access.js'));
  const client = m.createGitHubClient({
    token: token || undefined,
    apiUrl: runner.env.GITHUB_API_URL || undefined,
    logger: runner.logger,
    timeoutMs: DEPLOYMENTS_TIMEOUT_MS,
    retries: DEPLOYMENTS_RETRIES,
  });
  return m.githubDeployments(client, { owner, repo }, { logger: runner.logger });
}
