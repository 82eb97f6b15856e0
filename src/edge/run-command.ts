/**
 * Runs one user command the way a `run:` step with `shell: bash` does, with
 * a timeout that ends the command's whole process tree.
 */
import type * as ChildProcesses from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { type GroupSignaller, ProcessGroup, signalProcessGroup } from './process-tree.js';

/** How long a timed-out or cancelled command's processes get between SIGTERM and SIGKILL, unless the spec says otherwise. */
export const DEFAULT_KILL_GRACE_MS = 10_000;
/** The longest delay a Node.js timer takes (about 24.8 days); longer timeouts are cut to it. */
export const MAX_TIMER_MS = 2_147_483_647;
/** The signals the action forwards to a running command's process group (a cancelled workflow run sends them). */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** What to run and how. */
export interface CommandSpec {
  /** The script, given to `bash -c` as it is: the user's own text, never built from persona or other outside values. */
  command: string;
  /** The working directory (the `working-directory` input); it must exist. */
  cwd: string;
  /**
   * The command's whole environment, exactly (nothing is added). The caller passes `process.env` plus the persona's
   * values as `PERSONA_*` variables: that is the only way outside values reach a command. Include `PATH`.
   */
  env: Record<string, string>;
  /** After this long the process tree is sent SIGTERM, then SIGKILL after the grace period. */
  timeoutMs: number;
  /** What the command is, for messages (`build`, `test tier unit`). */
  label: string;
  /** Between SIGTERM and SIGKILL ({@link DEFAULT_KILL_GRACE_MS}). */
  killGraceMs?: number;
  /** A bash-compatible shell executable (default `bash`, looked up on `env.PATH`). */
  shell?: string;
}

/** How a command ended. */
export interface CommandResult {
  /** The exit code, or null when a signal ended the shell. */
  exitCode: number | null;
  /** The signal that ended the shell, when one did (`SIGTERM`). */
  signal?: string;
  /** True when the timeout ended it. */
  timedOut: boolean;
  /** True when the action was sent SIGINT or SIGTERM while the command ran (the run was cancelled). */
  cancelled?: boolean;
  /** Wall time from start to the end of the process tree, in milliseconds. */
  durationMs: number;
}

/** Where a command's signals come from: `process` in production, an emitter in tests. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/** Seams for tests; every member defaults to the real thing. */
export interface CommandIo {
  /** The signals to forward (default `process`). */
  signals?: SignalSource;
  /** Signals a process group (default `process.kill(-group)`). */
  signalGroup?: GroupSignaller;
  /** Milliseconds, for durations (default `performance.now`). */
  now?: () => number;
}

/** True when the command ended with exit code 0. */
export function succeeded(result: CommandResult): boolean {
  return result.exitCode === 0 && !result.timedOut && !result.cancelled;
}

/** How a result reads in a message: `exit code 2`, `timed out (SIGTERM)`, `cancelled`, `signal SIGKILL`. */
export function describeResult(result: CommandResult): string {
  if (result.cancelled) return 'cancelled';
  if (result.timedOut) return 'timed out';
  if (result.exitCode !== null) return `exit code ${result.exitCode}`;
  return `signal ${result.signal ?? 'unknown'}`;
}

/**
 * Runs `bash --noprofile --norc -eo pipefail -c <command>` in `cwd` with
 * exactly `env`, output streaming live (stdio inherited). The shell leads a
 * process group of its own; on timeout the group gets SIGTERM, then SIGKILL
 * after `killGraceMs`, and the result comes once the tree is gone. SIGINT
 * or SIGTERM sent to the action while the command runs is forwarded to the
 * group the same way (the result says `cancelled`); the listeners are
 * removed when the command ends. Processes a command leaves running in the
 * background after it exits normally are left alone, as in a `run:` step.
 * A missing working directory or shell is a {@link ConfigurationError}.
 */
export async function runCommand(spec: CommandSpec, io: CommandIo = {}): Promise<CommandResult> {
  if (!(spec.timeoutMs > 0)) throw new RangeError(`${spec.label}: the timeout must be a positive number of milliseconds, not ${spec.timeoutMs}`);
  await checkWorkingDirectory(spec.cwd);
  const shell = spec.shell ?? 'bash';
  // node:child_process (and the net module it loads) only when a command runs, not on every adapter start.
  const { spawn } = process.getBuiltinModule('node:child_process') as typeof ChildProcesses;
  const child = spawn(shell, ['--noprofile', '--norc', '-eo', 'pipefail', '-c', spec.command], {
    cwd: spec.cwd,
    env: spec.env,
    stdio: 'inherit',
    detached: true,
  });
  return supervise(child, spec, shell, io);
}

async function checkWorkingDirectory(cwd: string): Promise<void> {
  // Synchronous: node:fs/promises (and the readline and os modules it loads) would cost every adapter start ≈2 ms.
  let found: ReturnType<typeof statSync>;
  try {
    found = statSync(cwd, { throwIfNoEntry: false });
  } catch {
    found = undefined;
  }
  if (!found?.isDirectory()) {
    throw new ConfigurationError({ file: 'input "working-directory"', message: `${quote(cwd)} is not an existing directory` });
  }
}

function supervise(child: ChildProcess, spec: CommandSpec, shell: string, io: CommandIo): Promise<CommandResult> {
  const now = io.now ?? (() => performance.now());
  const signals = io.signals ?? process;
  const started = now();
  let timedOut = false;
  let cancelled = false;
  const group =
    child.pid === undefined ? undefined : new ProcessGroup(child.pid, spec.killGraceMs ?? DEFAULT_KILL_GRACE_MS, io.signalGroup ?? signalProcessGroup);
  const forward = (signal: NodeJS.Signals): void => {
    cancelled = true;
    void group?.terminate(signal);
  };
  const timer = setTimeout(
    () => {
      timedOut = true;
      void group?.terminate('SIGTERM');
    },
    Math.min(spec.timeoutMs, MAX_TIMER_MS),
  );
  for (const signal of FORWARDED_SIGNALS) signals.on(signal, forward);
  const cleanUp = (): void => {
    clearTimeout(timer);
    for (const signal of FORWARDED_SIGNALS) signals.off(signal, forward);
  };
  return new Promise<CommandResult>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanUp();
      if (child.pid !== undefined) group?.kill();
      reject(new ConfigurationError(`${spec.label}: could not start ${quote(shell)} (${error.code ?? error.message})`));
    });
    child.once('exit', (code, signal) => {
      cleanUp();
      void (group?.finished() ?? Promise.resolve()).then(() => {
        const result: CommandResult = { exitCode: code, timedOut, durationMs: Math.round(now() - started) };
        if (signal) result.signal = signal;
        if (cancelled) result.cancelled = true;
        resolve(result);
      }, reject);
    });
  });
}
