/**
 * How a simulation is set up: where the workflow's own actions come from,
 * the workspace and the local artifact and cache folders, the event, the
 * `vars`, `secrets` and `inputs` contexts, and the hooks the trace and the
 * mid-run switch use.
 */
import type { Json } from './expressions.js';
import type { EventSink } from './job-state.js';
import type { CommandLine } from './workflow-commands.js';

/** Everything a simulated run needs. */
export interface SimulationOptions {
  /** The package whose actions the workflow uses (`owner/name[/path]@ref` of {@link localRepositories} resolve here). */
  packageRoot: string;
  /** `owner/name` of repositories whose actions are the local package (default `pipeline-personas/pipeline-personas`). */
  localRepositories: readonly string[];
  /** GITHUB_WORKSPACE: the checked-out repository the steps run in. */
  workspace: string;
  /** Where each job's RUNNER_TEMP is created. */
  tempRoot: string;
  /** The local artifact store (`<dir>/<run id>/<name>/…`). */
  artifactsDir: string;
  /** The local cache store for `actions/cache`. */
  cacheDir: string;
  /** The triggering event: its name and payload. */
  event: { name: string; payload: Record<string, Json> };
  vars: Record<string, string>;
  secrets: Record<string, string>;
  /** The `github` context's plain values (repository, run_id, sha, ref, actor…), completed with defaults. */
  github: Record<string, string>;
  /** The node binary that runs `node24`/`node20` actions. */
  node: string;
  /** GITHUB_API_URL (a local stand-in; nothing else is reachable). */
  apiUrl: string;
  /** The longest a step may run when it sets no `timeout-minutes`. */
  stepTimeoutMs: number;
  /** Every event, in order. */
  onEvent: EventSink;
  /** Each line a step prints (after workflow-command handling), with the job and step it came from. */
  onLine?: (where: { job: string; step: string; uses?: string }, line: CommandLine) => void;
}
