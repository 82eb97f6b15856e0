/**
 * The watch's evaluation, one check at a time (README "Watch evaluation"):
 * the sources' readings in, each threshold of the *current* persona
 * evaluated (threshold-evaluation.ts, value-resolver.ts), the check's
 * verdict and score (check-score.ts), and the actions that fire:
 *
 * - `alert`: fires once per breach episode and the watch goes on; it fires
 *   again only after the breach cleared and came back.
 * - `fail`, `rollback`: end the watch (`ends`); a rollback wins over a fail
 *   at the same check.
 * - `switch:<id>`: fires once per session for each target persona and at
 *   most one switch per check (the first in the thresholds' order); the
 *   watch goes on, and the caller adopts the switched persona with
 *   {@link WatchSession.setPersona} once the state store shows it.
 * - Under `on-no-data: inconclusive`, `inconclusiveLimit` consecutive
 *   inconclusive checks turn the last one into fail and end the watch.
 *
 * The outcome's verdict is the worst check verdict; `alertOnly` is true
 * when it is fail but the watch did not end and every action taken was
 * `alert`: the step then ends green with a warning. Pure, clock injected
 * through `now`.
 */
import type { MetricRequest, ReadResult } from './readings.js';
import { SampleStore } from './sample-store.js';
import { scoreCheck, worse } from './check-score.js';
import { evaluateThreshold, thresholdKey, thresholdWindowMs, type ThresholdMemory } from './threshold-evaluation.js';
import { ValueResolver, type CheckReadings } from './value-resolver.js';
import type { WatchPolicy } from './watch-policy.js';
import type { Breach, CheckResult, ThresholdCheck, Verdict, WatchAction, WatchOutcome, WatchPersona, WatchThreshold } from './watch-types.js';
import { reductionFor } from './window-reduction.js';

export type { Breach, CheckResult, ThresholdCheck, Verdict, WatchAction, WatchOutcome, WatchPersona, WatchThreshold } from './watch-types.js';

/** A threshold of the current persona with its window and counters. */
interface Tracked {
  threshold: WatchThreshold;
  windowMs: number | undefined;
  memory: ThresholdMemory;
}

/** The action a threshold's `action` names. */
function actionOf(t: WatchThreshold, value: number | undefined): WatchAction {
  const v = value === undefined ? {} : { value };
  if (t.action.startsWith('switch:')) return { kind: 'switch', to: t.action.slice('switch:'.length), threshold: t, ...v };
  return { kind: t.action as 'alert' | 'fail' | 'rollback', threshold: t, ...v };
}

/** `error_rate > 0.01` and the value, for messages. */
function describeBreach(c: ThresholdCheck): string {
  const t = c.threshold;
  const value = c.value === undefined || !Number.isFinite(c.value) ? 'no data' : String(c.value);
  return `${t.metric} ${t.operator} ${t.value} breached (${value}; ${t.severity}, action ${t.action})`;
}

/** One watch: the current persona and policy, the samples seen, every threshold's counters (see the module comment). */
export class WatchSession {
  private persona!: WatchPersona;
  private policy!: WatchPolicy;
  private tracked: Tracked[] = [];
  private readonly resolver = new ValueResolver(new SampleStore());
  private readonly switchedTo = new Set<string>();
  private readonly breaches: Breach[] = [];
  private readonly actionKinds = new Set<WatchAction['kind']>();
  private index = 0;
  private inconclusiveRun = 0;
  private worst: Verdict = 'pass';
  private lastScore = 0;
  private ended?: { ends: 'fail' | 'rollback'; reason: string };

  /** @throws ConfigurationError when a threshold's window is not a duration such as `5m`. */
  constructor(persona: WatchPersona, policy: WatchPolicy) {
    this.setPersona(persona, policy);
  }

  /**
   * Adopts a switched persona from the next check: thresholds of the new
   * persona start their counters afresh, except one identical in metric,
   * operator, value, window, severity and action to one of the previous
   * persona, which keeps its counters (and its episode). The samples seen
   * and the switches already fired are kept.
   * @throws ConfigurationError when a threshold's window is not a duration such as `5m`.
   */
  setPersona(persona: WatchPersona, policy: WatchPolicy): void {
    const previous = new Map<string, ThresholdMemory[]>();
    for (const t of this.tracked) {
      const key = thresholdKey(t.threshold);
      previous.set(key, [...(previous.get(key) ?? []), t.memory]);
    }
    const tracked = persona.monitoring_thresholds.map((threshold) => ({
      threshold,
      windowMs: thresholdWindowMs(threshold),
      memory: previous.get(thresholdKey(threshold))?.shift() ?? { consecutive: 0, fired: false },
    }));
    this.persona = persona;
    this.policy = policy;
    this.tracked = tracked;
    this.resolver.watch(tracked.map((t) => t.threshold.metric));
  }

  /** Which metrics (and windows) to ask the sources for now: one request per metric and window, windowed ones with the metric's reduction. */
  requests(): MetricRequest[] {
    const seen = new Map<string, MetricRequest>();
    for (const { threshold, windowMs } of this.tracked) {
      const key = `${threshold.metric}\u0000${windowMs ?? ''}`;
      if (!seen.has(key))
        seen.set(key, { metric: threshold.metric, ...(windowMs === undefined ? {} : { windowMs }), reduction: reductionFor(threshold.metric) });
    }
    return [...seen.values()];
  }

  /**
   * One check at `now` with what the sources read: instant readings go into
   * the store, windowed ones answer their window.
   * @throws Error when the watch already ended (a bug of the caller).
   */
  check(read: ReadResult, now: number): CheckResult {
    if (this.ended) throw new Error(`the watch ended at check ${this.index}; no further check`);
    const index = ++this.index;
    const readings = this.resolver.ingest(read);
    const { checks, fired } = this.evaluate(readings, now, index);
    const scored = scoreCheck(checks, this.persona.optimization_goals);
    const actions = this.admit(fired);
    const result: CheckResult = { index, at: now, personaId: this.persona.id, checks, ...scored, actions };
    this.applyInconclusiveLimit(result);
    this.applyEnding(result);
    this.worst = worse(this.worst, result.verdict);
    this.lastScore = result.score;
    return result;
  }

  /** Evaluates every tracked threshold; records a breach for each that fires. */
  private evaluate(readings: CheckReadings, now: number, index: number): { checks: ThresholdCheck[]; fired: ThresholdCheck[] } {
    const checks: ThresholdCheck[] = [];
    const fired: ThresholdCheck[] = [];
    for (const t of this.tracked) {
      const resolved = this.resolver.resolve(t.threshold.metric, t.windowMs, readings, now);
      const { check, fires } = evaluateThreshold(t.threshold, resolved, t.memory, this.policy);
      checks.push(check);
      if (!fires) continue;
      fired.push(check);
      const { metric, operator, value: limit, severity, action } = t.threshold;
      this.breaches.push({
        index,
        at: now,
        personaId: this.persona.id,
        metric,
        operator,
        limit,
        ...(check.value === undefined || !Number.isFinite(check.value) ? {} : { value: check.value }),
        severity,
        action,
      });
    }
    return { checks, fired };
  }

  /** The actions of the fired thresholds that may fire: every alert, fail and rollback; a switch once per target and session, one per check. */
  private admit(fired: readonly ThresholdCheck[]): WatchAction[] {
    const actions: WatchAction[] = [];
    let switched = false;
    for (const c of fired) {
      const action = actionOf(c.threshold, c.value);
      if (action.kind === 'switch') {
        if (switched || this.switchedTo.has(action.to)) continue;
        switched = true;
        this.switchedTo.add(action.to);
      }
      actions.push(action);
      this.actionKinds.add(action.kind);
    }
    return actions;
  }

  /** Under `on-no-data: inconclusive`, the inconclusiveLimit-th consecutive inconclusive check fails and ends the watch. */
  private applyInconclusiveLimit(result: CheckResult): void {
    const { onNoData, inconclusiveLimit } = this.policy;
    this.inconclusiveRun = result.verdict === 'inconclusive' && onNoData === 'inconclusive' ? this.inconclusiveRun + 1 : 0;
    if (inconclusiveLimit === null || this.inconclusiveRun < inconclusiveLimit) return;
    result.verdict = 'fail';
    result.ends = 'fail';
    result.endReason = `no data for ${this.inconclusiveRun} consecutive checks (the limit under risk tolerance ${this.persona.risk_tolerance} is ${inconclusiveLimit})`;
  }

  /** A fired rollback (else fail) action ends the watch. */
  private applyEnding(result: CheckResult): void {
    const ending = result.actions.find((a) => a.kind === 'rollback') ?? result.actions.find((a) => a.kind === 'fail');
    if (ending) {
      result.ends = ending.kind as 'fail' | 'rollback';
      result.endReason = describeBreach(result.checks.find((c) => c.threshold === ending.threshold)!);
    }
    if (result.ends) this.ended = { ends: result.ends, reason: result.endReason! };
  }

  /** The watch so far: the worst verdict, the last score, every breach that acted, the number of checks, and whether it ended early. */
  outcome(): WatchOutcome {
    const verdict: Verdict = this.index === 0 ? 'inconclusive' : this.worst;
    const alertOnly = verdict === 'fail' && !this.ended && [...this.actionKinds].every((k) => k === 'alert');
    return {
      verdict,
      score: this.lastScore,
      checks: this.index,
      breaches: [...this.breaches],
      ...(this.ended ? { ended: this.ended.ends, endReason: this.ended.reason } : {}),
      alertOnly,
    };
  }
}
