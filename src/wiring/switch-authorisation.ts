import { importBundle } from '../edge/load-bundle.js';
import { isConfigurationError } from '../errors/configuration-error.js';
import type { GitHubClient } from '../github/github-client.js';
import type { Logger } from '../logging/logger.js';
import { requestOidcProof, toEnvironmentProof } from '../authz/oidc-token.js';
import { readPolicyFile } from '../authz/read-policy-file.js';
import type { StateSpec } from '../state/state-spec.js';
import type { StateDocument } from '../switching/apply-types.js';
import { authorise, type Authorisation, type EnvironmentProof } from '../switching/policy.js';
import type { Policy } from '../switching/policy-schema.js';
import type { SwitchRequest } from '../switching/switch-request.js';

/** Decides requests against the policy read once for the run; `notes` are the last decision's, for the summary. */
export interface Authoriser {
  notes: string[];
  check(request: SwitchRequest, current: StateDocument | undefined): Authorisation;
}

/** The persona a command makes active again, read from the state: a revert's previous, an abort's `from`, an advance's or resume's `to`. */
export function commandTarget(request: SwitchRequest, state: StateDocument | undefined): string | undefined {
  if (!state || request.action === 'switch' || request.action === 'pause') return undefined;
  const scope = request.environment === undefined ? state : state.environments?.[request.environment];
  if (!scope) return undefined;
  if (request.action === 'revert') return scope.previous?.[0]?.persona;
  if (!scope.rollout) return undefined;
  return request.action === 'abort' ? scope.rollout.from : scope.rollout.to;
}

/** The repository whose default branch holds the policy: the store's for the `branch` forms, this repository's for `file:`. */
function policyRepository(spec: StateSpec, repository: string | undefined): { owner: string; repo: string } | undefined {
  if (spec.kind === 'branch') return { owner: spec.owner, repo: spec.repo };
  const [owner, repo] = (repository ?? '').split('/');
  return owner && repo ? { owner, repo } : undefined;
}

/**
 * Reads the policy (from the default branch of the store's repository,
 * through the API) and, when it protects personas, the job's verified OIDC
 * proof of its environment; returns the {@link Authoriser} that checks each
 * compare-and-swap round's request against them. Both `GITHUB_ACTOR` and
 * `GITHUB_TRIGGERING_ACTOR` must be allowed.
 */
export async function authoriseRequest(
  settings: { policy: string; oidcAudience: string },
  spec: StateSpec,
  client: GitHubClient,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<Authoriser> {
  const where = policyRepository(spec, env.GITHUB_REPOSITORY);
  let policy: Policy | undefined;
  let source = 'no repository to read a policy from';
  if (where) {
    const file = await readPolicyFile(client, { ...where, path: settings.policy });
    if (file) {
      const { readPolicy } = await importBundle('parser-full', () => import(/* webpackIgnore: true */ '../switching/policy-schema.js'));
      policy = readPolicy(file.text, file.file);
      source = `policy ${file.file}`;
    } else source = `no policy file ${settings.policy} on the default branch of ${where.owner}/${where.repo}`;
  }
  let proof: EnvironmentProof | undefined;
  let proofProblem = '';
  if (policy?.protected?.length) {
    try {
      proof = toEnvironmentProof(await requestOidcProof(env as Record<string, string | undefined>, { audience: settings.oidcAudience, logger }));
    } catch (error) {
      if (!isConfigurationError(error)) throw error;
      proofProblem = error.message;
    }
  }
  const who = { actor: env.GITHUB_ACTOR || 'unknown', triggeringActor: env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || 'unknown' };
  const authoriser: Authoriser = {
    notes: [],
    check(request, current) {
      const verdict = authorise(policy, request, who, proof, commandTarget(request, current));
      if (!verdict.allowed) return proofProblem ? { ...verdict, reason: `${verdict.reason} (OIDC: ${proofProblem})` } : verdict;
      authoriser.notes = [source, ...(verdict.rule ? [`allowed by ${verdict.rule}`] : []), ...verdict.notes];
      return verdict;
    },
  };
  return authoriser;
}
