/**
 * The canonical shape of a switch request's `client_payload`, as zod
 * schemas: the single source of truth of the format (grammar of every
 * field included), from which schema/switch-request.schema.json is
 * generated. workflow_dispatch inputs and CLI flags are converted to this
 * shape and checked by the same schemas. Importing this module loads zod.
 */
import { z } from 'zod';
import { parseBlendExpression } from '../blend/blend-expression.js';
import { describeValue } from '../errors/describe-value.js';
import { quote } from '../errors/quote.js';
import { controlCharacterMessage, NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_IN_FREE_TEXT } from '../persona/control-characters.js';
import { CORRELATION_ID_PATTERN } from './switch-request.js';
import { DEFAULT_INTERVAL, DURATION_PATTERN, durationProblem, INTERVAL_BOUNDS, TTL_BOUNDS, type DurationBounds } from '../persona/duration.js';
import { BUCKET_BY } from './persona-state.js';

/** The longest blend expression a request may carry. */
export const MAX_PERSONA_EXPRESSION = 500;
/** The longest reason. */
export const MAX_REASON = 1000;
/** The longest environment name (GitHub's limit). */
export const MAX_ENVIRONMENT = 255;
/** The most steps a rollout may have. */
export const MAX_ROLLOUT_STEPS = 10;
/** Environment names: a letter or digit, then letters, digits, spaces and `._/-`, not ending in a space. */
export const ENVIRONMENT_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9 ._/-]{0,253}[A-Za-z0-9._/-])?$/;
/** The commands of a `persona-rollout` request. */
export const ROLLOUT_COMMANDS = ['advance', 'pause', 'resume', 'abort'] as const;

/** A string field: its type message, then control characters (named with their position), then its length. */
const text = (what: string, max: number, freeText = false) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string, got ${describeValue(issue.input)}`) })
    .regex(freeText ? NO_CONTROL_CHARACTERS_IN_FREE_TEXT : NO_CONTROL_CHARACTERS, {
      error: (issue) => controlCharacterMessage(what, issue.input, freeText) ?? `${what} contains a control character`,
      abort: true,
    })
    .max(max, { error: (issue) => `${what} is longer than ${max} characters (${String((issue.input as string).length)})`, abort: true });

/** The grammar message of a blend expression, quoting it with quote() (parseBlendExpression quotes it whole). */
export function blendProblem(expression: string): string | undefined {
  try {
    parseBlendExpression(expression, 'persona');
    return undefined;
  } catch (error) {
    const message = (error as Error).message.replace(/^persona: /, '');
    return message.replace(JSON.stringify(expression), quote(expression));
  }
}

/** A duration: the grammar as a pattern (so the JSON schema carries it), then the bounds. */
const duration = (what: string, bounds: DurationBounds) =>
  text(what, 40)
    .regex(DURATION_PATTERN, { error: (issue) => durationProblem(issue.input, what) ?? `${what} is not a duration`, abort: true })
    .superRefine((value, ctx) => {
      const problem = durationProblem(value, what, bounds);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
    });

/** A blend expression (`security-first`, `a+b`, `a:0.6,b:0.4`), checked against the blend grammar. */
export const PersonaExpressionSchema = text('persona', MAX_PERSONA_EXPRESSION)
  .superRefine((value, ctx) => {
    const problem = blendProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  })
  .describe('The persona to switch to: a blend expression (`security-first`, `a+b`, `a:0.6,b:0.4`). Every persona must exist in the library.');

/** An environment name: the scope of the request. */
export const EnvironmentSchema = text('environment', MAX_ENVIRONMENT)
  .regex(ENVIRONMENT_PATTERN, {
    error: (issue) =>
      `environment ${quote(String(issue.input))} is not an environment name (letters, digits, spaces and ._/-, starting with a letter or digit)`,
  })
  .describe('The environment whose persona changes; the global scope when absent.');

/** Free text: why. Data, never executed. */
export const ReasonSchema = text('reason', MAX_REASON, true).describe(
  'Why (free text, at most 1000 characters; line feeds and tabs allowed, no other control characters). Stored and shown as data.',
);

/** How long a switch lasts. */
export const TtlSchema = duration('ttl', TTL_BOUNDS).describe(
  'How long the switch lasts before the scope returns to the persona it replaced: a duration (`4h`, `1h30m`), 1m to 90d.',
);

/** The sender's id of the request. */
export const CorrelationIdSchema = text('correlation_id', 128)
  .regex(CORRELATION_ID_PATTERN, {
    error: (issue) => `correlation_id ${quote(String(issue.input))} is not a correlation id (a letter or digit, then up to 127 of letters, digits and ._:/-)`,
  })
  .describe('Identifies the request (generated when absent): a request whose id is already recorded is acknowledged again, never applied twice.');

const step = z
  .number({ error: (issue) => `step must be a whole number from 1 to 100, got ${describeValue(issue.input)}` })
  .int({ error: (issue) => `step must be a whole number from 1 to 100, got ${String(issue.input)}` })
  .min(1, { error: (issue) => `step must be a whole number from 1 to 100, got ${String(issue.input)}` })
  .max(100, { error: (issue) => `step must be a whole number from 1 to 100, got ${String(issue.input)}` });

/** Rollout percentages: strictly increasing, each 1..100, the last 100, at most 10. */
export const StepsSchema = z
  .array(step, {
    error: (issue) => (issue.input === undefined ? 'steps is required' : `steps must be a list of percentages, got ${describeValue(issue.input)}`),
  })
  .min(1, { error: 'steps must not be empty' })
  .max(MAX_ROLLOUT_STEPS, { error: (issue) => `a rollout has at most ${MAX_ROLLOUT_STEPS} steps, got ${String((issue.input as unknown[]).length)}` })
  .superRefine((steps, ctx) => {
    if (!steps.every((s) => Number.isInteger(s) && s >= 1 && s <= 100)) return; // each bad step is reported already
    steps.forEach((s, i) => {
      if (i > 0 && s <= steps[i - 1]!)
        ctx.addIssue({ code: 'custom', path: [i], input: s, message: `steps must be strictly increasing: ${s} after ${steps[i - 1]!}` });
    });
    const last = steps.at(-1);
    if (last !== undefined && last !== 100)
      ctx.addIssue({ code: 'custom', path: [steps.length - 1], input: last, message: `the last step must be 100, got ${last}` });
  })
  .describe('Percentages of runs that get the new persona, step by step: whole numbers 1..100, strictly increasing, the last 100, at most 10.');

/** The rollout part of a switch. */
export const RolloutSchema = z
  .strictObject(
    {
      steps: StepsSchema,
      interval: duration('interval', INTERVAL_BOUNDS).default(DEFAULT_INTERVAL).describe('Time between steps: a duration (`30m`, `1h`), 1m to 7d.'),
      bucket_by: z
        .enum(BUCKET_BY, { error: (issue) => `bucket_by must be one of ${BUCKET_BY.join(', ')}, got ${describeValue(issue.input)}` })
        .default('run')
        .describe('What decides which runs get the new persona: the run id (`run`), the git ref (`ref`) or the environment (`environment`).'),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type' ? `rollout must be an object { steps, interval, bucket_by }, got ${describeValue(issue.input)}` : undefined,
    },
  )
  .describe('Replace the persona gradually instead of at once.');

const optional = {
  environment: EnvironmentSchema.optional(),
  reason: ReasonSchema.optional(),
  correlation_id: CorrelationIdSchema.optional(),
};

/** `client_payload` of a `persona-switch` event. */
export const SwitchPayloadSchema = z
  .strictObject({
    persona: PersonaExpressionSchema,
    ...optional,
    rollout: RolloutSchema.optional().describe('Replace the persona gradually: { steps, interval, bucket_by }.'),
    ttl: TtlSchema.optional(),
  })
  .describe('A switch (event type `persona-switch`).');

/** `client_payload` of a `persona-rollout` event. */
export const RolloutCommandPayloadSchema = z
  .strictObject({
    action: z
      .enum(ROLLOUT_COMMANDS, {
        error: (issue) =>
          issue.input === undefined
            ? `action is required (one of ${ROLLOUT_COMMANDS.join(', ')})`
            : `action must be one of ${ROLLOUT_COMMANDS.join(', ')}, got ${describeValue(issue.input)}`,
      })
      .describe('What to do with the rollout in progress.'),
    ...optional,
  })
  .describe('A rollout command (event type `persona-rollout`).');

/** `client_payload` of a `persona-revert` event. */
export const RevertPayloadSchema = z.strictObject({ ...optional }).describe('Back to the previous persona (event type `persona-revert`).');

/** Any request's `client_payload`: the event type says which. */
export const ClientPayloadSchema = z.union([SwitchPayloadSchema, RolloutCommandPayloadSchema, RevertPayloadSchema]);

/** The three kinds of request a channel carries. */
export type PayloadKind = 'switch' | 'rollout' | 'revert';

/** The schema of each kind's payload. */
export const PAYLOAD_SCHEMAS = { switch: SwitchPayloadSchema, rollout: RolloutCommandPayloadSchema, revert: RevertPayloadSchema } as const;
