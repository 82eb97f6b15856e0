import { isConfigurationError } from '../errors/configuration-error.js';
import { ProcessRunner, type ActionRunner } from './action-runner.js';

/** An action's main (or post) function: everything it does goes through the runner. */
export type ActionMain = (runner: ActionRunner) => Promise<unknown>;

/**
 * Runs an action's main function with one catch: a user error becomes one
 * annotation per problem and exit code 1, with no stack trace; a bug says so
 * and shows its stack only with step debug logging on.
 */
export async function runAction(main: ActionMain, runner: ActionRunner = new ProcessRunner()): Promise<number> {
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

/**
 * The body of an action's entry file (`src/actions/<name>/index.ts`, built
 * to `dist/<name>/index.js`): runs `action` under {@link runAction} over the
 * real runner and sets `process.exitCode`.
 */
export async function startAction(action: ActionMain, runner: ActionRunner = new ProcessRunner()): Promise<void> {
  process.exitCode = await runAction(action, runner);
}

/**
 * The body of an action's post entry file (`src/actions/<name>/post.ts`,
 * built to `dist/<name>/post.js`, named by `runs.post` in action.yml): like
 * {@link startAction}, with a runner whose `isPost` is true. The post step
 * reads what the main step saved with `runner.state(name)`.
 */
export async function startPostAction(action: ActionMain, runner: ActionRunner = new ProcessRunner(process.env, undefined, { isPost: true })): Promise<void> {
  process.exitCode = await runAction(action, runner);
}
