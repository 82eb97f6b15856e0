/**
 * Authorisation of switch requests against the policy file: an allow rule
 * must admit both actors, the request's action, its scope and every persona
 * it makes active; a protected persona becomes active only from a job whose
 * OIDC token proves it runs in one of the persona's environments. Pure.
 */
import { parseBlendExpression } from '../blend/blend-expression.js';
import { quote } from '../errors/quote.js';
import type { AllowRule, Policy, ProtectedPersona } from './policy-schema.js';
import { GLOBAL_SCOPE, WILDCARD } from './policy-vocabulary.js';
import type { SwitchRequest } from './switch-request.js';

/** Who asks: `github.actor` and `github.triggering_actor` (the CLI user for both when applied directly). */
export interface Requesters {
  actor: string;
  triggeringActor: string;
}

/** What the job's verified OIDC token says (claims `environment`, `job_workflow_ref`); absent without `id-token: write`. */
export interface EnvironmentProof {
  environment?: string;
  jobWorkflowRef?: string;
}

/** The decision: allowed (by which rule, with notes for the summary beyond the rule), or rejected with the rule it broke. */
export type Authorisation = { allowed: true; rule: string | undefined; notes: string[] } | { allowed: false; reason: string; rule?: string };

/** The note of a run without a policy file. */
export const NO_POLICY_NOTE = 'no policy file: every valid request is allowed';

/**
 * True when `pattern` matches `text`: `*` alone matches anything, inside a
 * pattern any run of characters. Linear in the lengths (leftmost matching
 * is exact for `*`-only globs).
 */
export function wildcardMatches(pattern: string, text: string, ignoreCase = true): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  const parts = p.split(WILDCARD);
  if (parts.length === 1) return p === t;
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (!t.startsWith(first) || t.length < first.length + last.length) return false;
  let position = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = t.indexOf(middle, position);
    if (found < 0) return false;
    position = found + middle.length;
  }
  return t.length - position >= last.length && t.endsWith(last);
}

/** The scope a rule's `environments` matches: the environment, or {@link GLOBAL_SCOPE}, which only `*` and itself match. */
function scopeAllowed(patterns: readonly string[], environment: string | undefined): boolean {
  if (environment === undefined) return patterns.some((p) => p === WILDCARD || p === GLOBAL_SCOPE);
  return patterns.some((p) => p !== GLOBAL_SCOPE && wildcardMatches(p, environment));
}

/** `allow[2]`, or `allow[2] ("release managers")`. */
const ruleLabel = (rule: AllowRule, index: number) => `allow[${index}]${rule.name ? ` (${quote(rule.name)})` : ''}`;

/**
 * The personas a request makes active, or more active: a switch's blend;
 * `advance`/`resume` the rollout's target; `abort`/`revert` the persona
 * that becomes active again (`target`, from the state); none for `pause`.
 */
function personasMadeActive(request: SwitchRequest, target: string | undefined): string[] {
  const expression = request.action === 'switch' ? request.persona : request.action === 'pause' ? undefined : target;
  return expression === undefined ? [] : parseBlendExpression(expression, 'persona').map((t) => t.id);
}

/** Why `rule` does not admit the request, or undefined when it does. Checked in order: actors, action, scope, personas. */
function ruleProblem(rule: AllowRule, request: SwitchRequest, who: Requesters, personas: readonly string[]): { problem: string; depth: number } | undefined {
  const actorOk = (login: string) => rule.actors.some((p) => wildcardMatches(p, login));
  if (!actorOk(who.actor)) return { problem: `actor ${quote(who.actor)} is not in its actors`, depth: 0 };
  if (!actorOk(who.triggeringActor)) return { problem: `triggering actor ${quote(who.triggeringActor)} is not in its actors`, depth: 1 };
  if (rule.actions && !rule.actions.some((a) => a === WILDCARD || a === request.action))
    return { problem: `action ${quote(request.action)} is not in its actions`, depth: 2 };
  if (rule.environments && !scopeAllowed(rule.environments, request.environment)) {
    const scope = request.environment === undefined ? `the global scope (${GLOBAL_SCOPE})` : `environment ${quote(request.environment)}`;
    return { problem: `${scope} is not in its environments`, depth: 3 };
  }
  const outside = rule.personas ? personas.find((id) => !rule.personas!.some((p) => wildcardMatches(p, id))) : undefined;
  if (outside !== undefined) return { problem: `persona ${quote(outside)} is not in its personas`, depth: 4 };
  return undefined;
}

/** The allow rule admitting the request, or the rejection naming the rule that came closest. */
function checkAllowRules(rules: readonly AllowRule[], request: SwitchRequest, who: Requesters, personas: readonly string[]): Authorisation {
  if (rules.length === 0) return { allowed: false, reason: 'the policy allows nothing: its allow list is empty', rule: 'allow' };
  let closest: { problem: string; depth: number; label: string } | undefined;
  for (const [index, rule] of rules.entries()) {
    const label = ruleLabel(rule, index);
    const broken = ruleProblem(rule, request, who, personas);
    if (!broken) return { allowed: true, rule: label, notes: [] };
    if (!closest || broken.depth > closest.depth) closest = { ...broken, label };
  }
  const others = rules.length > 1 ? ` (no other allow rule admits it either)` : '';
  return { allowed: false, reason: `${request.action} rejected by ${closest!.label}: ${closest!.problem}${others}`, rule: closest!.label };
}

/** Whether one protected entry is satisfied by the proof. */
function proofSatisfies(entry: ProtectedPersona, proof: EnvironmentProof | undefined): boolean {
  const environment = proof?.environment;
  if (environment === undefined || !entry.environments.some((e) => e.toLowerCase() === environment.toLowerCase())) return false;
  return !entry.workflows || (proof?.jobWorkflowRef !== undefined && entry.workflows.some((w) => wildcardMatches(w, proof.jobWorkflowRef!, false)));
}

/** Checks every protected persona the request makes active; notes for those accepted, or the rejection. */
function checkProtected(entries: readonly ProtectedPersona[], personas: readonly string[], proof: EnvironmentProof | undefined): string[] | Authorisation {
  const notes: string[] = [];
  for (const id of personas) {
    const indexes = entries.flatMap((e, i) => (e.persona === id ? [i] : []));
    if (indexes.length === 0) continue;
    const label = indexes.map((i) => `protected[${i}]`).join(', ');
    if (indexes.some((i) => proofSatisfies(entries[i]!, proof))) {
      notes.push(`persona ${quote(id)} is protected (${label}): accepted from environment ${quote(proof!.environment!)}, proven by the job's OIDC token`);
      continue;
    }
    const environments = [...new Set(indexes.flatMap((i) => entries[i]!.environments))].map((e) => quote(e)).join(', ');
    const needs = `making it active needs an OIDC token (permissions: id-token: write) from a job in environment ${environments}`;
    const got =
      proof?.environment === undefined
        ? 'this job has no OIDC token proof of its environment'
        : `this job's OIDC token says environment ${quote(proof.environment)}${proof.jobWorkflowRef ? `, workflow ${quote(proof.jobWorkflowRef, 120)}` : ''}`;
    return { allowed: false, reason: `persona ${quote(id)} is protected by ${label}: ${needs}; ${got}`, rule: label };
  }
  return notes;
}

/**
 * Decides whether `who` may make `request`. `target` is the persona a
 * command makes active (for `advance`/`resume` the rollout's target, for
 * `abort`/`revert` the persona that becomes active again), read from the
 * state by the caller; without it a command makes no persona active.
 * Without a policy every valid request is allowed.
 */
export function authorise(policy: Policy | undefined, request: SwitchRequest, who: Requesters, proof?: EnvironmentProof, target?: string): Authorisation {
  if (!policy) return { allowed: true, rule: undefined, notes: [NO_POLICY_NOTE] };
  const personas = personasMadeActive(request, target);
  const allowed: Authorisation = policy.allow
    ? checkAllowRules(policy.allow, request, who, personas)
    : {
        allowed: true,
        rule: undefined,
        notes: ['the policy has no allow list: every actor may make any request (protected personas still need their environment)'],
      };
  if (!allowed.allowed) return allowed;
  const protection = checkProtected(policy.protected ?? [], personas, proof);
  if (!Array.isArray(protection)) return protection;
  return { ...allowed, notes: [...allowed.notes, ...protection] };
}
