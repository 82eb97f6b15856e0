/**
 * The write side of a `branch` store, through the GitHub client: the
 * read-for-update (JSON form, for the blob `sha`), the compare-and-swap PUT,
 * and the orphan branch created through the Git Data API on first write.
 */
import { createHash } from 'node:crypto';
import { ConfigurationError } from '../errors/configuration-error.js';
import { GitHubApiError } from '../github/github-api-error.js';
import type { GitHubClient } from '../github/github-client.js';
import { formatBytes, MAX_REMOTE_BYTES } from '../library/http-body.js';
import { historyCommitMessage } from '../switching/history-entry.js';
import { parseState, serializeState } from '../switching/parse-state.js';
import type { HistoryEntry, PersonaState } from '../switching/persona-state.js';
import { READ_PERMISSION, STATE_FILE } from './branch-state-read.js';
import { LostRaceError } from './compare-and-swap.js';

/** The permission writing a `branch` store needs. */
export const WRITE_PERMISSION = 'contents: write';

/** What the update read saw: no branch, a branch without the file, or the file's blob SHA. */
export type BranchVersion = { kind: 'no-branch' } | { kind: 'no-file' } | { kind: 'file'; sha: string };

/** The store a write goes to. */
export interface BranchTarget {
  client: GitHubClient;
  owner: string;
  repo: string;
  branch: string;
  /** `branch "persona-state" of octo-org/app`. */
  description: string;
}

/** The contents API's file object, the parts read here. */
interface ContentFile {
  type?: string;
  sha?: string;
  content?: string;
  encoding?: string;
}

/**
 * A write that failed in transit (network error, timeout, 5xx) and, as a
 * re-read showed, did not land while nobody else wrote either: safe to send
 * again. A {@link LostRaceError}, so the compare-and-swap loop retries it;
 * the store gives up after a few and throws {@link WriteNotLandedError.original}.
 */
export class WriteNotLandedError extends LostRaceError {
  constructor(readonly original: GitHubApiError) {
    super(original.message);
    this.name = 'WriteNotLandedError';
  }
}

/** The git blob SHA of `bytes` (what the contents API calls a file's `sha`). */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

/** The state and its version, read with the client (JSON form: the content and its blob SHA). */
export async function readForUpdate(target: BranchTarget): Promise<{ state: PersonaState | undefined; version: BranchVersion }> {
  const { client, owner, repo, branch, description } = target;
  const where = `${STATE_FILE} on ${description}`;
  let data: ContentFile;
  try {
    const call = { what: `reading ${where}`, permission: READ_PERMISSION };
    data = (await client.request<ContentFile>('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: STATE_FILE, ref: branch }, call)).data;
  } catch (error) {
    if (!(error instanceof GitHubApiError) || error.code !== 'not-found') throw error;
    return { state: undefined, version: (await branchHead(target)) === undefined ? { kind: 'no-branch' } : { kind: 'no-file' } };
  }
  if (data.type !== 'file' || typeof data.sha !== 'string')
    throw new ConfigurationError({ file: where, message: `the store holds a ${String(data.type)} named ${STATE_FILE}, not a file` });
  if (data.encoding !== 'base64' || typeof data.content !== 'string')
    throw new ConfigurationError({
      file: where,
      message: `the state is too large for the contents API (a state may have at most ${formatBytes(MAX_REMOTE_BYTES)})`,
    });
  const bytes = Buffer.from(data.content, 'base64');
  if (bytes.byteLength > MAX_REMOTE_BYTES)
    throw new ConfigurationError({
      file: where,
      message: `the state has ${bytes.byteLength} bytes: a state may have at most ${formatBytes(MAX_REMOTE_BYTES)}`,
    });
  return { state: parseState(bytes.toString('utf8'), where), version: { kind: 'file', sha: data.sha } };
}

/** The commit the branch points at, or undefined when it does not exist. */
async function branchHead({ client, owner, repo, branch, description }: BranchTarget): Promise<string | undefined> {
  try {
    const call = { what: `reading the branch of ${description}`, permission: READ_PERMISSION };
    const { data } = await client.request<{ object?: { sha?: string } }>(
      'GET /repos/{owner}/{repo}/git/ref/{ref}',
      { owner, repo, ref: `heads/${branch}` },
      call,
    );
    return data.object?.sha;
  } catch (error) {
    if (error instanceof GitHubApiError && error.code === 'not-found') return undefined;
    throw error;
  }
}

/**
 * Writes `state` as one commit whose message records `entry`, if the store
 * is still at `version`; nothing is visible until the PUT or the ref lands.
 * @throws LostRaceError when another writer got in first (409, 422, the ref exists already);
 *   ConfigurationError (a GitHubApiError) for every other failure.
 */
export async function writeState(target: BranchTarget, write: { state: PersonaState; entry: HistoryEntry }, version: BranchVersion): Promise<void> {
  const text = serializeState(write.state);
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.byteLength > MAX_REMOTE_BYTES)
    throw new ConfigurationError(
      `${target.description}: the new state would have ${bytes.byteLength} bytes, over the ${formatBytes(MAX_REMOTE_BYTES)} a state may have; nothing was written`,
    );
  const message = historyCommitMessage(write.entry);
  if (version.kind === 'no-branch') return createOrphanBranch(target, bytes, message);
  return putContents(target, bytes, message, version);
}

/** PUT contents with the blob `sha` read (none when the branch has no state file yet) as the compare-and-swap. */
async function putContents(target: BranchTarget, bytes: Buffer, message: string, version: BranchVersion): Promise<void> {
  const { client, owner, repo, branch, description } = target;
  const params = {
    owner,
    repo,
    path: STATE_FILE,
    branch,
    message,
    content: bytes.toString('base64'),
    ...(version.kind === 'file' ? { sha: version.sha } : {}),
  };
  try {
    // Not repeated by the client after a network error or 5xx: it may have landed, which is checked below instead.
    await client.request('PUT /repos/{owner}/{repo}/contents/{path}', params, {
      what: `writing ${STATE_FILE} on ${description}`,
      permission: WRITE_PERMISSION,
      idempotent: false,
    });
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    // 409: the sha is stale; 422: no sha for a file that now exists ("sha" wasn't supplied).
    if (error.status === 409 || error.code === 'conflict' || (error.status === 422 && /\bsha\b/i.test(error.message)))
      throw new LostRaceError(`${description}: ${STATE_FILE} changed since it was read`);
    if (error.code !== 'unreachable') throw error;
    const now = await readForUpdate(target);
    if (now.version.kind === 'file' && now.version.sha === gitBlobSha(bytes)) return;
    if (sameVersion(now.version, version)) throw new WriteNotLandedError(error);
    throw new LostRaceError(`${description}: ${STATE_FILE} changed while the write failed (${error.reason})`);
  }
}

/** Blob, tree (no base), commit (no parents), then the ref: the branch appears whole, or not at all. */
async function createOrphanBranch(target: BranchTarget, bytes: Buffer, message: string): Promise<void> {
  const { client, owner, repo, branch, description } = target;
  // Creating the same object twice is harmless (unreferenced objects), so these POSTs may be repeated.
  const call = (what: string) => ({ what: `${what} for ${description}`, permission: WRITE_PERMISSION, idempotent: true });
  const blob = await client.request<{ sha: string }>(
    'POST /repos/{owner}/{repo}/git/blobs',
    { owner, repo, content: bytes.toString('base64'), encoding: 'base64' },
    call('creating the state blob'),
  );
  const tree = await client.request<{ sha: string }>(
    'POST /repos/{owner}/{repo}/git/trees',
    { owner, repo, tree: [{ path: STATE_FILE, mode: '100644', type: 'blob', sha: blob.data.sha }] },
    call('creating the state tree'),
  );
  const commit = await client.request<{ sha: string }>(
    'POST /repos/{owner}/{repo}/git/commits',
    { owner, repo, message, tree: tree.data.sha, parents: [] },
    call('creating the first state commit'),
  );
  try {
    await client.request(
      'POST /repos/{owner}/{repo}/git/refs',
      { owner, repo, ref: `refs/heads/${branch}`, sha: commit.data.sha },
      { what: `creating ${description}`, permission: WRITE_PERMISSION, idempotent: false },
    );
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    // 422 "Reference already exists": another writer created the branch first.
    if (error.code === 'conflict') throw new LostRaceError(`${description} was created by another writer`);
    if (error.code !== 'unreachable') throw error;
    const now = await branchHead(target);
    if (now === commit.data.sha) return;
    if (now === undefined) throw new WriteNotLandedError(error);
    throw new LostRaceError(`${description} was created by another writer while the request failed (${error.reason})`);
  }
}

function sameVersion(a: BranchVersion, b: BranchVersion): boolean {
  return a.kind === b.kind && (a.kind !== 'file' || a.sha === (b as { sha: string }).sha);
}
