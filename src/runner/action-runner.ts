import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { formatDiagnostic, type Diagnostic } from '../errors/diagnostic.js';
import type { Logger } from '../logging/logger.js';
import { diagnosticProperties, workflowCommand } from './workflow-commands.js';

/**
 * What an action sees of the runner: its inputs, environment and outputs.
 * {@link ProcessRunner} speaks the real protocol; `MemoryRunner` is the fake.
 */
export interface ActionRunner {
  /** The environment (`GITHUB_*`, `RUNNER_*`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** An input's value, trimmed; '' when unset. */
  input(name: string): string;
  setOutput(name: string, value: string): void;
  /** Appends markdown to the job summary. */
  appendSummary(markdown: string): void;
  /** Writes a file under `RUNNER_TEMP` (or the system temp dir) and returns its path. */
  writeTempFile(relativePath: string, content: string): string;
  readonly logger: Logger;
  /** True when step debug logging is on. */
  readonly debug: boolean;
}

/** The input's environment variable: `INPUT_` + name upper-cased, spaces as `_`, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * The GitHub runner protocol over `process.env`, files and stdout, without
 * `@actions/core` (whose import alone costs more start-up time than the
 * whole resolve-persona run; see ARCHITECTURE.md).
 */
export class ProcessRunner implements ActionRunner {
  readonly logger: Logger;
  readonly debug: boolean;

  constructor(
    readonly env: Readonly<Record<string, string | undefined>> = process.env,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.debug = env.RUNNER_DEBUG === '1' || env.ACTIONS_STEP_DEBUG === 'true';
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
    const file = this.env.GITHUB_OUTPUT;
    if (!file) {
      this.write(workflowCommand('set-output', value, { name }));
      return;
    }
    // The value is checked not to contain the delimiter, so it needs no
    // cryptographic randomness (node:crypto would cost ~3 ms of start-up).
    const delimiter = `ghadelimiter_${Date.now().toString(36)}_${Math.random().toString(36).slice(2)}`;
    if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`output ${name} contains the delimiter`);
    runnerFile('GITHUB_OUTPUT', file, () => appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`, 'utf8'));
  }

  appendSummary(markdown: string): void {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (file) runnerFile('GITHUB_STEP_SUMMARY', file, () => appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8'));
  }

  writeTempFile(relativePath: string, content: string): string {
    const base = this.env.RUNNER_TEMP || path.join(this.env.TMPDIR || '/tmp', 'pipeline-personas');
    const full = path.join(base, relativePath);
    runnerFile('RUNNER_TEMP', full, () => {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content, 'utf8');
    });
    return full;
  }
}

/**
 * Runs a write to one of the runner's files; a failure (a missing folder, a
 * full disk, no permission) is a problem of the job's environment, reported
 * as such rather than as a bug.
 */
function runnerFile(variable: string, file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(`cannot write ${file} (${variable}): ${code ?? (error as Error).message}`);
  }
}
