import { z } from 'zod';
import { describeValue } from '../errors/describe-value.js';
import { quote } from '../errors/quote.js';
import { controlCharacterMessage } from './control-characters.js';
import { isRecord } from './is-record.js';
import { patternProblem } from './pattern-engine.js';
import { RiskPolicySchema } from './risk-policy-schema.js';
import { entry, finite, nonEmpty, oneOf, plainString } from './schema-fields.js';
import {
  CONSTRAINT_OPERATORS,
  type ConstraintOperator,
  ID_PATTERN,
  KNOWN_GOAL_METRICS,
  MAX_PATTERN_LENGTH,
  RISK_LEVELS,
  SEVERITIES,
  THRESHOLD_ACTION_PATTERN,
  THRESHOLD_OPERATORS,
  WINDOW_PATTERN,
} from './vocabulary.js';

export { RiskPolicySchema, RiskTimeoutsSchema } from './risk-policy-schema.js';

/** A persona id (`what` is `id`) or a parent's (`extends`): `[a-z0-9][a-z0-9-]*`. */
const idSchema = (what: 'id' | 'extends') =>
  plainString(what, (input) => `${what} must be a string, got ${describeValue(input)}`).regex(ID_PATTERN, {
    error: (issue) => `invalid id ${quote(String(issue.input))} (ids are [a-z0-9][a-z0-9-]*)`,
  });

/** A persona id: `[a-z0-9][a-z0-9-]*`. */
export const IdSchema = idSchema('id');

const ScalarSchema = z.union([z.string(), finite('value'), z.boolean()], {
  error: (issue) => `value must be a string, number or boolean, got ${describeValue(issue.input)}`,
});

/**
 * The regular-expression dialect of `matches`, for the JSON schema and the
 * README: RE2 as re2js implements it, searched for in the value.
 */
export const MATCHES_DIALECT = `For \`matches\`: a regular expression in RE2 syntax (as implemented by re2js, a linear-time engine), at most ${MAX_PATTERN_LENGTH} characters. The value, as a string, matches when the pattern is found anywhere in it; anchor with ^…$ to match the whole value. No backreferences (\\1, \\k<name>), no lookahead or lookbehind ((?=, (?!, (?<=, (?<!), repeat counts at most 1000.`;

/**
 * What a constraint's value must be, by operator. The zod check below and
 * the JSON schema (persona-json-schema.ts) are both built from this table.
 */
export const CONSTRAINT_VALUE_KINDS = {
  number: ['<', '<=', '>', '>='],
  list: ['in', 'not_in', 'includes', 'excludes'],
  scalar: ['=', '!='],
  pattern: ['matches'],
} as const satisfies Record<string, readonly ConstraintOperator[]>;

/** The kind of value `operator` takes. */
function valueKind(operator: ConstraintOperator): keyof typeof CONSTRAINT_VALUE_KINDS {
  const kinds = Object.keys(CONSTRAINT_VALUE_KINDS) as Array<keyof typeof CONSTRAINT_VALUE_KINDS>;
  return kinds.find((k) => (CONSTRAINT_VALUE_KINDS[k] as readonly string[]).includes(operator))!;
}

/** Why a string value (or list item, `what`) cannot be used: a control character, or for `matches` a pattern the scan refuses. */
function stringValueProblem(what: string, v: string, kind: keyof typeof CONSTRAINT_VALUE_KINDS): string | undefined {
  return controlCharacterMessage(what, v) ?? (kind === 'pattern' ? patternProblem(v) : undefined);
}

/** The value's type must fit the operator; strings hold no control character; patterns are RE2. */
function checkConstraintValue(c: { operator: ConstraintOperator; value: unknown }, ctx: z.RefinementCtx): void {
  const v = c.value;
  const issue = (message: string, path: Array<string | number> = ['value'], input: unknown = v) => ctx.addIssue({ code: 'custom', path, message, input });
  const kind = valueKind(c.operator);
  switch (kind) {
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) issue(`operator "${c.operator}" needs a finite number, got ${describeValue(v)}`);
      return;
    case 'list':
      if (!Array.isArray(v) || v.length === 0) return issue(`operator "${c.operator}" needs a non-empty list, got ${describeValue(v)}`);
      v.forEach((item: unknown, i) => {
        const problem = !ScalarSchema.safeParse(item).success
          ? `items of "${c.operator}" must be strings, numbers or booleans, got ${describeValue(item)}`
          : typeof item === 'string'
            ? stringValueProblem('item', item, kind)
            : undefined;
        if (problem) issue(problem, ['value', i], item);
      });
      return;
    case 'pattern':
    case 'scalar': {
      const fits = kind === 'pattern' ? typeof v === 'string' : ScalarSchema.safeParse(v).success;
      const needs = kind === 'pattern' ? 'a regular expression string' : 'a string, number or boolean';
      const problem = !fits
        ? `operator "${c.operator}" needs ${needs}, got ${describeValue(v)}`
        : typeof v === 'string'
          ? stringValueProblem('value', v, kind)
          : undefined;
      if (problem) issue(problem);
    }
  }
}

/** One constraint; the value's type must fit the operator. */
export const ConstraintSchema = entry(
  'constraint',
  {
    parameter: nonEmpty('parameter').describe('The pipeline parameter constrained, e.g. `replicas`, `instance_type` or `branch`.'),
    operator: oneOf('operator', CONSTRAINT_OPERATORS).describe(
      '`=`, `!=` take a string, number or boolean; `<`, `<=`, `>`, `>=` a finite number; `in`, `not_in`, `includes`, `excludes` a non-empty list; `matches` a regular expression. `includes` and `excludes` are for set-valued parameters such as `test_tiers`: the chosen set must contain every item of an `includes` and none of an `excludes`.',
    ),
    value: z
      .union([ScalarSchema, z.array(z.unknown())], {
        error: (issue) => `value must be a string, number, boolean or list, got ${describeValue(issue.input)}`,
      })
      .describe(`What the parameter is compared with; its type depends on the operator. ${MATCHES_DIALECT}`),
  },
  true,
)
  .superRefine(checkConstraintValue, {
    // Also runs when another field (say the parameter) is wrong, so every problem is
    // reported; not when the operator or the value already has its own issue.
    when: (payload) => isRecord(payload.value) && !payload.issues.some((i) => i.path?.[0] === 'operator' || i.path?.[0] === 'value'),
  })
  .describe('A limit on a pipeline parameter: `parameter operator value`, e.g. `replicas >= 3`.');

/** One optimisation goal, weight in [0, 1]. */
export const GoalSchema = entry(
  'goal',
  {
    metric: nonEmpty('metric').describe(
      `The metric. The stages understand ${KNOWN_GOAL_METRICS.map((m) => `\`${m}\``).join(', ')}; other names are carried through untouched.`,
    ),
    weight: finite('weight')
      .min(0, { error: (i) => `weight must be between 0 and 1, got ${String(i.input)}` })
      .max(1, { error: (i) => `weight must be between 0 and 1, got ${String(i.input)}` })
      .describe('How much the persona cares about the metric, from 0 to 1.'),
  },
  true,
).describe('How much the persona cares about one metric.');

/** One monitoring threshold: the breach condition `metric operator value`. */
export const ThresholdSchema = entry(
  'threshold',
  {
    metric: nonEmpty('metric').describe('The metric watched, e.g. `error_rate` or `latency_p95_ms`.'),
    operator: oneOf('operator', THRESHOLD_OPERATORS).describe('`<`, `<=`, `>` or `>=`: the threshold is breached when `metric operator value` holds.'),
    value: finite('value').describe('The limit, a finite number: `error_rate > 0.01` fires when the error rate exceeds 1 %.'),
    window: plainString('window', (input) => `window must be a string such as "5m", got ${describeValue(input)}`)
      .regex(WINDOW_PATTERN, { error: (i) => `invalid window ${quote(String(i.input))} (expected a duration such as "30s", "5m" or "1h")` })
      .optional()
      .describe('How long the condition is measured over: a duration such as `30s`, `5m` or `1h`.'),
    severity: oneOf('severity', SEVERITIES).default('critical').describe('`warning` or `critical` (default `critical`).'),
    action: plainString('action', (input) => `action must be a string, got ${describeValue(input)}`)
      .regex(THRESHOLD_ACTION_PATTERN, { error: (i) => `unknown action ${quote(String(i.input))} (expected alert, fail, rollback or switch:<persona-id>)` })
      .default('alert')
      .describe('What a breach does: `alert` (default), `fail`, `rollback` or `switch:<persona-id>` (the persona must exist in the library).'),
  },
  true,
).describe('A breach condition watched during a rollout: when `metric operator value` holds (over `window`), raise `severity` and take `action`.');

const SchemaRefSchema = plainString('$schema', (input) => `$schema must be a string (a path or URL of the JSON schema), got ${describeValue(input)}`)
  .optional()
  .describe('Path or URL of this JSON schema, for editors; the actions ignore it.');

/** A persona as written in a file. */
export const PersonaDefinitionSchema = entry(
  'persona',
  {
    $schema: SchemaRefSchema,
    name: nonEmpty('name').describe('The display name (required, non-empty); its slug is the default id.'),
    id: IdSchema.optional().describe('The persona id, `[a-z0-9][a-z0-9-]*`. Default: the slug of `name` ("Cost Optimization" → `cost-optimization`).'),
    description: plainString('description', (input) => `description must be a string, got ${describeValue(input)}`, true)
      .optional()
      .describe('Free text; inherited through `extends` when unset. May hold line feeds and tabs, no other control character.'),
    extends: idSchema('extends')
      .optional()
      .describe(
        "Id of a persona to inherit from. The child's constraints replace the parent's with the same parameter and operator, goals those with the same metric, thresholds those with the same metric and operator; other items are appended. Cycles are errors.",
      ),
    constraints: z
      .array(ConstraintSchema, { error: (i) => `constraints must be a list, got ${describeValue(i.input)}` })
      .default([])
      .describe('Limits on pipeline parameters, `{ parameter, operator, value }`.'),
    optimization_goals: z
      .array(GoalSchema, { error: (i) => `optimization_goals must be a list, got ${describeValue(i.input)}` })
      .default([])
      .describe('What the persona optimises for, `{ metric, weight }`; one entry per metric.'),
    risk_tolerance: oneOf('risk tolerance', RISK_LEVELS)
      .optional()
      .describe('`low`, `medium` or `high`; `medium` when neither set nor inherited. Drives retries and rollback in the stage adapters.'),
    risk_policy: RiskPolicySchema.optional(),
    monitoring_thresholds: z
      .array(ThresholdSchema, { error: (i) => `monitoring_thresholds must be a list, got ${describeValue(i.input)}` })
      .default([])
      .describe('Breach conditions watched during a rollout, `{ metric, operator, value, window?, severity?, action? }`.'),
  },
  false,
)
  .superRefine(
    (p, ctx) => {
      const goals: unknown = p.optimization_goals;
      if (!Array.isArray(goals)) return;
      const seen = new Map<string, number>();
      goals.forEach((g: unknown, i) => {
        const metric = isRecord(g) && typeof g.metric === 'string' ? g.metric.trim() : '';
        if (!metric) return;
        const first = seen.get(metric);
        if (first !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['optimization_goals', i, 'metric'],
            message: `goal "${metric}" is already set by optimization_goals[${first}]`,
          });
        else seen.set(metric, i);
      });
    },
    // Runs even when other fields have issues, so a repeated goal is always reported.
    { when: (payload) => isRecord(payload.value) },
  )
  .describe(
    'A pipeline persona: constraints, optimisation goals, risk tolerance and monitoring thresholds. `x-` keys are yours; any other unknown key is an error.',
  );

/** A file holding several personas. */
export const PersonaCollectionSchema = z
  .strictObject({
    $schema: SchemaRefSchema,
    personas: z
      .array(PersonaDefinitionSchema, { error: (i) => `personas must be a list, got ${describeValue(i.input)}` })
      .min(1, { error: 'personas must not be empty' })
      .describe('The personas of this file, at least one; each is read as if it had a file of its own.'),
  })
  .describe('A file holding several personas, each as a single-persona file would hold it.');

/** What a persona file holds: one persona, or `{ personas: [...] }`. */
export const PersonaFileSchema = z.union([PersonaCollectionSchema, PersonaDefinitionSchema]);
