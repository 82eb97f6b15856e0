import type { Logger } from '../logging/logger.js';

/** Somewhere the CLI writes text: `process.stdout`, or a test's buffer. */
export interface CliStream {
  write(chunk: string): unknown;
}

/** What the CLI needs from its process; tests pass their own to run it in-process. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Where relative paths start. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** What a command runs with. */
export interface CommandContext {
  io: CliIo;
  /** Notices and warnings of the library, printed to stderr. */
  logger: Logger;
  /** Writes to stdout, adding the final newline when missing. */
  out(text: string): void;
  /** Writes to stderr, adding the final newline when missing. */
  err(text: string): void;
}

/** One `persona` sub-command. */
export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** The command's `--help` text. */
  usage: string;
  /** Runs the command on the arguments after its name; resolves to the exit code. */
  run(args: string[], context: CommandContext): Promise<number>;
}

/** True when `PERSONA_DEBUG` asks for debug output and stack traces. */
export function debugEnabled(env: CliIo['env']): boolean {
  const value = env.PERSONA_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
