/**
 * The watch's loop: at once and then every `interval`, follow the state store (a switch is
 * adopted from that check on), ask the sources for what the current
 * persona's thresholds need, check, log one progress line, and carry out
 * the actions that fire; until a decision ends the watch or `duration` is
 * over. Time comes from an injected clock, so tests never wait.
 */
import type { Logger } from '../logging/logger.js';
import { readSources, type MetricSource } from '../metrics/metric-source.js';
import type { WatchPolicy } from '../monitoring/watch-policy.js';
import type { CheckResult, WatchAction, WatchOutcome, WatchPersona, WatchSession } from '../monitoring/watch-session.js';
import type { LivePersonaReader } from './live-persona.js';

/** The watch's time: the real clock, or a test's. */
export interface WatchClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const REAL_CLOCK: WatchClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** One adopted switch, for the timeline and the `switches` output. */
export interface SwitchEvent {
  /** The check from which the new persona applies. */
  check: number;
  at: string;
  from: string;
  to: string;
  revision: number | null;
  correlationId: string | null;
}

/** What carrying out one action gave. */
export interface TakenAction {
  check: number;
  kind: WatchAction['kind'];
  metric: string;
  ok: boolean;
  detail: string;
}

/** What the loop needs. */
export interface WatchLoopDeps {
  session: WatchSession;
  sources: readonly MetricSource[];
  live: LivePersonaReader;
  /** The watched form of a persona and its policy (the policy follows its risk tolerance unless inputs fix it). */
  watched: (persona: LivePersonaReader['persona']['persona']) => { persona: WatchPersona; policy: WatchPolicy };
  clock: WatchClock;
  intervalMs: number;
  durationMs: number;
  logger: Logger;
  act: (action: WatchAction, result: CheckResult) => Promise<TakenAction>;
}

/** The loop's record. */
export interface WatchRun {
  outcome: WatchOutcome;
  results: CheckResult[];
  switches: SwitchEvent[];
  taken: TakenAction[];
}

/** How many checks a watch makes: one at its start, then one per interval while the duration lasts (`5m` every `30s`: 10). */
export function plannedChecks(intervalMs: number, durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs / intervalMs));
}

/** `error_rate=0.004 ok (breach > 0.01)` for each threshold of a check. */
export function progressLine(result: CheckResult, total: number): string {
  const parts = result.checks.map((c) => {
    const t = c.threshold;
    const value = c.value === undefined || !Number.isFinite(c.value) ? 'no-data' : String(Number(c.value.toPrecision(6)));
    const state = c.state === 'ok' ? 'ok' : c.state === 'breach' ? (c.acting ? 'BREACH' : `breach ${c.consecutive}x`) : c.state;
    return `${t.metric}=${value} ${state} (breach ${t.operator} ${t.value}${t.window ? ` over ${t.window}` : ''})`;
  });
  return `[${result.index}/${total}] ${result.verdict} ${result.score}%  ${parts.join('  ')}`;
}

/** Polls the store before a check; a changed persona applies from this check, logged and recorded. */
async function follow(deps: WatchLoopDeps, check: number, switches: SwitchEvent[]): Promise<void> {
  if (!deps.live.live) return;
  const before = deps.live.persona.persona.id;
  const poll = await deps.live.poll(new Date(deps.clock.now()));
  if (!poll.changed) return;
  const { persona, policy } = deps.watched(poll.current.persona);
  deps.session.setPersona(persona, policy);
  const event = {
    check,
    at: new Date(deps.clock.now()).toISOString(),
    from: before,
    to: persona.id,
    revision: poll.current.revision,
    correlationId: poll.current.correlationId,
  };
  switches.push(event);
  deps.logger.info(`persona switched: ${before} → ${persona.id} (revision ${event.revision ?? 'none'}); its thresholds apply from check ${check}`);
}

/** Runs the watch; see the module comment. */
export async function runWatch(deps: WatchLoopDeps): Promise<WatchRun> {
  const total = plannedChecks(deps.intervalMs, deps.durationMs);
  const results: CheckResult[] = [];
  const switches: SwitchEvent[] = [];
  const taken: TakenAction[] = [];
  for (let check = 1; check <= total; check++) {
    // The first check runs at once (the deploy just happened; a source window covers the time before it).
    if (check > 1) await deps.clock.sleep(deps.intervalMs);
    await follow(deps, check, switches);
    const now = deps.clock.now();
    const read = await readSources(deps.sources, deps.session.requests(), now);
    for (const problem of read.problems) deps.logger.warning(`metrics: ${problem}`);
    const result = deps.session.check(read, now);
    results.push(result);
    deps.logger.info(progressLine(result, total));
    for (const action of result.actions) taken.push(await deps.act(action, result));
    if (result.ends) {
      deps.logger.info(`the watch ends at check ${check}: ${result.endReason ?? result.ends}`);
      break;
    }
  }
  return { outcome: deps.session.outcome(), results, switches, taken };
}
