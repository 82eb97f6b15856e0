import type { Ack, ActiveSwitch, PersonaState, ScopeState } from '../switching/persona-state.js';
import type { SwitchRequest } from '../switching/switch-request.js';
import { code, codeSpan, inlineText, markdownTable, type Cell } from './markdown-text.js';

/** What a switch run reports: the request, its acknowledgement, the authorisation notes and the state after. */
export interface SwitchReport {
  request: SwitchRequest;
  ack: Ack;
  /** The store's description (`branch "persona-state" of octo-org/app`). */
  store: string;
  /** Authorisation notes (the rule that allowed it, "no policy file: …"). */
  notes: readonly string[];
  /** The state after the request (undefined when it could not be read). */
  state?: PersonaState;
  /** The active persona of the request's scope before it. */
  previous?: ActiveSwitch;
}

const RESULT_WORDS: Record<Ack['result'], string> = { applied: 'applied', rejected: 'rejected', duplicate: 'duplicate (already handled; not applied again)' };

/** The request's fields as table rows; absent fields are left out. */
function requestRows(request: SwitchRequest): Array<[Cell, Cell]> {
  const rows: Array<[Cell, Cell]> = [
    ['action', code(request.action)],
    ['channel', code(request.channel)],
  ];
  if (request.persona !== undefined) rows.push(['persona', code(request.persona)]);
  rows.push(['scope', request.environment === undefined ? 'global' : code(request.environment)]);
  if (request.rollout)
    rows.push(['rollout', code(`steps ${request.rollout.steps.join(',')} every ${request.rollout.interval}, by ${request.rollout.bucket_by}`)]);
  if (request.ttl !== undefined) rows.push(['ttl', code(request.ttl)]);
  rows.push(['reason', request.reason || '—']);
  rows.push(['correlation id', code(request.correlation_id)]);
  return rows;
}

/** One scope of the state (global, or an environment's entry) as table rows. */
function scopeRows(name: string, scope: Partial<ScopeState>): Array<Cell[]> {
  const rows: Array<Cell[]> = [];
  if (scope.active) rows.push([name, code(scope.active.persona), `since ${scope.active.since} by ${scope.active.by}`]);
  if (scope.rollout) {
    const r = scope.rollout;
    rows.push([
      name,
      code(`${r.from} → ${r.to}`),
      `rollout ${r.status}, step ${r.step + 1} of ${r.steps.length} (${r.steps.join(', ')} %), every ${r.interval}`,
    ]);
  }
  if (scope.ttl) rows.push([name, code(scope.ttl.revert_to.persona), `back to it at ${scope.ttl.expires_at} (ttl)`]);
  return rows;
}

/**
 * The job summary of a `mode: switch` run: the outcome, the request, the
 * authorisation and the state after it. Every value is escaped
 * (markdown-text.ts): a reason with backticks, `$(…)` or markup renders as
 * written and adds nothing.
 */
export function switchMarkdown(report: SwitchReport): string {
  const { ack, request, state } = report;
  const parts = [
    `## Persona switch: ${inlineText(RESULT_WORDS[ack.result], ' ')}\n`,
    `${codeSpan(request.correlation_id)} · store ${inlineText(report.store, ' ')} · revision **${ack.revision}**\n`,
  ];
  if (ack.result !== 'applied') parts.push(`> ${inlineText(ack.reason)}\n`);
  parts.push('### Request\n', markdownTable(['Field', 'Value'], requestRows(request)));
  if (report.previous) parts.push(`Previously active: ${codeSpan(report.previous.persona)}\n`);
  if (report.notes.length) parts.push('### Authorisation\n', report.notes.map((n) => `- ${inlineText(n)}`).join('\n') + '\n');
  if (state) {
    const rows = [...scopeRows('global', state), ...Object.entries(state.environments ?? {}).flatMap(([env, scope]) => scopeRows(`environment ${env}`, scope))];
    parts.push('### State after the request\n', markdownTable(['Scope', 'Persona', 'Details'], rows));
  }
  return parts.join('\n');
}
