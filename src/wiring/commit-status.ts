import type { GitHubClient } from '../github/github-client.js';
import type { Logger } from '../logging/logger.js';
import type { Ack } from '../switching/persona-state.js';

/**
 * Sets the commit status `persona-switch` on the triggering commit
 * (`GITHUB_SHA`; `statuses: write`): success for applied and duplicate,
 * failure for rejected. A failure to set it is a warning: the state is
 * already written.
 */
export async function setCommitStatus(
  client: GitHubClient,
  env: Readonly<Record<string, string | undefined>>,
  ack: Ack,
  failed: boolean,
  logger: Logger,
): Promise<void> {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || !env.GITHUB_SHA) {
    logger.warning('commit-status: GITHUB_REPOSITORY or GITHUB_SHA is not set; no commit status');
    return;
  }
  const description = `${ack.result} (revision ${ack.revision}) ${ack.correlation_id}`.slice(0, 140);
  try {
    await client.request(
      'POST /repos/{owner}/{repo}/statuses/{sha}',
      { owner, repo, sha: env.GITHUB_SHA, state: failed ? 'failure' : 'success', context: 'persona-switch', description },
      { what: 'commit status', permission: 'statuses: write', idempotent: true },
    );
  } catch (error) {
    logger.warning(`could not set the commit status: ${(error as Error).message}`);
  }
}
