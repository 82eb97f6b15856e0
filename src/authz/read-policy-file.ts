import { DEFAULT_POLICY_PATH } from './authz-defaults.js';
import { isConfigurationError, ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { NO_CONTROL_CHARACTERS } from '../persona/control-characters.js';
import { GitHubApiError } from '../github/github-api-error.js';
import type { GitHubClient } from '../github/github-client.js';
import { RAW_MEDIA_TYPE, readRawContent } from '../library/remote-github-content.js';

export { DEFAULT_POLICY_PATH };

/** The most bytes of a policy file: 1 MiB, like a persona file. */
export const MAX_POLICY_BYTES = 1024 * 1024;

/** Which repository's policy to read, and where in it. */
export interface PolicyFileLocation {
  owner: string;
  repo: string;
  /** Default {@link DEFAULT_POLICY_PATH}. */
  path?: string;
}

/** The policy file's text as the default branch holds it. */
export interface PolicyFile {
  text: string;
  /** Names the file in messages: `.github/persona-policy.yml@main of octo-org/app`. */
  file: string;
  /** The default branch it was read from. */
  ref: string;
}

/**
 * Reads the authorisation policy from the repository's default branch
 * through the API, never from the workspace (a `workflow_dispatch` on another
 * branch controls the checkout). The file is read in the raw media type,
 * under {@link MAX_POLICY_BYTES}.
 * @returns undefined when the default branch has no such file (no policy: every valid request is allowed).
 * @throws ConfigurationError when the repository or the file cannot be read (fail closed: nothing may be allowed on a policy that could not be read).
 */
export async function readPolicyFile(client: GitHubClient, location: PolicyFileLocation): Promise<PolicyFile | undefined> {
  const { owner, repo } = location;
  const path = checkPolicyPath(location.path ?? DEFAULT_POLICY_PATH);
  const ref = await defaultBranch(client, owner, repo);
  const file = `${path}@${ref} of ${owner}/${repo}`;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  let response;
  try {
    response = await client.request(
      `GET /repos/{owner}/{repo}/contents/${encoded}`,
      { owner, repo, ref, headers: { accept: RAW_MEDIA_TYPE }, request: { parseSuccessResponseBody: false } },
      { what: `the request for ${path}`, permission: 'contents: read' },
    );
  } catch (error) {
    if (error instanceof GitHubApiError && error.code === 'not-found') return undefined;
    throw failClosed(`the persona policy ${file}`, error);
  }
  try {
    const text = await readRawContent(response, file, MAX_POLICY_BYTES);
    if (isFolderListing(response.headers['content-type'], text)) throw new ConfigurationError(`the path is a folder, not a file`);
    return { text, file, ref };
  } catch (error) {
    throw failClosed(`the persona policy ${file}`, error);
  }
}

/** The repository's default branch; a repository that cannot be read fails closed. */
async function defaultBranch(client: GitHubClient, owner: string, repo: string): Promise<string> {
  const where = `the persona policy of ${owner}/${repo}`;
  let data: unknown;
  try {
    ({ data } = await client.request('GET /repos/{owner}/{repo}', { owner, repo }, { what: `the repository ${owner}/${repo}`, permission: 'contents: read' }));
  } catch (error) {
    throw failClosed(where, error);
  }
  const branch = typeof data === 'object' && data !== null ? (data as { default_branch?: unknown }).default_branch : undefined;
  if (typeof branch !== 'string' || !branch) throw new ConfigurationError(`${where} cannot be read: GitHub named no default branch of ${owner}/${repo}`);
  return branch;
}

/** The policy path: relative, `/`-separated, no `.`/`..` segment, no control character. */
function checkPolicyPath(path: string): string {
  const bad =
    !path ||
    path.startsWith('/') ||
    path.endsWith('/') ||
    !NO_CONTROL_CHARACTERS.test(path) ||
    path.includes('\\') ||
    path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) throw new ConfigurationError(`the policy path ${quote(path)} must be a file path inside the repository, like ${DEFAULT_POLICY_PATH}`);
  return path;
}

/** A raw request for a folder is answered with its JSON listing. */
function isFolderListing(contentType: string | undefined, text: string): boolean {
  if (!/^application\/json\b/i.test(contentType ?? '') || !text.trimStart().startsWith('[')) return false;
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && 'type' in item && 'path' in item);
  } catch {
    return false;
  }
}

/** Any failure to read the policy: nothing is allowed on a policy that could not be read. */
function failClosed(what: string, error: unknown): Error {
  if (!isConfigurationError(error)) return error instanceof Error ? error : new Error(String(error));
  return new ConfigurationError(`${what} could not be read, so no switch is allowed (fail closed): ${error.message}`);
}
