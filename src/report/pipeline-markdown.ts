/**
 * report-pipeline's job summary: one row per job of the run (result,
 * persona, state revision, the switch that set it) and, when the stages
 * used different personas, the plain sentence that says why. Every value
 * comes from other jobs' outputs, so each is escaped: control characters
 * shown as `\uXXXX` (terminalText), then a code span or escaped text.
 */
import { quote } from '../errors/quote.js';
import { codeSpan, markdownTable, type Cell } from './markdown-text.js';
import type { PipelineComparison, PipelineStage } from './pipeline-stages.js';
import { terminalText } from './terminal-text.js';

/** What the summary and the warning say when the stages used different personas. */
export const MISMATCH_SENTENCE = 'stages used different personas: a runtime switch took effect mid-run (stages re-read the state store unless `pin: true`)';

/** A code cell whose control characters are shown as escapes. */
const shown = (value: string): Cell => ({ code: terminalText(value) });

/** One job's row: job, result, persona, revision, switch. */
function row(stage: PipelineStage): Cell[] {
  return [
    shown(stage.job),
    shown(stage.result),
    stage.persona === null ? '— (none chosen)' : shown(stage.persona),
    stage.revision ?? '—',
    stage.correlation_id === null ? '—' : shown(stage.correlation_id),
  ];
}

/** The heading: one persona, several, or none. */
function heading(comparison: PipelineComparison): string {
  const [only] = comparison.personas;
  if (!comparison.consistent) return `## Pipeline personas: ${comparison.personas.length} different personas`;
  return only === undefined ? '## Pipeline personas: no stage chose a persona' : `## Pipeline personas: every stage used ${codeSpan(terminalText(only))}`;
}

/**
 * The summary (see the module comment). Stages without a persona
 * (skipped, or failed before choosing one) are listed but not compared.
 */
export function pipelineMarkdown(comparison: PipelineComparison): string {
  const parts = [heading(comparison), '', markdownTable(['job', 'result', 'persona', 'revision', 'switch'], comparison.stages.map(row))];
  if (!comparison.consistent)
    parts.push(`**${MISMATCH_SENTENCE}.**`, '', `Personas in stage order: ${comparison.personas.map((p) => codeSpan(terminalText(p))).join(' → ')}.`, '');
  if (comparison.stages.some((s) => s.persona === null))
    parts.push('Jobs without a persona (skipped, or failed before choosing one) are listed but not compared.', '');
  return parts.join('\n');
}

/**
 * The mismatch as one plain line for a warning or an error annotation:
 * which job used which persona, each id JSON-quoted (control characters and
 * line breaks escaped, cut to 60 characters), so no id can start a workflow
 * command.
 */
export function mismatchMessage(comparison: PipelineComparison): string {
  const used = comparison.stages.filter((s) => s.persona !== null).map((s) => `${s.job} ${quote(s.persona!)}`);
  return `${MISMATCH_SENTENCE} (${used.join(', ')})`;
}
