import { createHash } from 'node:crypto';
import type { GitHubShapes } from './github-api-shapes.js';

/** One entry of a stored tree: a file (blob) at a repository path. Trees are kept flat (path → blob). */
export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob';
  sha: string;
}

/** A stored commit. */
export interface StoredCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  /** ISO 8601 UTC. */
  date: string;
}

/** A git object SHA the way git computes it: sha1 of `<type> <size>\0<bytes>`. */
export function gitObjectSha(type: 'blob' | 'tree' | 'commit', bytes: Uint8Array): string {
  return createHash('sha1').update(`${type} ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

/**
 * The objects and branches of one repository in the GitHub stand-in: blobs
 * (real git blob SHAs, so the contents API's `sha` is what GitHub would
 * give), flat trees, commits with parents, and `refs/heads/*`. Everything
 * happens synchronously, so a compare-and-swap in a request handler is
 * atomic, as it is on GitHub.
 */
export class GitObjectStore {
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly trees = new Map<string, TreeEntry[]>();
  private readonly commits = new Map<string, StoredCommit>();
  private readonly branches = new Map<string, string>();
  private clock = Date.UTC(2026, 0, 1);

  /** Stores `bytes` and returns their blob SHA. */
  putBlob(bytes: Uint8Array): string {
    const sha = gitObjectSha('blob', bytes);
    this.blobs.set(sha, bytes);
    return sha;
  }

  blob(sha: string): Uint8Array | undefined {
    return this.blobs.get(sha);
  }

  /** Stores a tree (the entries of `base`, replaced by path by `entries`); undefined when a blob or the base is missing. */
  putTree(entries: TreeEntry[], base?: string): string | undefined {
    if (base !== undefined && !this.trees.has(base)) return undefined;
    if (entries.some((entry) => !this.blobs.has(entry.sha))) return undefined;
    const merged = new Map((base ? this.trees.get(base)! : []).map((entry) => [entry.path, entry]));
    for (const entry of entries) merged.set(entry.path, entry);
    const list = [...merged.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
    const sha = gitObjectSha('tree', Buffer.from(list.map((e) => `${e.mode} ${e.path}\0${e.sha}`).join('\n')));
    this.trees.set(sha, list);
    return sha;
  }

  tree(sha: string): TreeEntry[] | undefined {
    return this.trees.get(sha);
  }

  /** Stores a commit; undefined when its tree or a parent is missing. */
  putCommit(message: string, tree: string, parents: string[]): StoredCommit | undefined {
    if (!this.trees.has(tree) || parents.some((parent) => !this.commits.has(parent))) return undefined;
    const date = new Date((this.clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const text = `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}date ${date}\n\n${message}`;
    const commit: StoredCommit = { sha: gitObjectSha('commit', Buffer.from(text)), tree, parents: [...parents], message, date };
    this.commits.set(commit.sha, commit);
    return commit;
  }

  commit(sha: string): StoredCommit | undefined {
    return this.commits.get(sha);
  }

  /** The commit SHA a branch points at. */
  head(branch: string): string | undefined {
    return this.branches.get(branch);
  }

  /** Points a branch at a commit (create or move). */
  setHead(branch: string, sha: string): void {
    this.branches.set(branch, sha);
  }

  branchNames(): string[] {
    return [...this.branches.keys()];
  }

  /** The files of a branch (path → bytes), or undefined when the branch does not exist. */
  files(branch: string): Map<string, Uint8Array> | undefined {
    const head = this.head(branch);
    if (head === undefined) return undefined;
    const entries = this.trees.get(this.commits.get(head)!.tree)!;
    return new Map(entries.map((entry) => [entry.path, this.blobs.get(entry.sha)!]));
  }

  /** The blob SHA of `path` on `branch`. */
  fileSha(branch: string, path: string): string | undefined {
    const head = this.head(branch);
    if (head === undefined) return undefined;
    return this.trees.get(this.commits.get(head)!.tree)!.find((entry) => entry.path === path)?.sha;
  }

  /**
   * Commits `files` (path → text or bytes; `null` deletes) on top of
   * `branch` (created as an orphan when missing) and moves the branch.
   */
  commitFiles(branch: string, files: Record<string, string | Uint8Array | null>, message: string): StoredCommit {
    const head = this.head(branch);
    const base = head === undefined ? undefined : this.commits.get(head)!.tree;
    const kept = (base ? this.trees.get(base)! : []).filter((entry) => !(entry.path in files));
    const added = Object.entries(files)
      .filter((pair): pair is [string, string | Uint8Array] => pair[1] !== null)
      .map(([path, content]): TreeEntry => ({
        path,
        mode: '100644',
        type: 'blob',
        sha: this.putBlob(typeof content === 'string' ? Buffer.from(content) : content),
      }));
    const tree = this.putTree([...kept, ...added])!;
    const commit = this.putCommit(message, tree, head === undefined ? [] : [head])!;
    this.setHead(branch, commit.sha);
    return commit;
  }

  /** The commits reachable from `branch` along first parents, newest first. */
  log(branch: string): StoredCommit[] {
    const out: StoredCommit[] = [];
    for (let sha = this.head(branch); sha !== undefined; sha = this.commits.get(sha)!.parents[0]) out.push(this.commits.get(sha)!);
    return out;
  }
}

/** An answer of the stand-in. */
export interface StandInReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A 404 or 422 in GitHub's `basic-error` shape. */
export function errorReply(status: 404 | 409 | 422, message: string): StandInReply {
  return { status, body: { message, documentation_url: 'https://docs.github.com/rest', status: String(status) } };
}

/** What a Git Data API route gets: the repository's store and shapes, the request body and query. */
export interface GitCall {
  store: GitObjectStore;
  shapes: GitHubShapes;
  body: Record<string, unknown>;
  query: URLSearchParams;
  defaultBranch: string;
}

/**
 * The Git Data API and the commit list as GitHub answers them: POST
 * git/blobs, git/trees (flat, optional `base_tree`), git/commits (`parents:
 * []` for an orphan), git/refs (an existing ref is 422 `Reference already
 * exists`), GET git/ref/heads/{branch}, GET commits?sha=&per_page=&page=.
 * Undefined for any other route.
 */
export function gitDataRoute(method: string, rest: string, call: GitCall): StandInReply | undefined {
  const { store, shapes, body } = call;
  if (method === 'POST' && rest === '/git/blobs') {
    const { content, encoding = 'utf-8' } = body;
    if (typeof content !== 'string' || (encoding !== 'utf-8' && encoding !== 'base64'))
      return errorReply(422, 'Invalid request.\n\n"content" wasn\'t supplied.');
    return { status: 201, body: shapes.blob(store.putBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'))) };
  }
  if (method === 'POST' && rest === '/git/trees') return createTree(call);
  if (method === 'POST' && rest === '/git/commits') {
    const { message, tree, parents = [] } = body;
    if (typeof message !== 'string' || typeof tree !== 'string' || !Array.isArray(parents)) return errorReply(422, 'Invalid request.');
    if (!store.tree(tree)) return errorReply(422, 'Tree SHA does not exist');
    const commit = store.putCommit(message, tree, parents as string[]);
    return commit ? { status: 201, body: shapes.gitCommit(commit) } : errorReply(422, 'Parent SHA does not exist or is not a commit object');
  }
  if (method === 'POST' && rest === '/git/refs') return createRef(call);
  const ref = /^\/git\/ref\/heads\/(.+)$/.exec(rest);
  if (method === 'GET' && ref) {
    const head = store.head(ref[1]!);
    return head === undefined ? errorReply(404, 'Not Found') : { status: 200, body: shapes.ref(`refs/heads/${ref[1]!}`, head) };
  }
  if (method === 'GET' && rest === '/commits') {
    const branch = call.query.get('sha') ?? call.defaultBranch;
    if (store.head(branch) === undefined) return errorReply(404, `No commit found for SHA: ${branch}`);
    const perPage = Math.min(100, Number(call.query.get('per_page') ?? 30));
    const page = Number(call.query.get('page') ?? 1);
    return {
      status: 200,
      body: store
        .log(branch)
        .slice((page - 1) * perPage, page * perPage)
        .map((commit) => shapes.listedCommit(commit)),
    };
  }
  return undefined;
}

function createTree({ store, shapes, body }: GitCall): StandInReply {
  const { tree, base_tree: base } = body;
  const entries = Array.isArray(tree) ? (tree as Array<Partial<TreeEntry>>) : [];
  if (!entries.length || entries.some((e) => typeof e.path !== 'string' || e.type !== 'blob' || typeof e.sha !== 'string' || e.mode !== '100644'))
    return errorReply(422, 'Invalid tree info');
  const sha = store.putTree(entries as TreeEntry[], typeof base === 'string' ? base : undefined);
  if (sha === undefined) return errorReply(422, 'Invalid tree info');
  return { status: 201, body: shapes.tree(sha, store.tree(sha)!, (blob) => store.blob(blob)!.byteLength) };
}

function createRef({ store, shapes, body }: GitCall): StandInReply {
  const { ref, sha } = body;
  const branch = typeof ref === 'string' ? /^refs\/heads\/(.+)$/.exec(ref)?.[1] : undefined;
  if (branch === undefined || typeof sha !== 'string') return errorReply(422, 'Reference name is not well formed');
  if (store.head(branch) !== undefined) return errorReply(422, 'Reference already exists');
  if (!store.commit(sha)) return errorReply(422, 'Object does not exist');
  store.setHead(branch, sha);
  return { status: 201, body: shapes.ref(ref as string, sha) };
}
