/**
 * Carrying out what a watch's check decided: `alert` (a warning annotation
 * and the optional webhook), `fail` (recorded; the step fails at the end),
 * `rollback` (the `rollback` command, once, under the rollback guardrails)
 * and `switch:<persona>` (a switch request written to the state store). A
 * remediation that cannot be carried out says why in the record and the
 * log, never throws: the watch's own verdict still decides the step.
 */
import type { PostOptions } from '../edge/http-post.js';
import type { CommandResult, CommandSpec } from '../edge/run-command.js';
import type { Logger } from '../logging/logger.js';
import type { CheckResult, WatchAction } from '../monitoring/watch-session.js';
import type { LivePersona } from './live-persona.js';
import type { RollbackGuard } from './rollback-guarding.js';
import type { TakenAction } from './watch-loop.js';
import type { StateWriter } from './watch-state-writer.js';
import { sendWebhook, type BreachNotice } from './watch-webhook.js';

/** What the remediations need. */
export interface RemediationDeps {
  logger: Logger;
  /** The persona being watched now (for the notices). */
  live: () => LivePersona;
  webhook: string;
  webhookSecret: string;
  runUrl: string;
  /** The `rollback` command ('' for none), with what running it needs. */
  rollback: string;
  guard: RollbackGuard;
  runRollback: (spec: Pick<CommandSpec, 'command'> & { env: Record<string, string> }) => Promise<CommandResult>;
  /** Absent without a state store: a `switch:` action then only says it could not switch. */
  state?: StateWriter;
  /** How the webhook waits between retries (the watch's clock). */
  post?: PostOptions;
}

/** `error_rate = 0.02 breaches > 0.01 over 5m` */
function describe(action: WatchAction): string {
  const t = action.threshold;
  const value = action.value === undefined || !Number.isFinite(action.value) ? 'no data' : String(action.value);
  return `${t.metric} = ${value} breaches ${t.operator} ${t.value}${t.window ? ` over ${t.window}` : ''} (${t.severity})`;
}

/** The webhook notice of `action` at `result`. */
function notice(action: WatchAction, result: CheckResult, deps: RemediationDeps): BreachNotice {
  const live = deps.live();
  return {
    persona: live.persona.id,
    revision: live.revision,
    correlationId: live.correlationId,
    threshold: action.threshold,
    ...(action.value === undefined ? {} : { value: action.value }),
    check: result.index,
    at: new Date(result.at).toISOString(),
    ...(deps.runUrl ? { runUrl: deps.runUrl } : {}),
  };
}

/** Runs the rollback command once when the guardrails allow it. */
async function rollback(action: WatchAction, deps: RemediationDeps): Promise<{ ok: boolean; detail: string }> {
  if (!deps.rollback.trim()) return { ok: false, detail: 'no rollback command was given (input "rollback")' };
  const permission = await deps.guard.guard();
  if (!permission.allowed) return { ok: false, detail: `no rollback: ${permission.reason}` };
  const result = await deps.runRollback({ command: deps.rollback, env: permission.env ?? {} });
  await deps.guard.ranRollback();
  const ok = result.exitCode === 0;
  return { ok, detail: ok ? `rolled back after ${describe(action)}` : `the rollback command failed (exit ${result.exitCode ?? result.signal ?? '?'})` };
}

/** Writes the switch of a `switch:<persona>` action. */
async function switchTo(
  action: Extract<WatchAction, { kind: 'switch' }>,
  result: CheckResult,
  deps: RemediationDeps,
): Promise<{ ok: boolean; detail: string }> {
  if (!deps.state) return { ok: false, detail: `cannot switch to ${action.to}: no state store (input "state")` };
  try {
    const write = await deps.state.switchTo(action.to, `watch-monitor: ${describe(action)} at check ${result.index}`, result.index);
    const ok = write.result === 'applied' || write.result === 'duplicate';
    return {
      ok,
      detail: ok
        ? `switched to ${action.to} (revision ${write.revision}, ${write.correlationId})`
        : `switch to ${action.to} ${write.result}: ${write.reason ?? ''}`,
    };
  } catch (error) {
    return { ok: false, detail: `cannot switch to ${action.to}: ${(error as Error).message}` };
  }
}

/** Carries out `action` (fired at `result`); see the module comment. */
export async function remediate(action: WatchAction, result: CheckResult, deps: RemediationDeps): Promise<TakenAction> {
  const base = { check: result.index, kind: action.kind, metric: action.threshold.metric };
  let outcome: { ok: boolean; detail: string };
  if (action.kind === 'alert') {
    deps.logger.warning(`alert from persona ${deps.live().persona.id}: ${describe(action)} at check ${result.index}`);
    const sent = deps.webhook ? await sendWebhook(deps.webhook, deps.webhookSecret, notice(action, result, deps), deps.logger, deps.post) : undefined;
    outcome = {
      ok: sent !== false,
      detail: sent === undefined ? 'warning annotation' : sent ? 'warning annotation and webhook' : 'warning annotation; the webhook failed',
    };
  } else if (action.kind === 'fail') outcome = { ok: true, detail: `the watch fails: ${describe(action)}` };
  else if (action.kind === 'rollback') outcome = await rollback(action, deps);
  else if (action.kind === 'switch') outcome = await switchTo(action, result, deps);
  else outcome = { ok: false, detail: 'unknown action' };
  (outcome.ok ? deps.logger.info : deps.logger.warning).call(deps.logger, `${action.kind}: ${outcome.detail}`);
  return { ...base, ...outcome };
}
