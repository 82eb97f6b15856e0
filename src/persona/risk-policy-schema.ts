/**
 * The zod schema of a persona's `risk_policy`: overrides of the failure
 * policy its risk tolerance compiles to (risk-policy.ts holds the table and
 * stays zod-free for the fast path and blending).
 */
import { z } from 'zod';
import { controlCharacterMessage } from './control-characters.js';
import { DURATION_PATTERN, durationProblem, formatDuration, type DurationBounds } from './duration.js';
import { AFTER_RETRIES, DEFAULT_FAILURE_POLICIES, MAX_RETRIES, RETRY_DELAY_BOUNDS, TIMEOUT_BOUNDS, VIOLATION_TREATMENTS } from './risk-policy.js';
import { entry, finite, oneOf } from './schema-fields.js';

/** The duration grammar without the empty string (a lookahead, so the JSON schema needs no `minLength`). */
const NON_EMPTY_DURATION = new RegExp(`^(?=\\d)${DURATION_PATTERN.source.slice(1)}`);

/**
 * A duration (`30s`, `5m`, `1h30m`) within `bounds`, kept as written; `what`
 * names it in messages. One pattern reaches the JSON schema (it admits no
 * control character); a control character is still named in the message.
 */
const durationField = (what: string, bounds: DurationBounds) =>
  z
    .string({ error: (i) => durationProblem(i.input, what) ?? `${what} must be a string` })
    .regex(NON_EMPTY_DURATION, {
      error: (i) => controlCharacterMessage(what, i.input) ?? durationProblem(i.input, what) ?? `${what} is not a duration`,
      abort: true,
    })
    .refine((v) => durationProblem(v, what, bounds) === undefined, { error: (i) => durationProblem(i.input, what, bounds) ?? `${what} is out of range` });

/** `low 1h, medium 1h, high 1h30m`: a default of the failure-policy table per risk tolerance. */
const byRisk = (field: (risk: keyof typeof DEFAULT_FAILURE_POLICIES) => string) =>
  (['low', 'medium', 'high'] as const).map((risk) => `${risk} ${field(risk)}`).join(', ');

const retriesRange = (issue: { input?: unknown }) => `retries must be a whole number from 0 to ${MAX_RETRIES}, got ${String(issue.input)}`;

/** Command timeouts per stage: each replaces the risk tolerance's default for that stage. */
export const RiskTimeoutsSchema = entry(
  'timeouts',
  {
    build: durationField('build timeout', TIMEOUT_BOUNDS)
      .optional()
      .describe(`Timeout of the build command. Default: ${byRisk((r) => formatDuration(DEFAULT_FAILURE_POLICIES[r].timeouts_ms.build))}.`),
    test: durationField('test timeout', TIMEOUT_BOUNDS)
      .optional()
      .describe(`Timeout of each test tier's command. Default: ${byRisk((r) => formatDuration(DEFAULT_FAILURE_POLICIES[r].timeouts_ms.test))}.`),
    deploy: durationField('deploy timeout', TIMEOUT_BOUNDS)
      .optional()
      .describe(`Timeout of the deploy command. Default: ${byRisk((r) => formatDuration(DEFAULT_FAILURE_POLICIES[r].timeouts_ms.deploy))}.`),
  },
  false,
).describe(`Command timeouts per stage, each a duration from ${formatDuration(TIMEOUT_BOUNDS.min)} to ${formatDuration(TIMEOUT_BOUNDS.max)}.`);

/**
 * A persona's overrides of the failure policy its risk tolerance compiles
 * to (src/persona/risk-policy.ts); every field optional. The keys are in
 * RISK_POLICY_KEYS order: the fast path outputs them in that order.
 */
export const RiskPolicySchema = entry(
  'risk policy',
  {
    retries: finite('retries')
      .int({ error: retriesRange, abort: true })
      .min(0, { error: retriesRange, abort: true })
      .max(MAX_RETRIES, { error: retriesRange })
      .optional()
      .describe(
        `Retries of a failing command after its first attempt, 0 to ${MAX_RETRIES}; 0 turns retries off. Default: ${byRisk((r) => String(DEFAULT_FAILURE_POLICIES[r].retries))}.`,
      ),
    retry_delay: durationField('retry_delay', RETRY_DELAY_BOUNDS)
      .optional()
      .describe(
        `The wait before the first retry, ${formatDuration(RETRY_DELAY_BOUNDS.min)} to ${formatDuration(RETRY_DELAY_BOUNDS.max)}; it doubles before each further retry. Default: ${formatDuration(DEFAULT_FAILURE_POLICIES.medium.retry_delay_ms)}.`,
      ),
    after_retries: oneOf('after_retries', AFTER_RETRIES)
      .optional()
      .describe(
        `What follows the last failed retry: \`rollback\` (run the \`rollback\` command, when one is given, then fail), \`fail\`, or \`continue\` (with a warning). Default: ${byRisk((r) => DEFAULT_FAILURE_POLICIES[r].after_retries)}.`,
      ),
    violations: oneOf('violations', VIOLATION_TREATMENTS)
      .optional()
      .describe(
        `Whether a constraint violation fails the step (\`fail\`) or only warns (\`warn\`). Default: ${byRisk((r) => DEFAULT_FAILURE_POLICIES[r].violations)}.`,
      ),
    timeouts: RiskTimeoutsSchema.optional(),
  },
  false,
).describe(
  "Overrides of the failure policy the risk tolerance compiles to, field by field. In a blend each declared field takes the safest value over the blend's personas: fewest retries, longest retry delay, rollback over fail over continue, fail over warn, the shortest timeout.",
);
