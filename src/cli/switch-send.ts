/**
 * Sending a checked request to a repository: `POST /repos/{o}/{r}/dispatches`
 * (`repository_dispatch`) or `POST …/actions/workflows/{workflow}/dispatches`
 * (`workflow_dispatch`, on the default branch unless `--ref` names one).
 * The request code (zod) comes from the shared parser-full bundle, so the
 * CLI's entry bundle stays without it.
 */
import { importBundle } from '../edge/load-bundle.js';
import type { GitHubClient } from '../github/github-client.js';
import type { SwitchAction, SwitchRequest } from '../switching/switch-request.js';
import type { Sending } from './switch-options.js';

/** The request code of dist/bundles/parser-full (read-switch-request.ts unbundled). */
export function loadRequestCode() {
  return importBundle('parser-full', () => import(/* webpackIgnore: true */ '../switching/read-switch-request.js'));
}

/** What dist/bundles/switching exports (src/wiring/switching-access.ts). */
export type SwitchingCode = typeof import('../wiring/switching-access.js');

/** The GitHub client, the stores, authorisation and the state machine, from dist/bundles/switching: the HTTP stack loads only for these commands. */
export function loadSwitchingCode(): Promise<SwitchingCode> {
  return importBundle('switching', () => import(/* webpackIgnore: true */ '../wiring/switching-access.js'));
}

/** The event-type kind of an action: `switch`, `rollout` or `revert`. */
export function kindOf(action: SwitchAction): 'switch' | 'rollout' | 'revert' {
  return action === 'switch' ? 'switch' : action === 'revert' ? 'revert' : 'rollout';
}

/** What was sent, for the user: `repository_dispatch "persona-switch"`, `workflow_dispatch of persona-switch.yml on main`. */
export interface Sent {
  description: string;
  /** The JSON body GitHub received. */
  body: Record<string, unknown>;
}

/** The default branch of `owner/repo`, for `--via workflow_dispatch` without `--ref`. */
async function defaultBranch(client: GitHubClient, owner: string, repo: string): Promise<string> {
  const { data } = await client.request<{ default_branch?: unknown }>(
    'GET /repos/{owner}/{repo}',
    { owner, repo },
    { what: `repository ${owner}/${repo}`, permission: 'metadata: read' },
  );
  if (typeof data.default_branch !== 'string' || data.default_branch === '') return 'main';
  return data.default_branch;
}

/**
 * Sends `request` to `owner/repo` as `sending` says. The POSTs are not
 * retried (a retry could deliver the request twice; the correlation id would
 * make the second one a duplicate, but the user should know).
 * @throws GitHubApiError (a ConfigurationError) when GitHub refuses it.
 */
export async function sendRequest(client: GitHubClient, where: { owner: string; repo: string }, request: SwitchRequest, sending: Sending): Promise<Sent> {
  const code = await loadRequestCode();
  const { owner, repo } = where;
  if (sending.via === 'repository_dispatch') {
    const body = code.toRepositoryDispatch(request, sending.eventType ? { [kindOf(request.action)]: sending.eventType } : undefined);
    await client.request(
      'POST /repos/{owner}/{repo}/dispatches',
      { owner, repo, ...body },
      { what: `repository_dispatch to ${owner}/${repo}`, permission: 'contents: write' },
    );
    return { description: `repository_dispatch ${JSON.stringify(body.event_type)} to ${owner}/${repo}`, body: { ...body } };
  }
  const ref = sending.ref ?? (await defaultBranch(client, owner, repo));
  const body = { ref, inputs: code.toWorkflowDispatchInputs(request) };
  await client.request(
    'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
    { owner, repo, workflow_id: sending.workflow, ...body },
    { what: `workflow_dispatch of ${sending.workflow} in ${owner}/${repo}`, permission: 'actions: write' },
  );
  return { description: `workflow_dispatch of ${sending.workflow} on ${ref} in ${owner}/${repo}`, body };
}
