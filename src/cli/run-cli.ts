import { isConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import { formatDiagnostic } from '../errors/diagnostic.js';
import { closest } from '../persona/closest.js';
import { terminalText } from '../report/terminal-text.js';
import { isUsageError, UsageError } from './args.js';
import { CliLogger } from './cli-logger.js';
import { diffCommand } from './commands/diff.js';
import { exportCommand } from './commands/export.js';
import { listCommand } from './commands/list.js';
import { planCommand } from './commands/plan.js';
import { revertCommand } from './commands/revert.js';
import { rolloutCommand } from './commands/rollout.js';
import { schemaCommand } from './commands/schema.js';
import { showCommand } from './commands/show.js';
import { simulateCommand } from './commands/simulate.js';
import { statusCommand } from './commands/status.js';
import { switchCommand } from './commands/switch.js';
import { validateCommand } from './commands/validate.js';
import { debugEnabled, type CliIo, type Command, type CommandContext } from './context.js';
import { packageVersion } from './version.js';

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  listCommand,
  showCommand,
  planCommand,
  diffCommand,
  exportCommand,
  schemaCommand,
  switchCommand,
  statusCommand,
  rolloutCommand,
  revertCommand,
  simulateCommand,
];

/** The top-level `--help` text. */
export const USAGE = `Usage: persona <command> [options]

Check, list, resolve and compare pipeline personas from the command line,
the way the resolve-persona action does; switch the active persona, steer
a rollout and show the switching state.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Options:
  -h, --help    Show this help ("persona <command> --help" for a command's).
  --version     Print the version.

Exit status: 0 ok, 1 invalid personas or input (and for diff --exit-code, a
difference; for switch, rollout and revert, a rejected request or a --wait
timeout), 2 bad usage.
Set PERSONA_DEBUG=1 for stack traces and debug output.`;

/**
 * The context commands run with: stdout/stderr helpers and a stderr logger.
 * Everything a command prints goes through {@link terminalText} here, so no
 * name, description, id or message from a library can reach the terminal
 * as an escape sequence, whichever command prints it.
 */
function createContext(io: CliIo): CommandContext {
  const line = (text: string) => terminalText(text.endsWith('\n') ? text : `${text}\n`);
  return {
    io,
    logger: new CliLogger(io.stderr, debugEnabled(io.env)),
    out: (text) => void io.stdout.write(line(text)),
    err: (text) => void io.stderr.write(line(text)),
  };
}

async function dispatch(argv: readonly string[], context: CommandContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command', USAGE);
  if (first === '-h' || first === '--help') {
    context.out(USAGE);
    return 0;
  }
  if (first === '--version') {
    context.out(packageVersion());
    return 0;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      context.out(USAGE);
      return 0;
    }
    return dispatch([topic, '--help'], context);
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'`, USAGE);
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const near = closest(
      first,
      COMMANDS.map((c) => c.name),
    );
    throw new UsageError(`unknown command ${quote(first)}${near.length ? ` (did you mean "${near[0]}"?)` : ''}`, USAGE);
  }
  return command.run(rest, context);
}

/**
 * Runs the `persona` CLI on `argv` (the arguments after the program name)
 * and resolves to the exit code: 0 ok; 1 for a user error (every diagnostic
 * printed as `file:line:col path: message`, no stack) or an unexpected one
 * (reported as a bug, with the stack under `PERSONA_DEBUG=1`); 2 for bad
 * usage (a one-line error and the usage). Never throws, never exits: tests
 * run it in-process with their own `io`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const context = createContext(io);
  try {
    return await dispatch(argv, context);
  } catch (error) {
    if (isUsageError(error)) {
      context.err(`persona: ${error.message}\n\n${error.usage}`);
      return 2;
    }
    if (isConfigurationError(error)) {
      for (const d of error.diagnostics) context.err(formatDiagnostic(d));
      return 1;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    const debug = debugEnabled(io.env);
    context.err(`persona: unexpected error: ${err.message}`);
    context.err(`this is a bug; please report it${debug ? '' : ' (run with PERSONA_DEBUG=1 for the stack trace)'}`);
    if (debug && err.stack) context.err(err.stack);
    return 1;
  }
}
