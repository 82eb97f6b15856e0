/**
 * What `persona status` shows: the active persona of the global scope and of
 * each environment (or the one asked for), what it resolves to now, its
 * rollout (id, step, percentage, status, next step) and ttl, the last
 * history entries and, for a correlation id, that request's
 * acknowledgements. One stable JSON object, and text for the terminal (the
 * caller prints it through terminalText).
 */
import { environmentEntry } from '../switching/apply-scope.js';
import type { StateDocument } from '../switching/apply-types.js';
import { effectivePersona } from '../switching/effective-persona.js';
import type { Ack, ActiveSwitch, BucketBy, HistoryEntry, RolloutStatus, ScopeState } from '../switching/persona-state.js';
import { rolloutProgress } from '../switching/rollout.js';
import { textTable } from '../report/persona-text.js';
import { outcomeOf } from './switch-wait.js';

/** One scope of the status. */
export interface ScopeStatus {
  active: ActiveSwitch;
  /** What every run resolves to now; null while a rollout splits runs between two personas. */
  resolves_to: string | null;
  rollout: {
    id: string;
    from: string;
    to: string;
    steps: number[];
    step: number;
    percent: number;
    status: RolloutStatus;
    interval: string;
    bucket_by: BucketBy;
    started_at: string;
    next_step_at: string | null;
  } | null;
  ttl: { expires_at: string; expired: boolean; revert_to: string } | null;
}

/** The acknowledgements of one correlation id. */
export interface RequestStatus {
  correlation_id: string;
  /** The original request's outcome (a duplicate repeats it). */
  result: 'applied' | 'rejected';
  reason: string;
  revision: number | null;
  acks: Ack[];
}

/** One history entry with every key present, in a fixed order (null where the entry has none). */
export interface HistoryStatus {
  at: string;
  revision: number;
  result: HistoryEntry['result'];
  action: string;
  persona: string | null;
  environment: string | null;
  by: string;
  correlation_id: string;
  reason: string;
}

/** The whole `--json` object. */
export interface StatusReport {
  store: string;
  /** 0 when nothing was ever recorded. */
  revision: number;
  global: ScopeStatus | null;
  environments: Record<string, ScopeStatus>;
  /** Newest first. */
  history: HistoryStatus[];
  request?: RequestStatus | null;
}

/** The status of one scope at `now`. */
function scopeStatus(state: StateDocument, scope: ScopeState, environment: string | undefined, now: Date): ScopeStatus {
  const effective = effectivePersona(state, { ...(environment !== undefined ? { environment } : {}), now, keys: { run: '', ref: '' } });
  const { rollout, ttl } = scope;
  const progress = rollout ? rolloutProgress(rollout, now) : undefined;
  return {
    active: scope.active,
    resolves_to: effective && effective.cohort === 'none' ? effective.persona : null,
    rollout:
      rollout && progress
        ? {
            id: rollout.id,
            from: rollout.from,
            to: rollout.to,
            steps: [...rollout.steps],
            step: progress.step,
            percent: progress.percent,
            status: progress.status,
            interval: rollout.interval,
            bucket_by: rollout.bucket_by,
            started_at: rollout.started_at,
            next_step_at: progress.next_step_at ?? null,
          }
        : null,
    ttl: ttl ? { expires_at: ttl.expires_at, expired: now.getTime() >= Date.parse(ttl.expires_at), revert_to: ttl.revert_to.persona } : null,
  };
}

/** The acknowledgements of `correlationId`, or null when the state has none. */
export function requestStatus(state: StateDocument | undefined, correlationId: string): RequestStatus | null {
  const acks = (state?.acks ?? []).filter((ack) => ack.correlation_id === correlationId);
  if (!acks.length) return null;
  const original = outcomeOf(acks.find((ack) => ack.result !== 'duplicate') ?? acks[0]!);
  return { correlation_id: correlationId, result: original.result, reason: original.reason, revision: original.revision ?? null, acks };
}

/** The status of `state` at `now`; `environment` limits the environments shown to that one. */
export function statusReport(
  store: string,
  state: StateDocument | undefined,
  history: HistoryEntry[],
  options: { now: Date; environment?: string; correlationId?: string },
): StatusReport {
  const { now, environment } = options;
  const global = state?.active
    ? { active: state.active, ...(state.rollout ? { rollout: state.rollout } : {}), ...(state.ttl ? { ttl: state.ttl } : {}) }
    : undefined;
  const names = environment !== undefined ? [environment] : Object.keys(state?.environments ?? {}).sort();
  const environments: Record<string, ScopeStatus> = {};
  for (const name of names) {
    const entry = state ? environmentEntry(state, name) : undefined;
    if (state && entry) environments[name] = scopeStatus(state, entry, name, now);
  }
  return {
    store,
    revision: state?.revision ?? 0,
    global: state && global ? scopeStatus(state, global, undefined, now) : null,
    environments,
    history: history.map((h) => ({
      at: h.at,
      revision: h.revision,
      result: h.result,
      action: h.action,
      persona: h.persona ?? null,
      environment: h.environment ?? null,
      by: h.by,
      correlation_id: h.correlation_id,
      reason: h.reason,
    })),
    ...(options.correlationId !== undefined ? { request: requestStatus(state, options.correlationId) } : {}),
  };
}

/** The text lines of one scope. */
function scopeText(label: string, scope: ScopeStatus): string {
  const { active, rollout, ttl } = scope;
  const lines = [`${label}: ${active.persona}`, `  since ${active.since} by ${active.by} (correlation id ${active.correlation_id})`];
  if (active.reason) lines.push(`  reason: ${active.reason.replace(/\n/g, ' ')}`);
  if (rollout) {
    const next = rollout.next_step_at ? `; next step at ${rollout.next_step_at}` : '';
    lines.push(`  rollout ${rollout.id}: ${rollout.from} -> ${rollout.to}`);
    lines.push(`    step ${rollout.step + 1} of ${rollout.steps.length} (${rollout.percent}% of runs), ${rollout.status}${next}`);
    lines.push(`    steps ${rollout.steps.join(',')} every ${rollout.interval}, by ${rollout.bucket_by}`);
  }
  if (ttl) lines.push(`  ttl: ${ttl.expired ? 'expired at' : 'expires at'} ${ttl.expires_at}, back to ${ttl.revert_to}`);
  lines.push(`  resolves to: ${scope.resolves_to ?? `${rollout!.to} or ${rollout!.from}, by cohort`}`);
  return lines.join('\n');
}

/** The terminal text of a {@link StatusReport}. */
export function statusText(report: StatusReport): string {
  const parts = [`State: ${report.store}, revision ${report.revision}`];
  if (report.request) {
    const { correlation_id, result, reason, revision, acks } = report.request;
    parts.push(`Request ${correlation_id}: ${result}${revision !== null ? ` at revision ${revision}` : ''}${reason ? `: ${reason}` : ''}`);
    parts.push(
      textTable(
        ['AT', 'RESULT', 'REVISION', 'REASON'],
        acks.map((a) => [a.at, a.result, a.revision, a.reason]),
      ).trimEnd(),
    );
  }
  parts.push(report.global ? scopeText('Global', report.global) : 'Global: no persona switched yet');
  for (const [name, scope] of Object.entries(report.environments)) parts.push(scopeText(`Environment ${JSON.stringify(name)}`, scope));
  const rows = report.history.map((h) => [h.at, h.revision, h.result, h.action, h.persona ?? '', h.environment ?? '', h.by, h.correlation_id, h.reason]);
  parts.push(
    `History (newest first):\n${textTable(['AT', 'REV', 'RESULT', 'ACTION', 'PERSONA', 'ENVIRONMENT', 'BY', 'CORRELATION ID', 'REASON'], rows).trimEnd()}`,
  );
  return parts.join('\n\n');
}
