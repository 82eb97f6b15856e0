import { isConfigurationError } from '../errors/configuration-error.js';
import { ProcessRunner, type ActionRunner } from './action-runner.js';

/**
 * Runs an action's main function with one catch: a user error becomes one
 * annotation per problem and exit code 1, with no stack trace; a bug says so
 * and shows its stack only with step debug logging on.
 */
export async function runAction(main: (runner: ActionRunner) => Promise<unknown>, runner: ActionRunner = new ProcessRunner()): Promise<number> {
  try {
    await main(runner);
    return 0;
  } catch (error) {
    if (isConfigurationError(error)) {
      for (const d of error.diagnostics) runner.logger.error(d.message, d.file ? d : undefined);
      if (error.diagnostics.length > 1) runner.logger.info(`${error.diagnostics.length} problems found`);
    } else {
      const err = error instanceof Error ? error : new Error(String(error));
      runner.logger.error(`unexpected error (a bug in pipeline-personas, please report it): ${err.message}`);
      if (runner.debug && err.stack) runner.logger.debug(err.stack);
    }
    return 1;
  }
}

/** Entry-point helper: runs the action and sets the process exit code. */
export async function main(action: (runner: ActionRunner) => Promise<unknown>): Promise<void> {
  process.exitCode = await runAction(action);
}
