import { createHash } from 'node:crypto';
import type { StoredCommit, TreeEntry } from './github-git-store.js';

/** Builds GitHub's JSON shapes (checked against @octokit/openapi) for the objects of one repository. */
export class GitHubShapes {
  constructor(
    private readonly baseUrl: string,
    private readonly owner: string,
    private readonly repo: string,
  ) {}

  private get api(): string {
    return `${this.baseUrl}/repos/${this.owner}/${this.repo}`;
  }

  private get html(): string {
    return `https://github.com/${this.owner}/${this.repo}`;
  }

  /** What the contents API gives for `path` among `files`: a file object with base64 content, a folder listing, or undefined. */
  contents(files: Map<string, Uint8Array>, path: string, ref?: string): unknown {
    const bytes = files.get(path);
    if (bytes !== undefined) return { ...this.entry(path, 'file', bytes, ref), encoding: 'base64', content: wrapBase64(bytes) };
    const prefix = path ? `${path}/` : '';
    const children = new Map<string, 'file' | 'dir'>();
    for (const file of files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [name, ...deeper] = file.slice(prefix.length).split('/');
      children.set(name!, deeper.length ? 'dir' : 'file');
    }
    if (!children.size) return undefined;
    return [...children]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, type]) => this.entry(prefix + name, type, type === 'file' ? files.get(prefix + name)! : new Uint8Array(), ref));
  }

  /** A contents API entry (`content-file` without content, or a folder entry). */
  entry(path: string, type: 'file' | 'dir', bytes: Uint8Array, ref = 'main'): Record<string, unknown> {
    const sha =
      type === 'file' ? createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex') : createHash('sha1').update(path).digest('hex');
    const api = this.api;
    const self = `${api}/contents/${path}?ref=${ref}`;
    const git = `${api}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
    const html = `${this.html}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${path}`;
    return {
      type,
      size: type === 'file' ? bytes.byteLength : 0,
      name: path.split('/').pop(),
      path,
      sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url: type === 'file' ? `https://raw.githubusercontent.com/${this.owner}/${this.repo}/${ref}/${path}` : null,
      _links: { self, git, html },
    };
  }

  /** `git-ref`. */
  ref(ref: string, sha: string): Record<string, unknown> {
    return { ref, node_id: nodeId('REF', ref), url: `${this.api}/git/${ref}`, object: { type: 'commit', sha, url: `${this.api}/git/commits/${sha}` } };
  }

  /** `short-blob`. */
  blob(sha: string): Record<string, unknown> {
    return { sha, url: `${this.api}/git/blobs/${sha}` };
  }

  /** `git-tree`. */
  tree(sha: string, entries: TreeEntry[], sizes: (sha: string) => number): Record<string, unknown> {
    const tree = entries.map((e) => ({ ...e, size: sizes(e.sha), url: `${this.api}/git/blobs/${e.sha}` }));
    return { sha, url: `${this.api}/git/trees/${sha}`, tree, truncated: false };
  }

  /** `git-commit`. */
  gitCommit(commit: StoredCommit): Record<string, unknown> {
    const person = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com', date: commit.date };
    return {
      sha: commit.sha,
      node_id: nodeId('C', commit.sha),
      url: `${this.api}/git/commits/${commit.sha}`,
      html_url: `${this.html}/commit/${commit.sha}`,
      author: person,
      committer: person,
      tree: { sha: commit.tree, url: `${this.api}/git/trees/${commit.tree}` },
      message: commit.message,
      parents: commit.parents.map((sha) => ({ sha, url: `${this.api}/git/commits/${sha}`, html_url: `${this.html}/commit/${sha}` })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    };
  }

  /** `commit` (an item of the commit list). */
  listedCommit(commit: StoredCommit): Record<string, unknown> {
    const git = this.gitCommit(commit);
    return {
      sha: commit.sha,
      node_id: git.node_id,
      url: `${this.api}/commits/${commit.sha}`,
      html_url: git.html_url,
      comments_url: `${this.api}/commits/${commit.sha}/comments`,
      commit: { url: git.url, author: git.author, committer: git.committer, message: commit.message, comment_count: 0, tree: git.tree },
      author: null,
      committer: null,
      parents: commit.parents.map((sha) => ({ sha, url: `${this.api}/commits/${sha}`, html_url: `${this.html}/commit/${sha}` })),
    };
  }

  /** `full-repository`, with every field GitHub's description requires. */
  repository(options: { private: boolean; defaultBranch: string }): Record<string, unknown> {
    const api = this.api;
    const urls = Object.fromEntries(REPO_URL_FIELDS.map(([field, suffix]) => [field, `${api}${suffix}`]));
    return {
      id: 1296269,
      node_id: nodeId('R', `${this.owner}/${this.repo}`),
      name: this.repo,
      full_name: `${this.owner}/${this.repo}`,
      owner: this.user(this.owner),
      private: options.private,
      visibility: options.private ? 'private' : 'public',
      html_url: this.html,
      description: null,
      fork: false,
      url: api,
      ...urls,
      git_url: `git://github.com/${this.owner}/${this.repo}.git`,
      ssh_url: `git@github.com:${this.owner}/${this.repo}.git`,
      clone_url: `${this.html}.git`,
      svn_url: this.html,
      mirror_url: null,
      homepage: null,
      language: 'TypeScript',
      ...Object.fromEntries(REPO_COUNTS.map((field) => [field, 0])),
      default_branch: options.defaultBranch,
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      has_pages: false,
      has_discussions: false,
      archived: false,
      disabled: false,
      license: null,
      pushed_at: '2026-01-01T00:00:00Z',
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
  }

  /** `status`: a commit status as `POST /repos/{owner}/{repo}/statuses/{sha}` answers it. */
  status(id: number, body: { state: string; context?: string; description?: string; target_url?: string }): Record<string, unknown> {
    return {
      url: `${this.api}/statuses/${id}`,
      avatar_url: null,
      id,
      node_id: nodeId('SC', String(id)),
      state: body.state,
      description: body.description ?? null,
      target_url: body.target_url ?? null,
      context: body.context ?? 'default',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      creator: this.user('github-actions[bot]'),
    };
  }

  /** `deployment`: `performed_via_github_app` is the GitHub Actions app when `github-actions[bot]` created it. */
  deployment(d: DeploymentShapeInput): Record<string, unknown> {
    const url = `${this.api}/deployments/${d.id}`;
    return {
      url,
      id: d.id,
      node_id: nodeId('DE', String(d.id)),
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: d.payload,
      original_environment: d.environment,
      environment: d.environment,
      description: d.description,
      creator: this.user(d.creator),
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      statuses_url: `${url}/statuses`,
      repository_url: this.api,
      transient_environment: d.transient,
      production_environment: d.production,
      performed_via_github_app: d.creator === ACTIONS_BOT ? this.actionsApp() : null,
    };
  }

  /** `deployment-status`. */
  deploymentStatus(d: DeploymentShapeInput, s: DeploymentStatusShapeInput): Record<string, unknown> {
    const deploymentUrl = `${this.api}/deployments/${d.id}`;
    return {
      url: `${deploymentUrl}/statuses/${s.id}`,
      id: s.id,
      node_id: nodeId('DES', String(s.id)),
      state: s.state,
      creator: this.user(s.creator),
      description: s.description,
      environment: d.environment,
      target_url: s.targetUrl,
      created_at: s.createdAt,
      updated_at: s.createdAt,
      deployment_url: deploymentUrl,
      repository_url: this.api,
      environment_url: s.environmentUrl,
      log_url: s.logUrl,
      performed_via_github_app: s.creator === ACTIONS_BOT ? this.actionsApp() : null,
    };
  }

  /** `integration`: the GitHub Actions app. */
  private actionsApp(): Record<string, unknown> {
    return {
      id: 15368,
      slug: 'github-actions',
      node_id: 'MDM6QXBwMTUzNjg=',
      client_id: 'Iv1.05c79e9ad1f6bdfa',
      owner: this.user('github'),
      name: 'GitHub Actions',
      description: 'Automate your workflow from idea to production',
      external_url: 'https://help.github.com/en/actions',
      html_url: 'https://github.com/apps/github-actions',
      created_at: '2018-07-30T09:30:17Z',
      updated_at: '2024-04-10T20:33:16Z',
      permissions: { deployments: 'write', metadata: 'read' },
      events: [],
    };
  }

  /** `simple-user`. */
  private user(login: string): Record<string, unknown> {
    const url = `${this.baseUrl}/users/${login}`;
    return {
      login,
      id: login === ACTIONS_BOT ? 41898282 : 9919,
      node_id: nodeId('O', login),
      avatar_url: `https://avatars.githubusercontent.com/u/9919?v=4`,
      gravatar_id: '',
      url,
      html_url: `https://github.com/${login}`,
      ...Object.fromEntries(USER_URL_FIELDS.map(([field, suffix]) => [field, `${url}${suffix}`])),
      type: login.endsWith('[bot]') ? 'Bot' : 'Organization',
      site_admin: false,
    };
  }
}

/** The login of the GITHUB_TOKEN's user. */
const ACTIONS_BOT = 'github-actions[bot]';

/** What {@link GitHubShapes.deployment} needs of a stored deployment. */
export interface DeploymentShapeInput {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  description: string | null;
  creator: string;
  transient: boolean;
  production: boolean;
  /** ISO 8601 UTC. */
  createdAt: string;
  updatedAt: string;
}

/** What {@link GitHubShapes.deploymentStatus} needs of a stored status. */
export interface DeploymentStatusShapeInput {
  id: number;
  state: string;
  description: string;
  creator: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  /** ISO 8601 UTC. */
  createdAt: string;
}

/** `field:suffix` pairs of a repository's URL templates (under its API URL). */
const REPO_URL_FIELDS = (
  'archive_url:/{archive_format}{/ref} assignees_url:/assignees{/user} blobs_url:/git/blobs{/sha} branches_url:/branches{/branch} ' +
  'collaborators_url:/collaborators{/collaborator} comments_url:/comments{/number} commits_url:/commits{/sha} compare_url:/compare/{base}...{head} ' +
  'contents_url:/contents/{+path} contributors_url:/contributors deployments_url:/deployments downloads_url:/downloads events_url:/events ' +
  'forks_url:/forks git_commits_url:/git/commits{/sha} git_refs_url:/git/refs{/sha} git_tags_url:/git/tags{/sha} hooks_url:/hooks ' +
  'issue_comment_url:/issues/comments{/number} issue_events_url:/issues/events{/number} issues_url:/issues{/number} keys_url:/keys{/key_id} ' +
  'labels_url:/labels{/name} languages_url:/languages merges_url:/merges milestones_url:/milestones{/number} ' +
  'notifications_url:/notifications{?since,all,participating} pulls_url:/pulls{/number} releases_url:/releases{/id} stargazers_url:/stargazers ' +
  'statuses_url:/statuses/{sha} subscribers_url:/subscribers subscription_url:/subscription tags_url:/tags teams_url:/teams trees_url:/git/trees{/sha}'
)
  .split(' ')
  .map((pair) => pair.split(/:(.*)/s) as [string, string]);

const REPO_COUNTS = 'forks forks_count open_issues open_issues_count size stargazers_count watchers watchers_count network_count subscribers_count'.split(' ');

/** `field:suffix` pairs of a user's URL templates. */
const USER_URL_FIELDS = (
  'events_url:/events{/privacy} followers_url:/followers following_url:/following{/other_user} gists_url:/gists{/gist_id} organizations_url:/orgs ' +
  'received_events_url:/received_events repos_url:/repos starred_url:/starred{/owner}{/repo} subscriptions_url:/subscriptions'
)
  .split(' ')
  .map((pair) => pair.split(/:(.*)/s) as [string, string]);

function nodeId(kind: string, text: string): string {
  return `${kind}_${Buffer.from(text).toString('base64url').slice(0, 20)}`;
}

/** Base64 in 60-character lines, as GitHub sends file content. */
export function wrapBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('base64')
    .replace(/.{1,60}/g, '$&\n');
}
