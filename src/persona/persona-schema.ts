import { z } from 'zod';
import { formatPath } from '../errors/diagnostic.js';
import {
  CONSTRAINT_OPERATORS,
  type ConstraintOperator,
  ID_PATTERN,
  RISK_LEVELS,
  SEVERITIES,
  THRESHOLD_ACTION_PATTERN,
  THRESHOLD_OPERATORS,
  WINDOW_PATTERN,
} from './vocabulary.js';

/** What a value is, for messages: `null`, `a list`, `string "x"`, `object {"a":1}` (long JSON cut short). */
const describe = (value: unknown): string => {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  const json = JSON.stringify(value);
  return `${typeof value} ${json.length > 60 ? `${json.slice(0, 59)}…` : json}`;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const oneOf = <const T extends readonly [string, ...string[]]>(name: string, options: T) =>
  z.enum(options, {
    error: (issue) =>
      issue.input === undefined
        ? `${name} is required (one of ${options.join(', ')})`
        : typeof issue.input === 'string'
          ? `unknown ${name} ${JSON.stringify(issue.input)} (expected one of ${options.join(', ')})`
          : `${name} must be one of ${options.join(', ')}, got ${describe(issue.input)}`,
  });

const finite = (what: string) =>
  z.number({
    error: (issue) =>
      issue.input === undefined
        ? `${what} is required`
        : typeof issue.input === 'number'
          ? `${what} must be a finite number, got ${String(issue.input)}`
          : `${what} must be a number, got ${describe(issue.input)}`,
  });

/** A string with a non-blank character; the value is trimmed. `\S` also gives the JSON schema its pattern. */
const nonEmpty = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string, got ${describe(issue.input)}`) })
    .trim()
    .regex(/\S/, { error: `${what} must not be empty` });

/**
 * A strict object whose "not an object" message names the entry by its full
 * path (`personas[1] must be a persona object, got null`) and, for small
 * objects, the keys it needs. zod hands error maps the path from the root
 * being parsed, which is the path the parser reports.
 */
const entry = <S extends z.core.$ZodLooseShape>(noun: string, shape: S, listKeys: boolean) => {
  const required = Object.keys(shape).filter((k) => !(shape[k] as z.ZodType).safeParse(undefined).success);
  const keys = listKeys ? ` (${required.join(', ')})` : '';
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'invalid_type') return undefined;
      const path = (issue.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
      return `${path.length ? formatPath(path) : noun} must be a ${noun} object${keys}, got ${describe(issue.input)}`;
    },
  });
};

/** A persona id (`what` is `id`) or a parent's (`extends`): `[a-z0-9][a-z0-9-]*`. */
const idSchema = (what: 'id' | 'extends') =>
  z
    .string({ error: (issue) => `${what} must be a string, got ${describe(issue.input)}` })
    .regex(ID_PATTERN, { error: (issue) => `invalid id ${JSON.stringify(issue.input)} (ids are [a-z0-9][a-z0-9-]*)` });

/** A persona id: `[a-z0-9][a-z0-9-]*`. */
export const IdSchema = idSchema('id');

const ScalarSchema = z.union([z.string(), finite('value'), z.boolean()], {
  error: (issue) => `value must be a string, number or boolean, got ${describe(issue.input)}`,
});

/**
 * What a constraint's value must be, by operator. The zod check below and
 * the JSON schema (persona-json-schema.ts) are both built from this table.
 */
export const CONSTRAINT_VALUE_KINDS = {
  number: ['<', '<=', '>', '>='],
  list: ['in', 'not_in'],
  scalar: ['=', '!='],
  pattern: ['matches'],
} as const satisfies Record<string, readonly ConstraintOperator[]>;

/** The kind of value `operator` takes. */
function valueKind(operator: ConstraintOperator): keyof typeof CONSTRAINT_VALUE_KINDS {
  const kinds = Object.keys(CONSTRAINT_VALUE_KINDS) as Array<keyof typeof CONSTRAINT_VALUE_KINDS>;
  return kinds.find((k) => (CONSTRAINT_VALUE_KINDS[k] as readonly string[]).includes(operator))!;
}

/** One constraint; the value's type must fit the operator. */
export const ConstraintSchema = entry(
  'constraint',
  {
    parameter: nonEmpty('parameter'),
    operator: oneOf('operator', CONSTRAINT_OPERATORS),
    value: z.union([ScalarSchema, z.array(z.unknown())], {
      error: (issue) => `value must be a string, number, boolean or list, got ${describe(issue.input)}`,
    }),
  },
  true,
).superRefine(
  (c, ctx) => {
    const v: unknown = c.value;
    const bad = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message, input: v });
    switch (valueKind(c.operator)) {
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) bad(`operator "${c.operator}" needs a finite number, got ${describe(v)}`);
        return;
      case 'list':
        if (!Array.isArray(v) || v.length === 0) bad(`operator "${c.operator}" needs a non-empty list, got ${describe(v)}`);
        else
          v.forEach((item: unknown, i) => {
            if (!ScalarSchema.safeParse(item).success)
              ctx.addIssue({
                code: 'custom',
                path: ['value', i],
                message: `items of "${c.operator}" must be strings, numbers or booleans, got ${describe(item)}`,
                input: item,
              });
          });
        return;
      case 'pattern':
        if (typeof v !== 'string') bad(`operator "matches" needs a regular expression string, got ${describe(v)}`);
        else
          try {
            new RegExp(v);
          } catch (error) {
            bad(`invalid regular expression ${JSON.stringify(v)}: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
          }
        return;
      case 'scalar':
        if (!ScalarSchema.safeParse(v).success) bad(`operator "${c.operator}" needs a string, number or boolean, got ${describe(v)}`);
    }
  },
  {
    // Also runs when another field (say the parameter) is wrong, so every problem is
    // reported; not when the operator or the value already has its own issue.
    when: (payload) => isRecord(payload.value) && !payload.issues.some((i) => i.path?.[0] === 'operator' || i.path?.[0] === 'value'),
  },
);

/** One optimisation goal, weight in [0, 1]. */
export const GoalSchema = entry(
  'goal',
  {
    metric: nonEmpty('metric'),
    weight: finite('weight')
      .min(0, { error: (i) => `weight must be between 0 and 1, got ${String(i.input)}` })
      .max(1, { error: (i) => `weight must be between 0 and 1, got ${String(i.input)}` }),
  },
  true,
);

/** One monitoring threshold: the breach condition `metric operator value`. */
export const ThresholdSchema = entry(
  'threshold',
  {
    metric: nonEmpty('metric'),
    operator: oneOf('operator', THRESHOLD_OPERATORS),
    value: finite('value'),
    window: z
      .string({ error: (i) => `window must be a string such as "5m", got ${describe(i.input)}` })
      .regex(WINDOW_PATTERN, { error: (i) => `invalid window ${JSON.stringify(i.input)} (expected a duration such as "30s", "5m" or "1h")` })
      .optional(),
    severity: oneOf('severity', SEVERITIES).default('critical'),
    action: z
      .string({ error: (i) => `action must be a string, got ${describe(i.input)}` })
      .regex(THRESHOLD_ACTION_PATTERN, { error: (i) => `unknown action ${JSON.stringify(i.input)} (expected alert, fail, rollback or switch:<persona-id>)` })
      .default('alert'),
  },
  true,
);

const SchemaRefSchema = z.string({ error: (i) => `$schema must be a string (a path or URL of the JSON schema), got ${describe(i.input)}` }).optional();

/** A persona as written in a file. */
export const PersonaDefinitionSchema = entry(
  'persona',
  {
    $schema: SchemaRefSchema,
    name: nonEmpty('name'),
    id: IdSchema.optional(),
    description: z.string({ error: (i) => `description must be a string, got ${describe(i.input)}` }).optional(),
    extends: idSchema('extends').optional(),
    constraints: z.array(ConstraintSchema, { error: (i) => `constraints must be a list, got ${describe(i.input)}` }).default([]),
    optimization_goals: z.array(GoalSchema, { error: (i) => `optimization_goals must be a list, got ${describe(i.input)}` }).default([]),
    risk_tolerance: oneOf('risk tolerance', RISK_LEVELS).optional(),
    monitoring_thresholds: z.array(ThresholdSchema, { error: (i) => `monitoring_thresholds must be a list, got ${describe(i.input)}` }).default([]),
  },
  false,
).superRefine(
  (p, ctx) => {
    const goals: unknown = p.optimization_goals;
    if (!Array.isArray(goals)) return;
    const seen = new Map<string, number>();
    goals.forEach((g: unknown, i) => {
      const metric = isRecord(g) && typeof g.metric === 'string' ? g.metric.trim() : '';
      if (!metric) return;
      const first = seen.get(metric);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: ['optimization_goals', i, 'metric'], message: `goal "${metric}" is already set by optimization_goals[${first}]` });
      else seen.set(metric, i);
    });
  },
  // Runs even when other fields have issues, so a repeated goal is always reported.
  { when: (payload) => isRecord(payload.value) },
);

/** A file holding several personas. */
export const PersonaCollectionSchema = z.strictObject({
  $schema: SchemaRefSchema,
  personas: z
    .array(PersonaDefinitionSchema, { error: (i) => `personas must be a list, got ${describe(i.input)}` })
    .min(1, { error: 'personas must not be empty' }),
});

/** What a persona file holds: one persona, or `{ personas: [...] }`. */
export const PersonaFileSchema = z.union([PersonaCollectionSchema, PersonaDefinitionSchema]);
