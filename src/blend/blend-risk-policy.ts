/**
 * Blending of `risk_policy`: for every field some persona of the blend
 * declares, the safest value over all of them, each persona contributing its
 * declared value or, when it declares none, the default of its own risk
 * tolerance. Pure.
 */
import { parseDuration } from '../persona/duration.js';
import type { Persona, RiskPolicyDefinition } from '../persona/persona.js';
import {
  AFTER_RETRIES,
  DEFAULT_FAILURE_POLICIES,
  POLICY_STAGES,
  VIOLATION_TREATMENTS,
  type FailurePolicy,
  type PolicyStage,
  type RiskPolicyOverride,
} from '../persona/risk-policy.js';

/** A persona's `risk_policy` in milliseconds: only the fields it declares (durations were validated by the parser). */
export function riskPolicyMs(policy: RiskPolicyDefinition): Omit<RiskPolicyOverride, 'from'> {
  const out: Omit<RiskPolicyOverride, 'from'> = {};
  if (policy.retries !== undefined) out.retries = policy.retries;
  if (policy.retry_delay !== undefined) out.retry_delay_ms = parseDuration(policy.retry_delay, 'retry_delay');
  if (policy.after_retries !== undefined) out.after_retries = policy.after_retries;
  if (policy.violations !== undefined) out.violations = policy.violations;
  const timeouts: Partial<Record<PolicyStage, number>> = {};
  for (const stage of POLICY_STAGES) {
    const text = policy.timeouts?.[stage];
    if (text !== undefined) timeouts[stage] = parseDuration(text, `${stage} timeout`);
  }
  if (Object.keys(timeouts).length) out.timeouts_ms = timeouts;
  return out;
}

/** The safer of two values of each scalar field: lower is safer for retries, higher for the delay; the vocabularies list the safest first. */
const SAFER = {
  retries: (a: number, b: number) => Math.min(a, b),
  retry_delay_ms: (a: number, b: number) => Math.max(a, b),
  after_retries: (a: FailurePolicy['after_retries'], b: FailurePolicy['after_retries']) => (AFTER_RETRIES.indexOf(a) <= AFTER_RETRIES.indexOf(b) ? a : b),
  violations: (a: FailurePolicy['violations'], b: FailurePolicy['violations']) => (VIOLATION_TREATMENTS.indexOf(a) <= VIOLATION_TREATMENTS.indexOf(b) ? a : b),
};
type ScalarField = keyof typeof SAFER;

/** The safest of `values` under `safer` (values non-empty). */
function safest<T>(values: readonly T[], safer: (a: T, b: T) => T): T {
  return values.reduce((a, b) => safer(a, b));
}

/**
 * The `risk_policy` of a blend, or undefined when no persona declares a
 * field. For each field some persona declares: the safest over all the
 * blend's personas of (declared ?? the default of that persona's risk
 * tolerance): fewest retries, longest retry delay, rollback over fail over
 * continue, fail over warn, the shortest timeout per stage. Fields nobody
 * declares are left out: the table of the blended (most conservative) risk
 * tolerance applies to them. `from` lists the personas that declare one.
 */
export function blendRiskPolicy(personas: readonly Persona[]): RiskPolicyOverride | undefined {
  const declared = personas.map((p) => ({ persona: p, own: p.risk_policy ? riskPolicyMs(p.risk_policy) : {} }));
  const from = declared.filter((d) => Object.keys(d.own).length > 0).map((d) => d.persona.id);
  if (!from.length) return undefined;
  const out: Omit<RiskPolicyOverride, 'from'> = {};
  const value = <F extends ScalarField>(d: (typeof declared)[number], field: F) =>
    (d.own[field] ?? DEFAULT_FAILURE_POLICIES[d.persona.risk_tolerance][field]) as FailurePolicy[F];
  for (const field of Object.keys(SAFER) as ScalarField[]) {
    if (!declared.some((d) => d.own[field] !== undefined)) continue;
    const values = declared.map((d) => value(d, field));
    (out as Record<string, unknown>)[field] = safest(values, SAFER[field] as (a: unknown, b: unknown) => unknown);
  }
  const timeouts: Partial<Record<PolicyStage, number>> = {};
  for (const stage of POLICY_STAGES) {
    if (!declared.some((d) => d.own.timeouts_ms?.[stage] !== undefined)) continue;
    timeouts[stage] = Math.min(...declared.map((d) => d.own.timeouts_ms?.[stage] ?? DEFAULT_FAILURE_POLICIES[d.persona.risk_tolerance].timeouts_ms[stage]));
  }
  if (Object.keys(timeouts).length) out.timeouts_ms = timeouts;
  return { ...out, from };
}
