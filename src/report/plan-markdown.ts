/**
 * A stage decision (StageExplanation) for the job summary and the log. Option
 * ids, descriptions, goal names and constraint values come from persona and
 * catalog files, which are untrusted: every one is escaped (markdown-text.ts)
 * or shown as a code span, and terminal text is made safe by the caller's
 * logger path (terminal-text.ts here).
 */
import { describeConstraint } from '../constraints/combine-constraints.js';
import type { StageExplanation } from '../planning/explanation.js';
import { code, codeSpan, inlineText, markdownTable, type Cell } from './markdown-text.js';
import { terminalText } from './terminal-text.js';

/** The most ranked and rejected options a summary lists (a catalog may hold thousands). */
export const MAX_SUMMARY_ROWS = 25;
/** The most rejected options and violations the log lines list. */
const MAX_LOG_ITEMS = 10;

const score = (n: number): string => n.toFixed(2);

/** Option ids as code spans, comma-separated. */
const codeList = (ids: readonly string[]): string => ids.map((id) => codeSpan(id)).join(', ');

/** `… and N more` under a table cut to {@link MAX_SUMMARY_ROWS}. */
const more = (total: number): string => (total > MAX_SUMMARY_ROWS ? `\n_… and ${total - MAX_SUMMARY_ROWS} more_\n` : '');

/** The goals in the ranking's contributions (first-seen order), each `goal (weight)`. */
function goalColumns(e: StageExplanation): Array<{ goal: string; header: string }> {
  const seen = new Map<string, string>();
  for (const r of e.ranking.slice(0, MAX_SUMMARY_ROWS))
    for (const c of r.contributions) if (!seen.has(c.goal)) seen.set(c.goal, `${c.goal}${c.metric !== c.goal ? ` → ${c.metric}` : ''} (${c.weight})`);
  return [...seen].map(([goal, header]) => ({ goal, header }));
}

/** The ranking table: rank, option, score, then each goal's normalised value (– where the option has no estimate). */
function rankingTable(e: StageExplanation): string {
  const goals = goalColumns(e);
  const chosen = new Set(e.chosen);
  const rows = e.ranking.slice(0, MAX_SUMMARY_ROWS).map((r, i): Cell[] => {
    const byGoal = new Map(r.contributions.map((c) => [c.goal, c.normalised]));
    return [i + 1, code(r.id), chosen.has(r.id) ? 'yes' : '', score(r.score), ...goals.map((g) => (byGoal.has(g.goal) ? score(byGoal.get(g.goal)!) : '–'))];
  });
  return markdownTable(['rank', 'option', 'chosen', 'score', ...goals.map((g) => g.header)], rows) + more(e.ranking.length);
}

/** The rejected table: option, the constraint that rejected it, its personas, the reason. */
function rejectedTable(e: StageExplanation): string {
  const rows = e.rejected.slice(0, MAX_SUMMARY_ROWS).map((r): Cell[] => [code(r.id), code(describeConstraint(r.constraint)), r.from.join(', '), r.reason]);
  return markdownTable(['option', 'constraint', 'from', 'reason'], rows) + more(e.rejected.length);
}

/** The chosen line(s): one option, or a set with why each item is in. */
function chosenSection(e: StageExplanation): string {
  if (!e.chosen.length) return '**Chosen:** nothing\n';
  if (!e.reasons) {
    const best = e.ranking.find((r) => r.id === e.chosen[0]);
    return `**Chosen:** ${codeList(e.chosen)}${best ? ` (score ${score(best.score)})` : ''}\n`;
  }
  const reasons = e.reasons;
  return `**Chosen:** ${codeList(e.chosen)}\n\n${e.chosen.map((id) => `- ${codeSpan(id)}: ${inlineText(reasons[id] ?? '')}`).join('\n')}\n`;
}

/**
 * The job summary section of one stage decision: a heading (`### Plan:
 * build`, the catalog named when it differs from the stage), the choice
 * (with each item's reason for a set), the ranking with scores and each
 * goal's normalised value, the rejected options with the constraint and
 * personas that rejected them, the violations and the goals that did not
 * score. Tables and the violations list are cut to {@link MAX_SUMMARY_ROWS} rows.
 */
export function planMarkdown(e: StageExplanation): string {
  const title = e.stage === e.catalog ? inlineText(e.stage, ' ') : `${inlineText(e.stage, ' ')} (${inlineText(e.catalog, ' ')} catalog)`;
  const parts = [`### Plan: ${title}\n`, chosenSection(e)];
  if (e.violations.length)
    parts.push(
      `**Violations**\n\n${e.violations
        .slice(0, MAX_SUMMARY_ROWS)
        .map((v) => `- ${inlineText(v.message)} (${inlineText(v.from.join(', '))})`)
        .join('\n')}\n${more(e.violations.length)}`,
    );
  parts.push(`#### Ranking\n\n${rankingTable(e)}`);
  parts.push(`#### Rejected\n\n${rejectedTable(e)}`);
  if (e.unscored_goals.length)
    parts.push(`Goals no ${inlineText(e.catalog)} option estimates (not scored): ${e.unscored_goals.map((g) => inlineText(g)).join(', ')}\n`);
  return parts.join('\n');
}

/**
 * A few log lines for the decision: what was chosen (with the score and
 * counts), then each rejected option and violation (at most 10 of each).
 * Safe for a terminal (control characters shown as escapes).
 */
export function planText(e: StageExplanation): string {
  const best = e.ranking.find((r) => r.id === e.chosen[0]);
  const choice = e.chosen.length ? e.chosen.join(', ') : 'nothing';
  const lines = [
    `${e.stage}${e.stage === e.catalog ? '' : ` (${e.catalog} catalog)`}: ${choice}${e.reasons || !best ? '' : ` (score ${score(best.score)})`}; ${e.ranking.length} candidates, ${e.rejected.length} rejected`,
  ];
  for (const id of e.reasons ? e.chosen : []) lines.push(`  ${id}: ${e.reasons![id] ?? ''}`);
  for (const r of e.rejected.slice(0, MAX_LOG_ITEMS)) lines.push(`  rejected ${r.id}: ${r.reason} (${r.from.join(', ')})`);
  if (e.rejected.length > MAX_LOG_ITEMS) lines.push(`  … and ${e.rejected.length - MAX_LOG_ITEMS} more rejected`);
  for (const v of e.violations.slice(0, MAX_LOG_ITEMS)) lines.push(`  violation: ${v.message} (${v.from.join(', ')})`);
  if (e.violations.length > MAX_LOG_ITEMS) lines.push(`  … and ${e.violations.length - MAX_LOG_ITEMS} more violations`);
  if (e.unscored_goals.length) lines.push(`  not scored (no ${e.catalog} option estimates them): ${e.unscored_goals.join(', ')}`);
  return terminalText(lines.map((l) => l.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ')).join('\n'));
}
