import type { FailurePolicy } from '../persona/risk-policy.js';
import type { StageExplanation } from '../planning/explanation.js';
import type { CommandReport } from '../report/stage-markdown.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ActionRunner } from '../runner/action-runner.js';
import type { PolicyOutcome } from './run-with-policy.js';
import type { StagePersona } from './stage-persona.js';
import { explainOutput } from './explain-output.js';
import { StageOutputs } from './stage-outputs.js';

/**
 * The outputs every stage sets: `persona-id`, `revision` (the persona it
 * actually used), `explain` (its decisions as JSON: one explanation, or a
 * list for a stage with several; cut to fit, see explainOutput) and `outcome`.
 */
export function stageOutputs(found: StagePersona, explanations: readonly StageExplanation[], outcome: string): Record<string, string> {
  return {
    [StageOutputs.PersonaId]: found.persona.id,
    [StageOutputs.Revision]: found.revision === null ? '' : String(found.revision),
    [StageOutputs.Explain]: explainOutput(explanations),
    [StageOutputs.Outcome]: outcome,
  };
}

/**
 * Applies the failure policy to the constraints a plan cannot honour: with
 * `violations: fail` they fail the step before anything runs (one error,
 * each violation a line); with `warn` each is a warning and the stage goes on.
 */
export function enforceViolations(runner: ActionRunner, explanation: StageExplanation, policy: FailurePolicy): void {
  if (!explanation.violations.length) return;
  const lines = explanation.violations.map((v) => `${v.message} (from ${v.from.join(', ')})`);
  if (policy.violations === 'fail') throw new ConfigurationError(lines.map((message) => ({ message: `${explanation.stage}: ${message}` })));
  for (const line of lines) runner.logger.warning(`${explanation.stage}: ${line}; violations: warn, so the stage goes on`);
}

/** A {@link PolicyOutcome} as the summary reports it. */
export function commandReport(label: string, outcome: PolicyOutcome): CommandReport {
  return { label, outcome: outcome.outcome, attempts: outcome.attempts, ...(outcome.rollback ? { rollback: outcome.rollback } : {}), message: outcome.message };
}
