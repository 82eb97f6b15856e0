/**
 * watch-monitor's job summary: the verdict and score, the persona watched at
 * the end with its state revision and switch (correlation id), a timeline table (one
 * row per check, the persona it watched under and the switches adopted), a
 * mermaid xychart per metric with its values against the threshold, and
 * every action taken. Every outside value (metric names, persona ids,
 * details) is escaped as table cells and chart labels are.
 */
import type { CheckResult, WatchOutcome } from '../monitoring/watch-session.js';
import { chartLabel, code, codeSpan, inlineText, markdownTable, type Cell } from './markdown-text.js';
import { personaLine } from './stage-markdown.js';

/** A switch adopted mid-watch, as the summary shows it. */
export interface SwitchRow {
  check: number;
  from: string;
  to: string;
  revision: number | null;
}

/** An action taken, as the summary shows it. */
export interface ActionRow {
  check: number;
  kind: string;
  metric: string;
  ok: boolean;
  detail: string;
}

/** What the summary shows. */
export interface WatchReport {
  /** The persona watched at the end (a switch adopted mid-watch changes it). */
  personaId: string;
  /** Its state revision; null without a state. */
  revision: number | null;
  /** The correlation id of the switch that set it; null when none. */
  correlationId: string | null;
  how: string;
  outcome: WatchOutcome;
  results: readonly CheckResult[];
  switches: readonly SwitchRow[];
  taken: readonly ActionRow[];
  /** The step's conclusion in one sentence. */
  conclusion: string;
}

/** The most checks drawn in a chart (the last ones). */
const MAX_POINTS = 200;
const time = (at: number) => new Date(at).toISOString().slice(11, 19);
const shown = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : Number(v.toPrecision(6)));

/** The timeline table: check, time, persona, verdict, score, and each threshold's value and state. */
function timeline(report: WatchReport): string {
  const switchAt = new Map(report.switches.map((s) => [s.check, s]));
  const rows = report.results.map((r): Array<Cell | Cell[]> => {
    const s = switchAt.get(r.index);
    const persona: Cell[] = s ? [code(r.personaId), `switched from ${s.from} (revision ${s.revision ?? '–'})`] : [code(r.personaId)];
    const values = r.checks.map((c) => `${c.threshold.metric} ${shown(c.value)} ${c.state}`);
    return [r.index, time(r.at), persona, code(r.verdict), `${r.score}%`, values.length ? values : '–'];
  });
  return markdownTable(['check', 'time (UTC)', 'persona', 'verdict', 'score', 'values'], rows);
}

/** One xychart per metric: its values per check (a line) against each threshold's limit (a line). */
function charts(results: readonly CheckResult[]): string[] {
  const recent = results.slice(-MAX_POINTS);
  const metrics = [...new Set(recent.flatMap((r) => r.checks.map((c) => c.threshold.metric)))].slice(0, 20);
  return metrics.map((metric) => {
    const points = recent.map((r) => r.checks.find((c) => c.threshold.metric === metric)?.value);
    const limits = [...new Set(recent.flatMap((r) => r.checks.filter((c) => c.threshold.metric === metric).map((c) => c.threshold.value)))].slice(0, 3);
    const finite = [...points.filter((v): v is number => v !== undefined && Number.isFinite(v)), ...limits];
    if (!finite.length) return '';
    const values = points.map((v) => (v === undefined || !Number.isFinite(v) ? 0 : Number(v.toPrecision(6))));
    return [
      '```mermaid',
      'xychart-beta',
      `    title ${chartLabel(`${metric} per check`)}`,
      `    x-axis [${recent.map((r) => r.index).join(', ')}]`,
      `    y-axis ${chartLabel(metric)}`,
      `    line [${values.join(', ')}]`,
      ...limits.map((limit) => `    line [${recent.map(() => limit).join(', ')}]`),
      '```',
      '',
    ].join('\n');
  });
}

/** The summary; see the module comment. */
export function watchMarkdown(report: WatchReport): string {
  const { outcome } = report;
  const parts = [
    `## watch-monitor: ${codeSpan(outcome.verdict)} · score ${outcome.score}%\n`,
    `${personaLine(report.personaId, report.revision, report.correlationId)}\n`,
    `Persona at the start: ${inlineText(report.how, ' ')} · ${outcome.checks} checks · ${inlineText(report.conclusion, ' ')}\n`,
  ];
  if (report.results.length) parts.push('### Timeline\n', timeline(report));
  parts.push(...charts(report.results).filter(Boolean));
  if (report.taken.length)
    parts.push(
      '### Actions\n',
      markdownTable(
        ['check', 'action', 'metric', 'result'],
        report.taken.map((a) => [a.check, code(a.kind), a.metric, `${a.ok ? 'done' : 'not done'}: ${a.detail}`]),
      ),
    );
  if (report.switches.length)
    parts.push(
      '### Persona switches during the watch\n',
      markdownTable(
        ['from check', 'from', 'to', 'revision'],
        report.switches.map((s) => [s.check, code(s.from), code(s.to), s.revision ?? '–']),
      ),
    );
  return parts.join('\n');
}
