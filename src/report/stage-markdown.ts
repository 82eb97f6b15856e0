import type { CommandResult } from '../edge/run-command.js';
import type { FailurePolicy } from '../persona/risk-policy.js';
import type { StageExplanation } from '../planning/explanation.js';
import { code, codeSpan, inlineText, markdownTable, type Cell } from './markdown-text.js';
import { planMarkdown } from './plan-markdown.js';
import { terminalText } from './terminal-text.js';

/** What ran in a stage and how it ended. */
export interface CommandReport {
  /** `build`, `tier unit`. */
  label: string;
  /** `succeeded`, `failed`, `continued`, `rolled-back`, `skipped`. */
  outcome: string;
  attempts: readonly CommandResult[];
  /** The rollback command's result, when it ran. */
  rollback?: CommandResult;
  message: string;
}

/** What a stage's job summary shows. */
export interface StageReport {
  /** `adapt-build` */
  action: string;
  personaId: string;
  /** Where the persona came from (StagePersona.how). */
  how: string;
  /** The state revision the persona was chosen at (StagePersona.revision); null without a state. */
  revision: number | null;
  /** The correlation id of the switch that set the persona (StagePersona.correlationId); null when none. */
  correlationId: string | null;
  explanations: readonly StageExplanation[];
  /** Decision details besides the explanation: `profile`, `toolchain`, `cache`, `runner`… */
  details: ReadonlyArray<[string, Cell | readonly Cell[]]>;
  policy: FailurePolicy;
  commands: readonly CommandReport[];
  dryRun: boolean;
}

const minutes = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The failure policy as a two-column table. */
export function policyTable(policy: FailurePolicy): string {
  const rows: Array<[Cell, Cell]> = [
    ['retries', `${policy.retries} (first wait ${seconds(policy.retry_delay_ms)}, doubling)`],
    ['after the last retry', code(policy.after_retries)],
    ['constraint violations', code(policy.violations)],
    ['timeouts', `build ${minutes(policy.timeouts_ms.build)}, test ${minutes(policy.timeouts_ms.test)} per tier, deploy ${minutes(policy.timeouts_ms.deploy)}`],
  ];
  return markdownTable(['policy', 'value'], rows);
}

/** One attempt as a short phrase: `exit 0 in 1.2 s`, `timed out after 30.0 s`, `killed by SIGKILL`. */
export function attemptText(a: CommandResult): string {
  if (a.timedOut) return `timed out after ${seconds(a.durationMs)}`;
  if (a.exitCode === null) return `ended by ${a.signal ?? 'a signal'} after ${seconds(a.durationMs)}`;
  return `exit ${a.exitCode} in ${seconds(a.durationMs)}`;
}

/** The commands table: what ran, its result and each attempt. */
function commandsTable(commands: readonly CommandReport[]): string {
  const rows = commands.map((c): Cell[] => [
    c.label,
    code(c.outcome),
    c.attempts.map(attemptText).join('; ') || '—',
    c.rollback ? `rollback: ${attemptText(c.rollback)}` : c.message,
  ]);
  return markdownTable(['command', 'result', 'attempts', 'note'], rows);
}

/**
 * The line under a stage's heading that says which persona it used, the
 * state revision it was chosen at and the switch (correlation id) that set
 * it: "Persona `x` · state revision 7 · switch `corr-123`"; the parts that
 * are null are left out. The id and the correlation id are code spans with
 * control characters shown as escapes.
 */
export function personaLine(personaId: string, revision: number | null, correlationId: string | null): string {
  const parts = [`Persona ${codeSpan(terminalText(personaId))}`];
  if (revision !== null) parts.push(`state revision ${revision}`);
  if (correlationId !== null) parts.push(`switch ${codeSpan(terminalText(correlationId))}`);
  return parts.join(' · ');
}

/**
 * A stage's job summary: the persona it used, its state revision and switch
 * ({@link personaLine}) and where it came from, each decision
 * (chosen option, ranking, rejected options, violations: planMarkdown), the
 * details, the failure policy, and what ran with what result. Every outside
 * value is escaped by the markdown helpers.
 */
export function stageMarkdown(report: StageReport): string {
  const parts = [
    `## ${inlineText(report.action, ' ')}: ${codeSpan(report.personaId)}`,
    '',
    personaLine(report.personaId, report.revision, report.correlationId),
    '',
    `Persona ${inlineText(report.how)}.`,
    '',
    ...report.explanations.map((e) => planMarkdown(e)),
    report.details.length
      ? markdownTable(
          ['decision', 'value'],
          report.details.map(([k, v]) => [k, v]),
        )
      : '',
    '',
    '### Failure policy',
    '',
    policyTable(report.policy),
    '',
    '### Commands',
    '',
    report.dryRun ? '`dry-run`: nothing ran.' : report.commands.length ? commandsTable(report.commands) : 'No command was given.',
    '',
  ];
  return parts.filter((p, i, all) => !(p === '' && all[i - 1] === '')).join('\n');
}
