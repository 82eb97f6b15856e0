/**
 * The zod schema of the hand-over document. Importing this module loads zod
 * (≈15 ms): import it dynamically, as readHandover does.
 *
 * Objects strip unknown keys rather than reject them: a job pinned to an
 * older release of the same major version reads a newer minor's hand-over
 * and ignores the fields it does not know. Field schemas are the persona
 * file's where they fit, so both read values the same way.
 */
import { z } from 'zod';
import { formatPath } from '../errors/diagnostic.js';
import { ConstraintSchema, GoalSchema, IdSchema, PersonaDefinitionSchema, ThresholdSchema } from '../persona/persona-schema.js';
import { describeValue } from '../errors/describe-value.js';
import { controlCharacterMessage, NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_IN_FREE_TEXT } from '../persona/control-characters.js';
import { AFTER_RETRIES, MAX_RETRIES, POLICY_STAGES, RETRY_DELAY_BOUNDS, TIMEOUT_BOUNDS, VIOLATION_TREATMENTS } from '../persona/risk-policy.js';
import type { DurationBounds } from '../persona/duration.js';
import { SELECTION_ORDER } from '../select/selection.js';
import { CORRELATION_ID_PATTERN } from '../switching/switch-request.js';
import type { HandoverDocument } from './handover-document.js';

/** The issue's path as the reader reports it, or `fallback` at the root. */
const pathOf = (issue: { path?: PropertyKey[] }, fallback: string): string => {
  const path = (issue.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
  return path.length ? formatPath(path) : fallback;
};

/** A string without control characters (free text: `\n` and `\t` allowed), named `what` in messages. */
const text = (what: string, freeText = false) =>
  z
    .string({ error: (i) => (i.input === undefined ? `${what} is required` : `${what} must be a string, got ${describeValue(i.input)}`) })
    .regex(freeText ? NO_CONTROL_CHARACTERS_IN_FREE_TEXT : NO_CONTROL_CHARACTERS, {
      error: (i) => controlCharacterMessage(what, i.input, freeText) ?? `${what} contains a control character`,
      abort: true,
    });

const list = <T extends z.ZodType>(what: string, item: T) =>
  z.array(item, { error: (i) => (i.input === undefined ? `${what} is required` : `${what} must be a list, got ${describeValue(i.input)}`) });

/** A non-strict object (unknown keys are dropped) whose "not an object" message names it by its path. */
const record = <S extends z.core.$ZodLooseShape>(noun: string, shape: S) =>
  z.object(shape, {
    error: (issue) => (issue.code === 'invalid_type' ? `${pathOf(issue, noun)} must be a ${noun} object, got ${describeValue(issue.input)}` : undefined),
  });

const personaIds = (what: string) =>
  list(what, IdSchema)
    .min(1, { error: `${what} must name at least one persona` })
    .describe('Ids of the personas of the blend this item came from.');

/**
 * A constraint as the persona file's schema reads it, with the same check
 * of the value against the operator, but tolerant of unknown keys.
 */
const constraint = <S extends z.core.$ZodLooseShape>(extra: S) =>
  record('constraint', { ...ConstraintSchema.shape, ...extra }).superRefine((c, ctx) => {
    const { parameter, operator, value } = c as Record<'parameter' | 'operator' | 'value', unknown>;
    const core = ConstraintSchema.safeParse({ parameter, operator, value });
    if (!core.success) for (const issue of core.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: value });
  });

const BlendTermSchema = record('blend term', {
  id: IdSchema.describe('A persona id.'),
  weight: z
    .number({ error: (i) => `weight must be a number, got ${describeValue(i.input)}` })
    .gt(0, { error: (i) => `weight must be greater than 0 and at most 1, got ${String(i.input)}` })
    .max(1, { error: (i) => `weight must be greater than 0 and at most 1, got ${String(i.input)}` })
    .describe("The persona's share of the blend (6 decimals); the shares sum to 1."),
}).describe('One persona of the blend and its share.');

const ConflictSchema = record('conflict', {
  parameter: ConstraintSchema.shape.parameter,
  dropped_from: IdSchema.describe('The persona whose constraints on the parameter were dropped.'),
  dropped: list('dropped', constraint({}).describe('A dropped constraint.')).describe('The dropped constraints, as that persona wrote them.'),
  kept_from: list('kept_from', IdSchema).describe('The personas whose constraints on the parameter were kept.'),
  message: text('message').describe('The conflict in one sentence.'),
}).describe('Constraints dropped under `on-conflict: weighted` because they clashed with those of a heavier persona.');

/** A whole number from `min` to `max`, named `what` in messages. */
const wholeNumber = (what: string, min: number, max: number) => {
  const message = (i: { input?: unknown }) => `${what} must be a whole number from ${min} to ${max}, got ${describeValue(i.input)}`;
  return z.number({ error: message }).int({ error: message, abort: true }).min(min, { error: message, abort: true }).max(max, { error: message });
};

/** Milliseconds within `bounds`. */
const milliseconds = (what: string, bounds: DurationBounds) => wholeNumber(what, bounds.min, bounds.max);

const RiskPolicySchema = record('risk policy', {
  retries: wholeNumber('retries', 0, MAX_RETRIES).optional().describe('Retries of a failing command after its first attempt.'),
  retry_delay_ms: milliseconds('retry_delay_ms', RETRY_DELAY_BOUNDS).optional().describe('The wait before the first retry, in milliseconds; it doubles.'),
  after_retries: z
    .enum(AFTER_RETRIES, { error: (i) => `after_retries must be one of ${AFTER_RETRIES.join(', ')}, got ${describeValue(i.input)}` })
    .optional()
    .describe('What follows the last failed retry: `rollback` (then fail), `fail` or `continue` (with a warning).'),
  violations: z
    .enum(VIOLATION_TREATMENTS, { error: (i) => `violations must be one of ${VIOLATION_TREATMENTS.join(', ')}, got ${describeValue(i.input)}` })
    .optional()
    .describe('Whether a constraint violation fails the step or only warns.'),
  timeouts_ms: record(
    'timeouts',
    Object.fromEntries(
      POLICY_STAGES.map((stage) => [
        stage,
        milliseconds(`timeouts_ms.${stage}`, TIMEOUT_BOUNDS).optional().describe(`The ${stage} command timeout, in milliseconds.`),
      ]),
    ) as Record<(typeof POLICY_STAGES)[number], z.ZodOptional<z.ZodNumber>>,
  )
    .optional()
    .describe('Command timeouts per stage, in milliseconds.'),
  from: personaIds('from').describe('The personas of the blend that declare a `risk_policy`.'),
}).describe(
  "Since 1.2. Overrides of the failure policy of `risk_tolerance`, each field the safest over the blend's personas; absent when none declares a `risk_policy`. Fields left out take the risk tolerance's defaults.",
);

/** The hand-over document: the resolved persona and its `schema_version`. */
export const HandoverDocumentSchema = record('hand-over', {
  schema_version: text('schema_version')
    .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)$/, { error: (i) => `schema_version must be MAJOR.MINOR such as "1.0", got ${describeValue(i.input)}` })
    .describe('The version of this document, `MAJOR.MINOR`. Readers accept any minor of their major and ignore fields they do not know.'),
  id: text('id')
    .regex(/\S/, { error: 'id must not be empty' })
    .describe('The canonical blend expression, `id:weight` by descending weight (`a:0.6,b:0.4`); a single persona keeps its own id.'),
  name: text('name').describe('The names of the blended personas joined with ` + `, by descending weight.'),
  description: text('description', true).optional().describe("The persona's description; only when a single persona was resolved."),
  blend: list('blend', BlendTermSchema).min(1, { error: 'blend must name at least one persona' }).describe('The personas of the blend and their shares.'),
  risk_tolerance: PersonaDefinitionSchema.shape.risk_tolerance
    .unwrap()
    .describe('The most conservative risk tolerance of the blend: `low`, `medium` or `high`.'),
  risk_tolerance_from: personaIds('risk_tolerance_from').describe('The personas of the blend with that risk tolerance.'),
  risk_policy: RiskPolicySchema.optional(),
  constraints: list('constraints', constraint({ from: personaIds('from') }).describe('A constraint of the blend: `parameter operator value`.')).describe(
    'The combined constraints, each with the personas it came from.',
  ),
  optimization_goals: list(
    'optimization_goals',
    record('goal', { ...GoalSchema.shape, from: personaIds('from') }).describe('A goal of the blend: how much it cares about one metric.'),
  ).describe('The blended goals: each metric weighted by the shares of the personas that set it.'),
  monitoring_thresholds: list(
    'monitoring_thresholds',
    record('threshold', { ...ThresholdSchema.shape, from: personaIds('from') }).describe('A breach condition of the blend, with its severity and action.'),
  ).describe('The strictest threshold per metric, direction and tier (severity and action).'),
  conflicts: list('conflicts', ConflictSchema).describe(
    'Constraints dropped under `on-conflict: weighted`, or under either policy because they clash with a persona that closes deployments; empty otherwise.',
  ),
  source: z
    .enum(SELECTION_ORDER, { error: (i) => `source must be one of ${SELECTION_ORDER.join(', ')}, got ${describeValue(i.input)}` })
    .optional()
    .describe('Since 1.1. Where the persona was chosen: the `persona` input, the triggering event, the state store, or the default.'),
  revision: z
    .number({ error: (i) => `revision must be a number or null, got ${describeValue(i.input)}` })
    .int({ error: (i) => `revision must be a whole number, got ${describeValue(i.input)}` })
    .min(0, { error: (i) => `revision must not be negative, got ${describeValue(i.input)}` })
    .nullable()
    .optional()
    .describe('Since 1.1. The state revision seen when resolving; null when no state store was read.'),
  correlation_id: text('correlation_id')
    .regex(CORRELATION_ID_PATTERN, { error: (i) => `correlation_id must be letters, digits and . _ : / - (at most 128), got ${describeValue(i.input)}` })
    .nullable()
    .optional()
    .describe('Since 1.1. The correlation id of the switch that set the persona; null when none did.'),
  cohort: z
    .enum(['target', 'baseline', 'none'], { error: (i) => `cohort must be target, baseline or none, got ${describeValue(i.input)}` })
    .optional()
    .describe('Since 1.1. During a gradual rollout, whether this run got the target persona or the baseline; `none` otherwise.'),
}).describe(
  'The resolved persona that resolve-persona hands to later jobs (the `persona` output and persona.json). Generated from src/handover/handover-schema.ts; do not edit.',
);

// Compile-time guard: the schema reads exactly the fields of HandoverDocument.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameFields: Same<keyof z.output<typeof HandoverDocumentSchema>, keyof HandoverDocument> = true;
