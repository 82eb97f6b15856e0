import { ConfigurationError } from '../errors/configuration-error.js';
import { MemoryLogger } from '../logging/logger.js';
import { checkNotPost, inputVariable, stateVariable, type ActionRunner } from './action-runner.js';
import { checkName, checkNames, maskedValues } from './file-commands.js';

/** One log-structuring call a {@link MemoryRunner} recorded, in order. */
export type GroupEntry = { kind: 'group'; title: string } | { kind: 'endgroup' };

/** Options of a {@link MemoryRunner}. */
export interface MemoryRunnerOptions {
  /** Step debug logging on. */
  debug?: boolean;
  /** This is the action's `post:` step. */
  isPost?: boolean;
}

/**
 * An in-memory {@link ActionRunner}: the test fake. It records every
 * output, saved state, exported variable, masked value, log group and file,
 * and refuses what `ProcessRunner` refuses (bad names, a state saved in
 * the post step, a file where a folder is needed, or the reverse), checked
 * by the same contract test (test/runner/runner-contract.test.ts). One
 * difference, on purpose: it has no heredoc delimiter, so it accepts every
 * value, where `ProcessRunner` refuses a value that contains the random
 * delimiter it drew for that write (only a value made with the same clock
 * and random numbers can).
 */
export class MemoryRunner implements ActionRunner {
  readonly logger = new MemoryLogger();
  readonly debug: boolean;
  readonly isPost: boolean;
  readonly env: Record<string, string | undefined>;
  /** Outputs set, by name. */
  readonly outputs: Record<string, string> = {};
  /** State saved for the post step, by name. */
  readonly savedState: Record<string, string> = {};
  /** Variables exported with `exportVariable`, by name (they are in `env` too). */
  readonly exported: Record<string, string> = {};
  /** Values masked, one per line of each secret, in order. */
  readonly secrets: string[] = [];
  /** Group starts and ends, in order. */
  readonly groups: GroupEntry[] = [];
  /** Temp files written, by relative path (`/`-separated). */
  readonly files: Record<string, string> = {};
  summary = '';

  constructor(inputs: Record<string, string> = {}, env: Record<string, string | undefined> = {}, options: MemoryRunnerOptions = {}) {
    this.env = { ...env, ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputVariable(k), v])) };
    this.debug = options.debug ?? false;
    this.isPost = options.isPost ?? false;
  }

  /**
   * The runner of this action's `post:` step, as the runner starts it: the
   * same environment (inputs included) plus `STATE_<name>` for each state
   * this step saved.
   */
  postStep(): MemoryRunner {
    const states = Object.fromEntries(Object.entries(this.savedState).map(([name, value]) => [stateVariable(name), value]));
    return new MemoryRunner({}, { ...this.env, ...states }, { debug: this.debug, isPost: true });
  }

  input(name: string): string {
    return (this.env[inputVariable(name)] ?? '').trim();
  }
  setOutput(name: string, value: string): void {
    this.setOutputs({ [name]: value });
  }
  setOutputs(values: Readonly<Record<string, string>>): void {
    checkNames('output', Object.keys(values));
    Object.assign(this.outputs, values);
  }
  saveState(name: string, value: string): void {
    checkNotPost(this.isPost, name);
    checkName('state', name);
    this.savedState[name] = value;
  }
  state(name: string): string {
    return this.env[stateVariable(name)] ?? '';
  }
  exportVariable(name: string, value: string): void {
    checkName('environment variable', name);
    this.exported[name] = value;
    this.env[name] = value;
  }
  setSecret(value: string): void {
    this.secrets.push(...maskedValues(value));
  }
  async group<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.groups.push({ kind: 'group', title });
    try {
      return await body();
    } finally {
      this.groups.push({ kind: 'endgroup' });
    }
  }
  appendSummary(markdown: string): void {
    this.summary += markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  }
  writeTempFile(relativePath: string, content: string): string {
    const key = relativePath
      .split(/[\\/]+/)
      .filter((part) => part && part !== '.')
      .join('/');
    for (const existing of Object.keys(this.files)) {
      if (key.startsWith(`${existing}/`)) throw new ConfigurationError(`cannot write /memory/${key} (RUNNER_TEMP): ENOTDIR`);
      if (existing.startsWith(`${key}/`)) throw new ConfigurationError(`cannot write /memory/${key} (RUNNER_TEMP): EISDIR`);
    }
    this.files[key] = content;
    return `/memory/${key}`;
  }
}
