/**
 * The deploy stage's gates, checked before anything runs: the freeze (a
 * persona of the blend closes deployments), the deploy windows (every
 * persona's windows must allow the moment) and the deployment frequency (an
 * upper bound counted over the last 24 hours; a lower bound is a target,
 * reported, never a block). Pure: the moment and the count are inputs.
 */
import { isClosingConstraint } from '../blend/closing-constraints.js';
import { describeConstraintBriefly } from '../constraints/combine-constraints.js';
import type { Constraint } from '../persona/persona.js';
import type { ViolationTreatment } from '../persona/risk-policy.js';
import { parseDeployWindow, windowOpen, type DeployWindow } from './deploy-window.js';
import type { SourcedConstraint } from './option-constraints.js';

/** What a gate does: stop the deploy, warn and go on, or only report (a frequency target). */
export type GateAction = 'block' | 'warn' | 'report';

/** One gate's finding. */
export interface GateFinding {
  gate: 'freeze' | 'window' | 'frequency';
  action: GateAction;
  /** The personas whose constraints closed the gate. */
  from: string[];
  constraints: Constraint[];
  message: string;
}

/** `strategy = none and deployment_frequency <= 0`, for messages. */
const listed = (cs: readonly Constraint[]): string => cs.map(describeConstraintBriefly).join(', ');
const quoted = (ids: readonly string[]): string => ids.map((id) => `"${id}"`).join(', ');

/**
 * The freeze: each persona with a closing constraint (see
 * isClosingConstraint) blocks the deploy, whatever its weight: one finding
 * naming the personas and their closing constraints.
 */
export function freezeGate(constraints: readonly SourcedConstraint[]): GateFinding[] {
  const closing = constraints.filter((c) => isClosingConstraint(c));
  if (!closing.length) return [];
  const from = [...new Set(closing.flatMap((c) => c.from))];
  const message = `${from.length === 1 ? 'persona' : 'personas'} ${quoted(from)} ${from.length === 1 ? 'closes' : 'close'} deployments (${listed(closing)}): a freeze`;
  return [{ gate: 'freeze', action: 'block', from, constraints: closing.map(({ from: _f, ...c }) => c), message }];
}

/** The windows of a `deploy_window` constraint, or the problems of the texts that are not windows. */
function windowsOf(c: SourcedConstraint): { windows: DeployWindow[]; problems: string[] } {
  const texts = (Array.isArray(c.value) ? c.value : [c.value]).map(String);
  const windows: DeployWindow[] = [];
  const problems: string[] = [];
  for (const text of texts) {
    const parsed = parseDeployWindow(text);
    if ('problem' in parsed) problems.push(`${parsed.problem} (persona ${quoted(c.from)})`);
    else windows.push(parsed);
  }
  return { windows, problems };
}

/** The operators a `deploy_window` constraint may use: windows to deploy in (`=`, `in`), or blackouts (`!=`, `not_in`). */
export const WINDOW_OPERATORS: readonly string[] = ['=', 'in', '!=', 'not_in'];

/** Why `c` (a `deploy_window` constraint) closes the gate at `at`, or undefined when it allows the moment. */
function closedBy(c: SourcedConstraint, windows: readonly DeployWindow[], at: Date): string | undefined {
  const open = windows.filter((w) => windowOpen(w, at));
  if (c.operator === '=' || c.operator === 'in') return open.length ? undefined : `no window of ${listed([c])} is open`;
  return open.length ? `the blackout ${JSON.stringify(open[0]!.text)} is on` : undefined;
}

/**
 * The deploy windows at `at`: each `deploy_window` constraint (one per
 * persona, kept apart by the blend) must allow the moment: an `=`/`in` one
 * when one of its windows is open (alternatives), a `!=`/`not_in` one when
 * none of its blackouts is. A closed gate blocks under `violations: fail`
 * (low and medium risk) and warns under `warn` (high). `problems` lists
 * texts that are not windows and operators windows do not take.
 */
export function windowGate(
  constraints: readonly SourcedConstraint[],
  at: Date,
  treatment: ViolationTreatment,
): { findings: GateFinding[]; problems: string[] } {
  const findings: GateFinding[] = [];
  const problems: string[] = [];
  for (const c of constraints) {
    if (c.parameter !== 'deploy_window') continue;
    if (!WINDOW_OPERATORS.includes(c.operator)) {
      problems.push(`${listed([c])} (persona ${quoted(c.from)}): deploy_window takes ${WINDOW_OPERATORS.join(', ')}`);
      continue;
    }
    const { windows, problems: bad } = windowsOf(c);
    problems.push(...bad);
    if (bad.length) continue;
    const why = closedBy(c, windows, at);
    if (!why) continue;
    const { from, ...bare } = c;
    const message = `${from.length === 1 ? 'persona' : 'personas'} ${quoted(from)}: ${why} at ${at.toISOString().slice(0, 16)}Z, so the deploy window is closed`;
    findings.push({ gate: 'window', action: treatment === 'fail' ? 'block' : 'warn', from, constraints: [bare], message });
  }
  return { findings, problems };
}

/** The persona's deployment-frequency bounds: the tightest upper bound (more than 0; 0 or less is a freeze) and the highest lower bound. */
export function frequencyBounds(constraints: readonly SourcedConstraint[]): {
  limit?: { max: number; c: SourcedConstraint };
  target?: { min: number; c: SourcedConstraint };
} {
  let limit: { max: number; c: SourcedConstraint } | undefined;
  let target: { min: number; c: SourcedConstraint } | undefined;
  for (const c of constraints) {
    if (c.parameter !== 'deployment_frequency' || typeof c.value !== 'number' || isClosingConstraint(c)) continue;
    // Deployments are whole: `< 5` allows at most 4 a day, `> 9` asks for at least 10.
    const max = c.operator === '<=' || c.operator === '=' ? Math.floor(c.value) : c.operator === '<' ? Math.ceil(c.value) - 1 : undefined;
    const min = c.operator === '>=' || c.operator === '=' ? Math.ceil(c.value) : c.operator === '>' ? Math.floor(c.value) + 1 : undefined;
    if (max !== undefined && (!limit || max < limit.max)) limit = { max, c };
    if (min !== undefined && (!target || min > target.min)) target = { min, c };
  }
  return { ...(limit ? { limit } : {}), ...(target ? { target } : {}) };
}

/**
 * The frequency gate, given how many deployments of the environment the
 * last 24 hours saw before this one (`recent`; `capped` when only a lower
 * bound is known): this deploy would make `recent + 1`; more than the upper
 * bound blocks under `violations: fail` and warns under `warn`. A lower bound
 * is a target: reported, never a block.
 */
export function frequencyGate(constraints: readonly SourcedConstraint[], recent: number, treatment: ViolationTreatment, capped = false): GateFinding[] {
  const { limit, target } = frequencyBounds(constraints);
  const findings: GateFinding[] = [];
  const count = `${recent}${capped ? ' or more' : ''} deployment${recent === 1 && !capped ? '' : 's'} in the last 24 h`;
  const bare = ({ from: _f, ...c }: SourcedConstraint): Constraint => c;
  if (limit && recent + 1 > limit.max)
    findings.push({
      gate: 'frequency',
      action: treatment === 'fail' ? 'block' : 'warn',
      from: limit.c.from,
      constraints: [bare(limit.c)],
      message: `${count}; this one would exceed ${listed([limit.c])} (persona ${quoted(limit.c.from)}), at most ${limit.max} a day`,
    });
  if (target)
    findings.push({
      gate: 'frequency',
      action: 'report',
      from: target.c.from,
      constraints: [bare(target.c)],
      message: `${count}, this one the ${recent + 1}${capped ? '+' : ''}; the target is ${listed([target.c])} (persona ${quoted(target.c.from)}): ${recent + 1 >= target.min ? 'met' : 'not met yet'}`,
    });
  return findings;
}
