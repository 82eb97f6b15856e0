/**
 * The zod schema of the state document (`state.json`): the single source of
 * truth of its format. schema/state.schema.json is generated from it, and so
 * is the validator that parseState runs on every read
 * (state-validator.generated.ts), so the resolve path never loads zod.
 * Importing this module loads zod (≈15 ms): build time and tests only.
 *
 * Objects ignore keys they do not know (a newer minor version may add
 * fields) and zod drops them; `__proto__`, `constructor` and `prototype`
 * keys are refused anywhere in the document (the reader's structural scan,
 * as for the hand-over). Rules JSON schema cannot express (steps
 * strictly increasing, `step` inside `steps`, `paused_at` only while paused,
 * timestamps that are real dates) are refinements here, written once in
 * parse-state.ts (which must not load zod) and used by both.
 */
import { z } from 'zod';
import { describeValue } from '../errors/describe-value.js';
import { NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_IN_FREE_TEXT } from '../persona/control-characters.js';
import { isRecord } from '../persona/is-record.js';
import { FORBIDDEN_KEYS, ID_PATTERN } from '../persona/vocabulary.js';
import { isRealDate, rolloutRuleProblem, structureProblem } from './parse-state.js';
import {
  ACK_RESULTS,
  type Ack,
  type ActiveSwitch,
  BUCKET_BY,
  MAX_ACKS,
  MAX_PREVIOUS,
  type PersonaState,
  ROLLOUT_STATUSES,
  type RolloutState,
  STATE_SCHEMA_VERSION,
  type TtlState,
} from './persona-state.js';
import { CORRELATION_ID_PATTERN } from './switch-request.js';

const ID = ID_PATTERN.source.slice(1, -1);
/** A share in a canonical blend id: 4 decimals at most, never 0 (`0.6`, `0.3333`; `1` after rounding). */
const SHARE = '(?:0\\.[0-9]{0,3}[1-9]|1)';
const MAJOR = STATE_SCHEMA_VERSION.split('.')[0]!;

/** Longest free text (`reason`) kept, in UTF-16 code units. */
export const MAX_REASON_LENGTH = 1000;
/** Longest actor or environment name, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 255;
/** Longest duration string (`interval`). */
export const MAX_DURATION_LENGTH = 64;

/**
 * The grammars of the state's strings, each with the words a message uses
 * for what was expected. The generated validator carries the words, keyed
 * by pattern, so parseState can say what a field must look like.
 */
export const STATE_GRAMMAR = {
  blendId: {
    pattern: new RegExp(`^(?:${ID}|${ID}:${SHARE}(?:,${ID}:${SHARE})+)$`),
    expected: 'a canonical blend id: a persona id such as "security-first", or "security-first:0.6,cost-optimization:0.4"',
  },
  timestamp: {
    pattern: /^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?Z$/,
    expected: 'an ISO 8601 UTC timestamp such as "2026-01-31T12:00:00.000Z"',
  },
  duration: { pattern: /^(?:[1-9][0-9]*[dhms])+$/, expected: 'a duration such as "30m", "4h" or "1h30m"' },
  correlationId: {
    pattern: CORRELATION_ID_PATTERN,
    expected: 'a correlation id: a letter or digit, then letters, digits and . _ : / - (at most 128 characters)',
  },
  schemaVersion: { pattern: new RegExp(`^${MAJOR}\\.(?:0|[1-9][0-9]*)$`), expected: `a ${MAJOR}.x version such as "${STATE_SCHEMA_VERSION}"` },
  environmentName: {
    // Not empty, no control characters, and none of the keys that would reach an object's prototype.
    pattern: new RegExp(`^(?!(?:${[...FORBIDDEN_KEYS].join('|')})$)${NO_CONTROL_CHARACTERS.source.slice(1, -2)}+$`),
    expected: `an environment name: not empty, at most ${MAX_NAME_LENGTH} characters, no control characters, not __proto__, constructor or prototype`,
  },
} as const;

const grammar = (rule: keyof typeof STATE_GRAMMAR) =>
  z.string().regex(STATE_GRAMMAR[rule].pattern, { error: (i) => `expected ${STATE_GRAMMAR[rule].expected}, got ${describeValue(i.input)}` });

const timestamp = () => grammar('timestamp').refine(isRealDate, { error: 'not a real date (such as 30 February)' });
const blendId = () => grammar('blendId');
const correlationId = () => grammar('correlationId');
const name = () => z.string().min(1).max(MAX_NAME_LENGTH).regex(NO_CONTROL_CHARACTERS);
const reason = () => z.string().max(MAX_REASON_LENGTH).regex(NO_CONTROL_CHARACTERS_IN_FREE_TEXT);
const count = () => z.int().min(0);

/** One active persona: what was switched to, when, by whom, why, under which correlation id. */
export const ActiveSwitchSchema = z
  .object({
    persona: blendId().describe('The canonical blend id of the active persona (`security-first`, `security-first:0.6,cost-optimization:0.4`).'),
    since: timestamp().describe('When it became active: ISO 8601 UTC.'),
    by: name().describe('Who asked for it: `github.actor` of the switch run, or the CLI user. At most 255 characters, no control characters.'),
    reason: reason().describe('Why, as the request said; may be empty. At most 1000 characters; line feeds and tabs are the only control characters allowed.'),
    correlation_id: correlationId().describe('The correlation id of the request that made it active.'),
  })
  .describe('An active persona: what was switched to, when, by whom, why, and under which correlation id.');

/** A gradual replacement of `from` by `to`. */
export const RolloutStateSchema = z
  .object({
    id: correlationId().describe('Identifies the rollout (the switch\'s correlation id); each run\'s bucket is `sha256("<id>:<key>")`.'),
    from: blendId().describe('The canonical blend id of the persona being replaced (the baseline cohort).'),
    to: blendId().describe('The canonical blend id of the target persona (the target cohort).'),
    steps: z
      .array(z.int().min(1).max(100))
      .min(1)
      .max(100)
      .describe('Percentages of runs that get the target persona, strictly increasing, each 1..100, the last 100.'),
    step: z.int().min(0).max(99).describe('The index into `steps` reached by `advance` requests; the step computed from time may be later.'),
    interval: z
      .string()
      .max(MAX_DURATION_LENGTH)
      .regex(STATE_GRAMMAR.duration.pattern, { error: `expected ${STATE_GRAMMAR.duration.expected}` })
      .describe('Time between steps, as written (`30m`, `1h30m`): digits then d, h, m or s, repeated.'),
    bucket_by: z.enum(BUCKET_BY).describe('What puts a run in a bucket: `run` (GITHUB_RUN_ID), `ref` (GITHUB_REF) or `environment`.'),
    started_at: timestamp().describe('When the rollout started: ISO 8601 UTC.'),
    updated_at: timestamp().describe('When it last changed (advance, pause, resume, abort): ISO 8601 UTC.'),
    paused_at: timestamp().optional().describe('When the current pause began; present exactly while `status` is `paused`.'),
    paused_ms: count().describe('Milliseconds spent paused before the current pause; the step clock does not run while paused.'),
    status: z.enum(ROLLOUT_STATUSES).describe('`progressing`, `paused`, `aborted` (everyone back on `from`) or `complete` (everyone on `to`).'),
  })
  .superRefine((rollout, ctx) => {
    const issue = rolloutRuleProblem(rollout);
    if (issue) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: rollout });
  })
  .describe('A gradual switch from `from` to `to`; the current step is computed at read time from `started_at`, `interval` and pauses.');

/** A switch that expires. */
export const TtlStateSchema = z
  .object({
    expires_at: timestamp().describe('When the switch expires: from then on the scope resolves to `revert_to` (computed at read time).'),
    revert_to: ActiveSwitchSchema.describe('The active persona the expiring switch replaced.'),
  })
  .describe('A switch with a time to live: after `expires_at` the scope resolves to `revert_to` again.');

/** The acknowledgement of one request. */
export const AckSchema = z
  .object({
    correlation_id: correlationId().describe("The request's correlation id."),
    result: z.enum(ACK_RESULTS).describe('`applied`, `rejected` or `duplicate` (its correlation id was seen before; not applied again).'),
    reason: reason().describe('Why it was rejected, or what a duplicate repeats; empty when applied. At most 1000 characters.'),
    revision: count().describe('The state revision after the request.'),
    at: timestamp().describe('When it was acknowledged: ISO 8601 UTC.'),
  })
  .describe('The acknowledgement of one request, as `persona status --correlation-id` reports it.');

const scopeFields = {
  active: ActiveSwitchSchema.describe('The persona this scope resolves to when no rollout or ttl says otherwise.'),
  rollout: RolloutStateSchema.optional().describe('The rollout in progress (or its final state) in this scope.'),
  ttl: TtlStateSchema.optional().describe('The expiry of the active switch, if it has one.'),
};
const previousList = () => z.array(ActiveSwitchSchema).max(MAX_PREVIOUS);

/** One environment's scope: its own active persona, rollout, ttl and previous actives. */
export const EnvironmentScopeSchema = z
  .object({ ...scopeFields, previous: previousList().optional().describe('The last 20 actives of this environment, newest first.') })
  .describe("One environment's scope; the `environment` input's entry is read before the global one.");

/** The whole state document's fields. */
export const PersonaStateObjectSchema = z
  .object({
    schema_version: z
      .string()
      .regex(STATE_GRAMMAR.schemaVersion.pattern, { error: (i) => `expected ${STATE_GRAMMAR.schemaVersion.expected}, got ${describeValue(i.input)}` })
      .describe(
        `The version of this document, \`MAJOR.MINOR\` (this release writes ${STATE_SCHEMA_VERSION}). A reader accepts any minor of its major and ignores fields it does not know.`,
      ),
    revision: count().describe('+1 per change of an active persona, rollout or ttl; recording an acknowledgement alone does not change it.'),
    ...scopeFields,
    active: ActiveSwitchSchema.optional().describe(
      'The global active persona; absent until a switch was applied globally (a rejected first request, or one for an environment only, is still recorded).',
    ),
    previous: previousList().describe('The last 20 global actives, newest first; `revert` goes back to the first.'),
    environments: z
      .record(z.string().max(MAX_NAME_LENGTH).regex(STATE_GRAMMAR.environmentName.pattern), EnvironmentScopeSchema)
      .optional()
      .describe('Per-environment scopes, by environment name.'),
    acks: z.array(AckSchema).max(MAX_ACKS).describe('The last 200 acknowledgements, oldest first.'),
  })
  .describe('The durable state of runtime switching (state.json). Generated from src/switching/state-schema.ts; do not edit.');

/**
 * The whole state document: its fields, and first the reader's structural
 * rule (no `__proto__`, `constructor` or `prototype` key anywhere, nesting at
 * most 64 levels), which must see the input (zod drops a `__proto__` key).
 */
export const PersonaStateSchema = z.preprocess((input, ctx) => {
  const problem = isRecord(input) ? structureProblem(input) : undefined;
  if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input });
  return input;
}, PersonaStateObjectSchema);

// Compile-time guards: the schema outputs exactly the types of persona-state.ts, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _state: Same<z.output<typeof PersonaStateSchema>, PersonaState> = true;
const _active: Same<z.output<typeof ActiveSwitchSchema>, ActiveSwitch> = true;
const _rollout: Same<z.output<typeof RolloutStateSchema>, RolloutState> = true;
const _ttl: Same<z.output<typeof TtlStateSchema>, TtlState> = true;
const _ack: Same<z.output<typeof AckSchema>, Ack> = true;
