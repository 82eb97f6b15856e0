import { describeConstraint } from '../constraints/combine-constraints.js';
import { blendRiskPolicy } from '../blend/blend-risk-policy.js';
import { failurePolicy } from '../blend/failure-policy.js';
import type { ResolvedPersona } from '../blend/resolved-persona.js';
import { formatDuration } from '../persona/duration.js';
import { POLICY_STAGES, type FailurePolicy } from '../persona/risk-policy.js';
import type { Persona, Threshold } from '../persona/persona.js';
import { roundWeight } from '../blend/blend-expression.js';
import type { WrittenIn } from '../persona/persona.js';

/** One line of terminal text: newlines and tabs flattened, so tables stay aligned. */
const flat = (value: unknown): string => String(value).replace(/[\r\n\t]+/g, ' ');

/**
 * A plain-text table for the terminal: columns padded to their widest cell
 * (the last one is never padded), every line indented; `(none)` when there
 * are no rows.
 */
export function textTable(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>, indent = '  '): string {
  if (!rows.length) return `${indent}(none)\n`;
  const cells = [headers.map(flat), ...rows.map((r) => r.map(flat))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    indent +
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return cells.map(line).join('\n') + '\n';
}

/** `latency_p95_ms > 250`: the breach condition of a threshold. */
export function describeThreshold(t: Pick<Threshold, 'metric' | 'operator' | 'value'>): string {
  return `${t.metric} ${t.operator} ${t.value}`;
}

/** A weight as text: at most 4 decimals, no trailing zeros. */
export function formatWeight(weight: number): string {
  return String(roundWeight(weight));
}

const list = (ids: readonly string[]): string => ids.join(', ');

const AFTER_LAST_RETRY: Record<FailurePolicy['after_retries'], string> = {
  rollback: 'then rollback and fail',
  fail: 'then fail',
  continue: 'then continue with a warning',
};

/**
 * A failure policy in one line: `2 retries (1s, doubling), then fail;
 * violations fail; timeouts build 1h, test 30m, deploy 1h`.
 */
export function describeFailurePolicy(policy: FailurePolicy): string {
  const retries =
    policy.retries === 0
      ? 'no retry'
      : `${policy.retries} ${policy.retries === 1 ? 'retry' : 'retries'} (${formatDuration(policy.retry_delay_ms)}${policy.retries > 1 ? ', doubling' : ''})`;
  const timeouts = POLICY_STAGES.map((stage) => `${stage} ${formatDuration(policy.timeouts_ms[stage])}`).join(', ');
  return `${retries}, ${AFTER_LAST_RETRY[policy.after_retries]}; violations ${policy.violations}; timeouts ${timeouts}`;
}

/** The effective failure policy of a resolved persona, and who overrode the table (` (risk_policy from a, b)`). */
export function failurePolicyLine(persona: Pick<ResolvedPersona, 'risk_tolerance' | 'risk_policy'>): string {
  const from = persona.risk_policy ? ` (risk_policy from ${list(persona.risk_policy.from)})` : '';
  return `${describeFailurePolicy(failurePolicy(persona))}${from}`;
}

const section = (title: string, body: string): string => `\n${title}\n${body}`;

const thresholdRows = (thresholds: ReadonlyArray<Threshold & { from?: string[] }>, withFrom: boolean): string[][] =>
  thresholds.map((t) => [describeThreshold(t), t.window ?? '-', t.severity, t.action, ...(withFrom ? [list(t.from ?? [])] : [])]);

/**
 * A resolved persona (a blend, or one persona) for the terminal: its blend,
 * risk tolerance, goals, constraints, thresholds and dropped constraints,
 * each with the persona(s) it came from. `source` says what selected it.
 */
export function resolvedPersonaText(persona: ResolvedPersona, source?: string): string {
  const head = [
    `Persona: ${flat(persona.name)}`,
    `  id:              ${persona.id}`,
    ...(source ? [`  source:          ${source}`] : []),
    `  risk tolerance:  ${persona.risk_tolerance} (from ${list(persona.risk_tolerance_from)})`,
    `  failure policy:  ${failurePolicyLine(persona)}`,
    ...(persona.blend.length > 1 ? [`  blend:           ${persona.blend.map((t) => `${t.id} ${formatWeight(t.weight)}`).join(', ')}`] : []),
    ...(persona.description ? [`  description:     ${flat(persona.description)}`] : []),
  ].join('\n');
  const parts = [
    `${head}\n`,
    section(
      'Optimization goals',
      textTable(
        ['METRIC', 'WEIGHT', 'FROM'],
        persona.optimization_goals.map((g) => [g.metric, formatWeight(g.weight), list(g.from)]),
      ),
    ),
    section(
      'Constraints',
      textTable(
        ['CONSTRAINT', 'FROM'],
        persona.constraints.map((c) => [describeConstraint(c), list(c.from)]),
      ),
    ),
    section('Monitoring thresholds', textTable(['BREACH WHEN', 'WINDOW', 'SEVERITY', 'ACTION', 'FROM'], thresholdRows(persona.monitoring_thresholds, true))),
  ];
  if (persona.conflicts.length)
    parts.push(
      section(
        'Conflicts (dropped constraints)',
        textTable(
          ['PARAMETER', 'DROPPED', 'DROPPED FROM', 'KEPT FROM'],
          persona.conflicts.map((c) => [c.parameter, c.dropped.map(describeConstraint).join(' and '), c.dropped_from, list(c.kept_from)]),
        ),
      ),
    );
  return parts.join('');
}

/**
 * One persona of the library (inheritance applied) for the terminal, with
 * where it was defined.
 */
export function personaText(persona: Persona, where: string, inheritance?: WrittenIn): string {
  const head = [
    `Persona: ${flat(persona.name)}`,
    `  id:              ${persona.id}`,
    `  defined in:      ${where}`,
    ...(persona.extends ? [`  extends:         ${persona.extends}`] : []),
    `  risk tolerance:  ${persona.risk_tolerance}${inheritance && inheritance.risk_tolerance !== persona.id ? ` (from ${inheritance.risk_tolerance})` : ''}`,
    `  failure policy:  ${describeFailurePolicy(failurePolicy({ risk_tolerance: persona.risk_tolerance, risk_policy: blendRiskPolicy([persona]) }))}`,
    ...(persona.description ? [`  description:     ${flat(persona.description)}`] : []),
  ].join('\n');
  // With extends, a WRITTEN IN column says which persona of the chain wrote each item.
  const by = persona.extends && inheritance ? inheritance : undefined;
  const col = (header: string[]) => (by ? [...header, 'WRITTEN IN'] : header);
  const cell = (ids: string[] | undefined, i: number) => (ids ? [ids[i]!] : []);
  return [
    `${head}\n`,
    section(
      'Optimization goals',
      textTable(
        col(['METRIC', 'WEIGHT']),
        persona.optimization_goals.map((g, i) => [g.metric, formatWeight(g.weight), ...cell(by?.optimization_goals, i)]),
      ),
    ),
    section(
      'Constraints',
      textTable(
        col(['CONSTRAINT']),
        persona.constraints.map((c, i) => [describeConstraint(c), ...cell(by?.constraints, i)]),
      ),
    ),
    section(
      'Monitoring thresholds',
      textTable(
        col(['BREACH WHEN', 'WINDOW', 'SEVERITY', 'ACTION']),
        thresholdRows(persona.monitoring_thresholds, false).map((row, i) => [...row, ...cell(by?.monitoring_thresholds, i)]),
      ),
    ),
  ].join('');
}
