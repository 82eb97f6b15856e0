/**
 * The `state` input (and the CLI's `--state`): which store holds the persona
 * state. Parsed once, with the repository and workspace the run has, into a
 * {@link StateSpec} that the store factories take.
 */
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';

/** The branch of the `branch` form, and of `github:OWNER/REPO` without `@branch`. */
export const DEFAULT_STATE_BRANCH = 'persona-state';

/** What every error about the input lists as the accepted forms. */
export const STATE_FORMS = 'branch (the default), branch:<name>, github:OWNER/REPO[@branch], file:<path> or none';

/** A parsed `state` input. */
export type StateSpec =
  | {
      kind: 'branch';
      owner: string;
      repo: string;
      branch: string;
      /** True for the `github:` form: a store shared by many repositories (its policy is read from that repository). */
      shared: boolean;
    }
  | {
      kind: 'file';
      /** Absolute, resolved against the workspace. */
      path: string;
    }
  | { kind: 'none' };

/** What {@link parseStateSpec} needs besides the text. */
export interface StateSpecContext {
  /** `GITHUB_REPOSITORY` (`owner/repo`): the repository of the `branch` forms. */
  repository?: string;
  /** Where a relative `file:` path starts (`GITHUB_WORKSPACE`, or the current directory for the CLI). */
  workspace: string;
}

/** GitHub's owner names: letters, digits, `-` (and `_` of managed users), at most 39, not starting with `-` or `_`. */
const OWNER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/;
/** GitHub's repository names: letters, digits, `.`, `_`, `-`, at most 100 (`.` and `..` excluded separately). */
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
/** The longest branch name accepted. */
const MAX_BRANCH_CHARS = 200;

/**
 * Parses a `state` input: `branch` (or empty: branch `persona-state` of
 * `GITHUB_REPOSITORY`), `branch:<name>`, `github:OWNER/REPO[@branch]`,
 * `file:<path>` (resolved against the workspace) or `none`. Surrounding
 * white space is ignored. `what` names the input in messages.
 * @throws ConfigurationError naming the input, quoting the value and listing the accepted forms.
 */
export function parseStateSpec(text: string, context: StateSpecContext, what = 'input "state"'): StateSpec {
  const value = text.trim();
  const fail = (problem: string): never => {
    throw new ConfigurationError(`${what}: ${quote(value)} ${problem}; accepted forms: ${STATE_FORMS}`);
  };
  if (value === 'none') return { kind: 'none' };
  if (value === '' || value === 'branch') return { kind: 'branch', ...thisRepository(context, what), branch: DEFAULT_STATE_BRANCH, shared: false };
  if (value.startsWith('branch:')) {
    const branch = value.slice('branch:'.length);
    const problem = branchProblem(branch);
    if (problem) fail(problem);
    return { kind: 'branch', ...thisRepository(context, what), branch, shared: false };
  }
  if (value.startsWith('github:')) return parseGitHubForm(value.slice('github:'.length), fail);
  if (value.startsWith('file:')) {
    const file = value.slice('file:'.length);
    if (file.trim() === '') fail('names no file after "file:"');
    if (hasControl(file)) fail('has a control character in the path');
    return { kind: 'file', path: path.resolve(context.workspace, file) };
  }
  return fail('is not a state store');
}

/** `github:OWNER/REPO[@branch]` after the prefix. */
function parseGitHubForm(rest: string, fail: (problem: string) => never): StateSpec {
  const at = rest.indexOf('@');
  const location = at < 0 ? rest : rest.slice(0, at);
  const branch = at < 0 ? DEFAULT_STATE_BRANCH : rest.slice(at + 1);
  const parts = location.split('/');
  if (parts.length !== 2) fail('is not github:OWNER/REPO[@branch] (exactly one "/" between owner and repository)');
  const [owner = '', repo = ''] = parts;
  if (!OWNER.test(owner)) fail(`has an owner ${quote(owner)} that GitHub does not allow`);
  if (!REPO.test(repo) || repo === '.' || repo === '..') fail(`has a repository ${quote(repo)} that GitHub does not allow`);
  const problem = branchProblem(branch);
  if (problem) fail(problem);
  return { kind: 'branch', owner, repo, branch, shared: true };
}

/** The owner and repository of `GITHUB_REPOSITORY`, for the `branch` forms. */
function thisRepository(context: StateSpecContext, what: string): { owner: string; repo: string } {
  const repository = context.repository?.trim() ?? '';
  if (!repository) {
    throw new ConfigurationError(
      `${what}: the branch store needs the repository (GITHUB_REPOSITORY, owner/repo) and it is not set; outside GitHub Actions use github:OWNER/REPO[@branch], file:<path> or none`,
    );
  }
  const [owner = '', repo = '', ...extra] = repository.split('/');
  if (extra.length > 0 || !OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') {
    throw new ConfigurationError(`${what}: GITHUB_REPOSITORY ${quote(repository)} is not owner/repo`);
  }
  return { owner, repo };
}

/** True when `text` holds a C0 control character or DEL. */
function hasControl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text);
}

/**
 * Why `name` is not a branch name git accepts (`git check-ref-format
 * --branch`), or undefined when it is: no control characters, space, `~ ^ :
 * ? * [ \`, `..` or `@{`; no leading `-`; no empty, `.`-leading or
 * `.lock`-ending component; not ending in `/` or `.`; not `@`.
 */
export function branchProblem(name: string): string | undefined {
  if (name === '') return 'names no branch';
  if (name.length > MAX_BRANCH_CHARS) return `has a branch name over ${MAX_BRANCH_CHARS} characters`;
  if (hasControl(name)) return 'has a control character in the branch name';
  if (/[ ~^:?*[\\]/.test(name)) return 'has a character git does not allow in a branch name (space, ~ ^ : ? * [ \\)';
  if (name.includes('..') || name.includes('@{')) return 'has ".." or "@{" in the branch name, which git does not allow';
  if (name === '@') return 'is "@", which git does not allow as a branch name';
  if (name.startsWith('-')) return 'has a branch name starting with "-"';
  if (name.endsWith('/') || name.endsWith('.')) return 'has a branch name ending in "/" or "."';
  for (const component of name.split('/')) {
    if (component === '') return 'has an empty component ("//" or a leading "/") in the branch name';
    if (component.startsWith('.')) return 'has a branch name component starting with "."';
    if (component.endsWith('.lock')) return 'has a branch name component ending in ".lock"';
  }
  return undefined;
}
