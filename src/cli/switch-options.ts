/**
 * The options the switching commands share (`persona switch`, `status`,
 * `rollout`, `revert`): where a request goes (`--repo` to send it, `--state`
 * to apply it or read from), how it is sent (`--via`, `--event-type`,
 * `--workflow`, `--ref`), the API root and token, and `--wait [timeout]`.
 */
import { DEFAULT_GITHUB_API_URL } from '../github/github-client.js';
import { parseStateSpec, type StateSpec } from '../state/state-spec.js';
import { durationProblem, parseDuration } from '../persona/duration.js';
import { UsageError } from './args.js';
import type { CommandContext } from './context.js';
import { DEFAULT_POLICY_PATH } from '../authz/authz-defaults.js';

/** `--repo`, `--state`, `--environment`, `--api-url`: every switching command takes them. */
export const TARGET_OPTIONS = {
  repo: { type: 'string' },
  state: { type: 'string' },
  environment: { type: 'string', short: 'e' },
  'api-url': { type: 'string' },
} as const;

/** The options of the commands that send or apply a request. */
export const REQUEST_OPTIONS = {
  ...TARGET_OPTIONS,
  via: { type: 'string' },
  'event-type': { type: 'string' },
  workflow: { type: 'string' },
  ref: { type: 'string' },
  reason: { type: 'string' },
  'correlation-id': { type: 'string' },
  policy: { type: 'string' },
  wait: { type: 'string' },
} as const;

/** How a request is sent to a repository. */
export const VIAS = ['repository_dispatch', 'workflow_dispatch'] as const;
export type Via = (typeof VIAS)[number];

/** The workflow `--via workflow_dispatch` runs unless `--workflow` names another. */
export const DEFAULT_SWITCH_WORKFLOW = 'persona-switch.yml';
/** How long `--wait` waits when it names no timeout. */
export const DEFAULT_WAIT = '5m';
/** The longest `--wait`. */
const MAX_WAIT_MS = 6 * 60 * 60 * 1000;

/** Where a command's request goes, or what `status` reads. */
export interface Target {
  /** `OWNER/REPO` of `--repo`: the request is sent there. */
  repository?: { owner: string; repo: string };
  /** The store: `--state`, else the `branch` store of `--repo`. */
  store: StateSpec;
  /** True when the store was named by `--state` (and no `--repo`): requests are applied to it directly. */
  apply: boolean;
  token: string;
  apiUrl: string;
}

/** `--repo OWNER/REPO` checked with the owner and repository rules of the `github:` state form. */
function parseRepo(value: string, usage: string): { owner: string; repo: string } {
  try {
    if (value.includes('@')) throw new Error('no branch here');
    const spec = parseStateSpec(`github:${value}`, { workspace: '.' }, '--repo');
    if (spec.kind === 'branch') return { owner: spec.owner, repo: spec.repo };
  } catch {
    // Reported below as bad usage.
  }
  throw new UsageError(`--repo must be OWNER/REPO, got ${JSON.stringify(value)}`, usage);
}

/** `--api-url`, else `GITHUB_API_URL`, else the public API; an http(s) URL. */
function apiUrlOf(flag: string | undefined, context: CommandContext, usage: string): string {
  const value = flag ?? (context.io.env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL);
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new UsageError(`--api-url must be an http(s) URL, got ${JSON.stringify(value)}`, usage);
  return value.replace(/\/+$/, '');
}

/**
 * The target of `--repo` and `--state`: at least one; `--state` alone is
 * applied to (or read from) directly, `--repo` sends to that repository and
 * reads its `branch` store unless `--state` names another. The token is
 * `GITHUB_TOKEN`, else `GH_TOKEN`.
 * @throws UsageError for bad or missing flags; ConfigurationError for a `--state` outside its forms.
 */
export function parseTarget(values: { repo?: string; state?: string; 'api-url'?: string }, context: CommandContext, usage: string): Target {
  if (values.repo === undefined && values.state === undefined) throw new UsageError('missing option --repo OWNER/REPO or --state SPEC', usage);
  const repository = values.repo === undefined ? undefined : parseRepo(values.repo, usage);
  const env = context.io.env;
  const where = { repository: repository ? `${repository.owner}/${repository.repo}` : env.GITHUB_REPOSITORY, workspace: context.io.cwd };
  const store = parseStateSpec(values.state ?? 'branch', where, '--state');
  if (store.kind === 'none') throw new UsageError('--state none names no store', usage);
  return {
    ...(repository ? { repository } : {}),
    store,
    apply: repository === undefined,
    token: env.GITHUB_TOKEN || env.GH_TOKEN || '',
    apiUrl: apiUrlOf(values['api-url'], context, usage),
  };
}

/** How a request is sent: the channel, and its event type or workflow and ref. */
export interface Sending {
  via: Via;
  eventType?: string;
  workflow: string;
  ref?: string;
}

/** `--via`, `--event-type`, `--workflow`, `--ref`: only with `--repo`, each with its channel. */
export function parseSending(
  values: { via?: string; 'event-type'?: string; workflow?: string; ref?: string },
  target: Target,
  usage: string,
): Sending | undefined {
  const given = (['via', 'event-type', 'workflow', 'ref'] as const).filter((name) => values[name] !== undefined);
  if (!target.repository) {
    if (given.length) throw new UsageError(`--${given[0]} needs --repo OWNER/REPO (--state alone applies the request directly)`, usage);
    return undefined;
  }
  const via = (values.via ?? 'repository_dispatch') as Via;
  if (!(VIAS as readonly string[]).includes(via)) throw new UsageError(`--via must be ${VIAS.join(' or ')}, got ${JSON.stringify(values.via)}`, usage);
  const wrong = via === 'repository_dispatch' ? given.find((n) => n === 'workflow' || n === 'ref') : given.find((n) => n === 'event-type');
  if (wrong) throw new UsageError(`--${wrong} does not go with --via ${via}`, usage);
  for (const name of ['event-type', 'workflow', 'ref'] as const) {
    const value = values[name];
    if (value !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/.test(value))
      throw new UsageError(`--${name} must be letters, digits and . _ / - (at most 100), got ${JSON.stringify(value)}`, usage);
  }
  return {
    via,
    workflow: values.workflow ?? DEFAULT_SWITCH_WORKFLOW,
    ...(values['event-type'] !== undefined ? { eventType: values['event-type'] } : {}),
    ...(values.ref !== undefined ? { ref: values.ref } : {}),
  };
}

/**
 * `--wait [timeout]` takes an optional value, which `parseArgs` cannot: a
 * bare `--wait` (last, or followed by an option or a word that is not a
 * duration) becomes `--wait=5m`. Nothing after `--` is touched.
 */
export function withWaitDefault(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return [...out, ...args.slice(i)];
    const next = args[i + 1];
    out.push(arg === '--wait' && (next === undefined || !/^\d/.test(next)) ? `--wait=${DEFAULT_WAIT}` : arg);
  }
  return out;
}

/** Milliseconds of `--wait`, or undefined without it. */
export function waitMs(value: string | undefined, usage: string): number | undefined {
  if (value === undefined) return undefined;
  const problem = durationProblem(value, '--wait', { min: 1000, max: MAX_WAIT_MS });
  if (problem) throw new UsageError(problem, usage);
  return parseDuration(value, '--wait');
}

/** The help of the target options. */
export const TARGET_HELP = `      --repo OWNER/REPO Send the request to this repository (its switch
                        workflow applies it). Its state is read from the
                        branch persona-state of that repository unless
                        --state names another store.
      --state SPEC      The state store, in any form of the action's state
                        input: branch, branch:<name> (of --repo, else
                        GITHUB_REPOSITORY), github:OWNER/REPO[@branch] or
                        file:<path>. Alone, the request is applied to it
                        directly, with the same validation and policy as
                        the action.
  -e, --environment E   The environment's scope (default: the global one).
      --api-url URL     The REST API root (default: GITHUB_API_URL, else
                        https://api.github.com; GitHub Enterprise Server:
                        https://HOST/api/v3). The token is GITHUB_TOKEN,
                        else GH_TOKEN.`;

/** The help of the sending and waiting options. */
export const REQUEST_HELP = `      --via repository_dispatch|workflow_dispatch
                        How --repo receives the request (default
                        repository_dispatch; its token needs contents:
                        write, a workflow_dispatch token actions: write).
      --event-type T    The repository_dispatch event type (default
                        persona-switch, persona-rollout or persona-revert).
      --workflow FILE   The workflow of --via workflow_dispatch (default
                        ${DEFAULT_SWITCH_WORKFLOW}).
      --ref REF         Its ref (default: the repository's default branch).
      --reason R        Why; stored and shown as data, never run.
      --correlation-id ID
                        Identifies the request (default: a random UUID); a
                        request with an id already handled is acknowledged
                        again and not applied twice.
      --policy PATH     With --state: the policy file on the default branch
                        of the store's repository (default
                        ${DEFAULT_POLICY_PATH}).
      --wait [TIMEOUT]  With --repo: wait until the request is acknowledged
                        in the state store (default ${DEFAULT_WAIT}); exit 0
                        when applied, 1 when rejected or on timeout.`;
