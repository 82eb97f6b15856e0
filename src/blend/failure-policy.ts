/**
 * The effective failure policy of a resolved persona: the defaults table of
 * its risk tolerance (DEFAULT_FAILURE_POLICIES) with its `risk_policy`
 * overrides in place, field by field. Pure.
 */
import { DEFAULT_FAILURE_POLICIES, POLICY_STAGES, type FailurePolicy, type PolicyStage } from '../persona/risk-policy.js';
import type { ResolvedPersona } from './resolved-persona.js';

/**
 * The failure policy the stages apply for `persona`: each field of its
 * `risk_policy` (the timeouts stage by stage) replaces the one of the table
 * of its risk tolerance. A new object each time; the table is never shared.
 */
export function failurePolicy(persona: Pick<ResolvedPersona, 'risk_tolerance' | 'risk_policy'>): FailurePolicy {
  const base = DEFAULT_FAILURE_POLICIES[persona.risk_tolerance];
  const override = persona.risk_policy;
  const timeouts = Object.fromEntries(POLICY_STAGES.map((stage) => [stage, override?.timeouts_ms?.[stage] ?? base.timeouts_ms[stage]])) as Record<
    PolicyStage,
    number
  >;
  return {
    retries: override?.retries ?? base.retries,
    retry_delay_ms: override?.retry_delay_ms ?? base.retry_delay_ms,
    after_retries: override?.after_retries ?? base.after_retries,
    violations: override?.violations ?? base.violations,
    timeouts_ms: timeouts,
  };
}
