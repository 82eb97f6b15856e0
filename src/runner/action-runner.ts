import { writeSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../errors/diagnostic.js';
import type { Logger } from '../logging/logger.js';
import { checkNames, heredocBlocks, maskedValues, newDelimiter, type FileCommandKind } from './file-commands.js';
import { appendAllOrNothing, makeFolders, nodeRunnerFs, runnerFileError, runnerTemp, type RunnerFs } from './runner-files.js';
import { diagnosticProperties, escapeData, workflowCommand } from './workflow-commands.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * What an action sees of the runner: its inputs, environment, outputs, state,
 * log and files. {@link ProcessRunner} speaks the real protocol;
 * `MemoryRunner` is the fake, kept in step by test/runner/runner-contract.test.ts.
 */
export interface ActionRunner {
  /** The environment (`GITHUB_*`, `RUNNER_*`), including variables exported by this step. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  /** True when step debug logging is on. */
  readonly debug: boolean;
  /** True in the action's `post:` step (the `dist/<name>/post.js` entry). */
  readonly isPost: boolean;
  /** An input's value, trimmed; '' when unset. */
  input(name: string): string;
  /** Sets one output; same as `setOutputs({ [name]: value })`. */
  setOutput(name: string, value: string): void;
  /** Sets all outputs of a step in one write: all of them or, when any name or value is refused, none. */
  setOutputs(values: Readonly<Record<string, string>>): void;
  /** Saves a value for this action's `post:` step, which reads it with {@link state}. Refused in the post step. */
  saveState(name: string, value: string): void;
  /** A value the main step saved with {@link saveState} (`STATE_<name>`); '' when none. */
  state(name: string): string;
  /** Sets an environment variable for the rest of this step and the job's later steps. */
  exportVariable(name: string, value: string): void;
  /** Masks a value in the log from now on; each line of a multi-line value. */
  setSecret(value: string): void;
  /** Runs `body` inside a collapsible log group, closed even when `body` throws. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
  /**
   * Writes text from outside (a persona's, a library's, a list of problems)
   * to the log as plain lines, with workflow commands off while it is
   * written, so no line of it can act as one.
   */
  logText(text: string): void;
  /** Appends markdown to the job summary, in one write: all of it or nothing. */
  appendSummary(markdown: string): void;
  /**
   * Writes a file under `RUNNER_TEMP` all or nothing, and returns its path.
   * `RUNNER_TEMP` missing or empty is a user error (no shared `/tmp` fallback).
   */
  writeTempFile(relativePath: string, content: string): string;
}

/** Options of a {@link ProcessRunner}. */
export interface ProcessRunnerOptions {
  /** This is the action's `post:` step. */
  isPost?: boolean;
  /** The file system the runner files and temp files are written with (a faulty one in tests). */
  fs?: RunnerFs;
}

/** The input's environment variable: `INPUT_` + name upper-cased, spaces as `_`, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** The variable through which the runner hands a saved state to the post step. */
export function stateVariable(name: string): string {
  return `STATE_${name}`;
}

/** Refuses `saveState` in a post step: nothing runs after it to read the state. */
export function checkNotPost(isPost: boolean, name: string): void {
  if (isPost) throw new Error(`saveState(${JSON.stringify(name)}) in a post step: no later step reads it`);
}

/** The runner file behind each file command, and the old stdout command used without it. */
const FILE_COMMANDS: Record<FileCommandKind, { variable: string; command: string }> = {
  output: { variable: 'GITHUB_OUTPUT', command: 'set-output' },
  state: { variable: 'GITHUB_STATE', command: 'save-state' },
  'environment variable': { variable: 'GITHUB_ENV', command: 'set-env' },
};

/**
 * The GitHub runner protocol over `process.env`, files and stdout, without
 * `@actions/core` (whose import alone costs more start-up time than the
 * whole resolve-persona run; see ARCHITECTURE.md).
 */
export class ProcessRunner implements ActionRunner {
  readonly logger: Logger;
  readonly debug: boolean;
  readonly isPost: boolean;
  private readonly fs: RunnerFs;

  /**
   * @param env the environment; exported variables are set in it too
   *   (`process.env` by default, as `@actions/core` does).
   * @param write writes one line to stdout (the runner reads workflow commands from it).
   */
  constructor(
    readonly env: Record<string, string | undefined> = process.env,
    private readonly write: (line: string) => void = writeStdoutLine,
    options: ProcessRunnerOptions = {},
  ) {
    this.debug = env.RUNNER_DEBUG === '1' || env.ACTIONS_STEP_DEBUG === 'true';
    this.isPost = options.isPost ?? false;
    this.fs = options.fs ?? nodeRunnerFs;
    const annotate = (command: string) => (message: string, where?: Omit<Diagnostic, 'message'>) =>
      this.write(workflowCommand(command, where ? formatDiagnostic({ ...where, message }) : message, { ...diagnosticProperties(where) }));
    this.logger = {
      debug: (message) => this.write(workflowCommand('debug', message)),
      info: (message) => this.write(message),
      notice: annotate('notice'),
      warning: annotate('warning'),
      error: annotate('error'),
    };
  }

  input(name: string): string {
    return (this.env[inputVariable(name)] ?? '').trim();
  }

  setOutput(name: string, value: string): void {
    this.setOutputs({ [name]: value });
  }

  setOutputs(values: Readonly<Record<string, string>>): void {
    this.fileCommand('output', values);
  }

  saveState(name: string, value: string): void {
    checkNotPost(this.isPost, name);
    this.fileCommand('state', { [name]: value });
  }

  state(name: string): string {
    return this.env[stateVariable(name)] ?? '';
  }

  exportVariable(name: string, value: string): void {
    this.fileCommand('environment variable', { [name]: value });
    this.env[name] = value;
  }

  setSecret(value: string): void {
    for (const line of maskedValues(value)) this.write(workflowCommand('add-mask', line));
  }

  async group<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.write(`::group::${escapeData(title)}`);
    try {
      return await body();
    } finally {
      this.write('::endgroup::');
    }
  }

  logText(text: string): void {
    let token = newDelimiter();
    while (text.includes(token)) token = newDelimiter();
    this.write(`::stop-commands::${token}`);
    for (const line of text.replace(/\n$/, '').split(/\r\n|[\r\n\u2028\u2029]/)) this.write(line);
    this.write(`::${token}::`);
  }

  appendSummary(markdown: string): void {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (file) appendAllOrNothing('GITHUB_STEP_SUMMARY', file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, this.fs);
  }

  writeTempFile(relativePath: string, content: string): string {
    const full = path.join(runnerTemp(this.env), relativePath);
    const folder = path.dirname(full);
    try {
      makeFolders(folder, this.fs);
    } catch (error) {
      throw runnerFileError('RUNNER_TEMP', full, error, ` while creating its folder ${folder}`);
    }
    try {
      writeFileAtomic(full, content, this.fs);
    } catch (error) {
      throw runnerFileError('RUNNER_TEMP', full, error);
    }
    return full;
  }

  /**
   * Appends every block of one file command in a single write, built and
   * checked first, all or nothing ({@link appendAllOrNothing}); without the
   * runner's file, the old stdout command (as `@actions/core` does; only
   * local runs lack the files).
   */
  private fileCommand(kind: FileCommandKind, values: Readonly<Record<string, string>>): void {
    const { variable, command } = FILE_COMMANDS[kind];
    const file = this.env[variable];
    if (!file) {
      checkNames(kind, Object.keys(values));
      for (const [name, value] of Object.entries(values)) this.write(workflowCommand(command, value, { name }));
      return;
    }
    const text = heredocBlocks(kind, values);
    if (text) appendAllOrNothing(variable, file, text, this.fs);
  }
}

/**
 * Writes one line to file descriptor 1 synchronously. Going around
 * `process.stdout` matters on the cold path: its first use builds a stream
 * over the runner's pipe, which loads `net` and the stream machinery
 * (≈10 ms of a ≈50 ms run). A pipe that is full (non-blocking, `EAGAIN`)
 * is retried until the runner reads it.
 */
export function writeStdoutLine(line: string): void {
  const bytes = Buffer.from(`${line}\n`, 'utf8');
  for (let done = 0; done < bytes.length;) {
    try {
      done += writeSync(1, bytes, done, bytes.length - done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}
