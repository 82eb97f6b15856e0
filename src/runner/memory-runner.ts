import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { MemoryLogger } from '../logging/logger.js';
import { checkNotPost, inputVariable, stateVariable, type ActionRunner } from './action-runner.js';
import { checkName, checkNames, maskedValues } from './file-commands.js';
import { runnerFileError, runnerTemp } from './runner-files.js';

/** The runner files a {@link MemoryRunner} can be told to fail on. */
export type RunnerFileVariable = 'GITHUB_OUTPUT' | 'GITHUB_STATE' | 'GITHUB_ENV' | 'GITHUB_STEP_SUMMARY' | 'RUNNER_TEMP';

/** One log-structuring call a {@link MemoryRunner} recorded, in order. */
export type GroupEntry = { kind: 'group'; title: string } | { kind: 'endgroup' };

/** Options of a {@link MemoryRunner}. */
export interface MemoryRunnerOptions {
  /** Step debug logging on. */
  debug?: boolean;
  /** This is the action's `post:` step. */
  isPost?: boolean;
  /**
   * Runner files whose writes fail, with the error code (e.g.
   * `{ GITHUB_OUTPUT: 'ENOSPC' }`): the write throws the error
   * `ProcessRunner` throws and records nothing, as a full disk would leave
   * the real file after it is cut back.
   */
  failing?: Partial<Record<RunnerFileVariable, string>>;
}

/**
 * An in-memory {@link ActionRunner}: the test fake. It records every
 * output, saved state, exported variable, masked value, log group and file,
 * and refuses what `ProcessRunner` refuses (bad names, a state saved in
 * the post step, a file where a folder is needed, or the reverse, an empty
 * `RUNNER_TEMP`), checked by the same contract test (test/runner/runner-contract.test.ts). One
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
  /** Text written with {@link logText}, in order (each also logged at info level). */
  readonly texts: string[] = [];
  summary = '';
  private readonly failing: Partial<Record<RunnerFileVariable, string>>;

  /** @param env the environment; `RUNNER_TEMP` is `/memory` unless given (`undefined` or `''` to have none). */
  constructor(inputs: Record<string, string> = {}, env: Record<string, string | undefined> = {}, options: MemoryRunnerOptions = {}) {
    this.env = { RUNNER_TEMP: '/memory', ...env, ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputVariable(k), v])) };
    this.debug = options.debug ?? false;
    this.isPost = options.isPost ?? false;
    this.failing = options.failing ?? {};
  }

  /** Throws what `ProcessRunner` throws when a write to `variable`'s file fails. */
  private checkWritable(variable: RunnerFileVariable, file = `/memory/${variable}`): void {
    const code = this.failing[variable];
    if (code) throw runnerFileError(variable, file, Object.assign(new Error(code), { code }), variable === 'RUNNER_TEMP' ? '' : '; nothing was written');
  }

  /**
   * The runner of this action's `post:` step, as the runner starts it: the
   * same environment (inputs included) plus `STATE_<name>` for each state
   * this step saved.
   */
  postStep(): MemoryRunner {
    const states = Object.fromEntries(Object.entries(this.savedState).map(([name, value]) => [stateVariable(name), value]));
    return new MemoryRunner({}, { ...this.env, ...states }, { debug: this.debug, isPost: true, failing: this.failing });
  }

  input(name: string): string {
    return (this.env[inputVariable(name)] ?? '').trim();
  }
  setOutput(name: string, value: string): void {
    this.setOutputs({ [name]: value });
  }
  setOutputs(values: Readonly<Record<string, string>>): void {
    checkNames('output', Object.keys(values));
    if (Object.keys(values).length) this.checkWritable('GITHUB_OUTPUT');
    Object.assign(this.outputs, values);
  }
  saveState(name: string, value: string): void {
    checkNotPost(this.isPost, name);
    checkName('state', name);
    this.checkWritable('GITHUB_STATE');
    this.savedState[name] = value;
  }
  state(name: string): string {
    return this.env[stateVariable(name)] ?? '';
  }
  exportVariable(name: string, value: string): void {
    checkName('environment variable', name);
    this.checkWritable('GITHUB_ENV');
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
  logText(text: string): void {
    this.texts.push(text);
    this.logger.info(text);
  }
  appendSummary(markdown: string): void {
    this.checkWritable('GITHUB_STEP_SUMMARY');
    this.summary += markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  }
  writeTempFile(relativePath: string, content: string): string {
    const base = runnerTemp(this.env);
    const key = relativePath
      .split(/[\\/]+/)
      .filter((part) => part && part !== '.')
      .join('/');
    for (const existing of Object.keys(this.files)) {
      if (key.startsWith(`${existing}/`))
        throw new ConfigurationError(
          `cannot write ${base}/${key} (RUNNER_TEMP): ENOTDIR (not a folder) while creating its folder ${path.posix.dirname(`${base}/${key}`)}`,
        );
      if (existing.startsWith(`${key}/`)) throw new ConfigurationError(`cannot write ${base}/${key} (RUNNER_TEMP): EISDIR (is a folder)`);
    }
    this.checkWritable('RUNNER_TEMP', `${base}/${key}`);
    this.files[key] = content;
    return `${base}/${key}`;
  }
}
