import { isConfigurationError } from '../errors/configuration-error.js';
import { formatDiagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { problemsMarkdown } from '../report/problems-markdown.js';
import { ProcessRunner, type ActionRunner } from './action-runner.js';
import { describeFsError } from './runner-files.js';

/** GitHub shows at most this many error annotations of one step. */
export const MAX_ERROR_ANNOTATIONS = 10;

/** An action's main (or post) function: everything it does goes through the runner. */
export type ActionMain = (runner: ActionRunner) => Promise<unknown>;

/**
 * Reports every problem of a user error. Up to {@link MAX_ERROR_ANNOTATIONS}
 * problems: one error annotation each. More: the first nine as annotations,
 * a tenth saying how many more there are, every problem in the log (as
 * plain lines, commands off) and in a job-summary table.
 */
function reportProblems(runner: ActionRunner, diagnostics: readonly Diagnostic[]): void {
  const capped = diagnostics.length > MAX_ERROR_ANNOTATIONS;
  const annotated = capped ? diagnostics.slice(0, MAX_ERROR_ANNOTATIONS - 1) : diagnostics;
  for (const d of annotated) runner.logger.error(d.message, d.file ? d : undefined);
  if (!capped) {
    if (diagnostics.length > 1) runner.logger.info(`${diagnostics.length} problems found`);
    return;
  }
  const more = diagnostics.length - annotated.length;
  runner.logger.error(
    `${more} more problems (${diagnostics.length} in all): GitHub shows ${MAX_ERROR_ANNOTATIONS} annotations per step; the job summary and the log list every problem`,
  );
  runner.logText([`${diagnostics.length} problems found:`, ...diagnostics.map((d, i) => `${i + 1}. ${formatDiagnostic(d)}`)].join('\n'));
  try {
    runner.appendSummary(problemsMarkdown(diagnostics));
  } catch (error) {
    runner.logger.warning(`could not write the list of problems to the job summary: ${isConfigurationError(error) ? error.message : describeFsError(error)}`);
  }
}

/**
 * Runs an action's main function with one catch (after masking its `token`
 * input): a user error becomes one
 * annotation per problem (capped as {@link reportProblems} says) and exit
 * code 1, with no stack trace; a bug says so and shows its stack only with
 * step debug logging on.
 */
export async function runAction(main: ActionMain, runner: ActionRunner = new ProcessRunner()): Promise<number> {
  try {
    // The `token` input is a credential whatever its source (a PAT, an App token an earlier step made): masked first, so
    // no message that echoes it (an answer GitHub quotes back) can show it.
    const token = runner.input('token');
    if (token) runner.setSecret(token);
    await main(runner);
    return 0;
  } catch (error) {
    if (isConfigurationError(error)) {
      reportProblems(runner, error.diagnostics);
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
