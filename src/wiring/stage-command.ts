import type { FailurePolicy, PolicyStage } from '../persona/risk-policy.js';
import { runCommand } from '../edge/run-command.js';
import type { ActionRunner } from '../runner/action-runner.js';
import { runWithPolicy, type PolicyOutcome, type RollbackPermission } from './run-with-policy.js';
import type { StageSettings } from './stage-inputs.js';

/** What a stage passes to run one command under the failure policy. */
export interface StageCommand {
  /** The bash script (`run`, or a suite's command). */
  command: string;
  /** Shown in the log and the summary (`build`, `tier unit`). */
  label: string;
  cwd: string;
  stage: PolicyStage;
  /** Variables the stage adds (its plan's), besides the persona's. */
  env: Record<string, string>;
  /** The rollback guardrails, asked before the rollback command runs (adapt-deploy). */
  guardRollback?: () => Promise<RollbackPermission>;
}

/**
 * Runs a stage's command under the failure policy: the runner's environment
 * plus the stage's and the persona's variables, the stage's timeout, the
 * retries and their doubling delay (the `retry-delay` input overrides the
 * policy's first delay), `no-retry-exit-codes`, and what follows the last
 * failure (the `rollback` command, fail, or continue with a warning).
 */
export async function runStageCommand(
  runner: ActionRunner,
  what: StageCommand,
  policy: FailurePolicy,
  settings: Pick<StageSettings, 'retryDelayMs' | 'noRetryExitCodes' | 'rollback'>,
): Promise<PolicyOutcome> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(runner.env)) if (value !== undefined) env[name] = value;
  Object.assign(env, what.env);
  return runWithPolicy(
    { command: what.command, cwd: what.cwd, env, timeoutMs: policy.timeouts_ms[what.stage], label: what.label },
    {
      retries: policy.retries,
      retryDelayMs: settings.retryDelayMs ?? policy.retry_delay_ms,
      noRetryExitCodes: settings.noRetryExitCodes,
      afterRetries: policy.after_retries,
      ...(settings.rollback ? { rollback: settings.rollback } : {}),
      ...(what.guardRollback ? { guardRollback: what.guardRollback } : {}),
    },
    { run: runCommand, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), logger: runner.logger },
  );
}
