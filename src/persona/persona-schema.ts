import { z } from 'zod';
import {
  CONSTRAINT_OPERATORS,
  ID_PATTERN,
  RISK_LEVELS,
  SEVERITIES,
  THRESHOLD_ACTION_PATTERN,
  THRESHOLD_OPERATORS,
  WINDOW_PATTERN,
} from './vocabulary.js';

const describe = (value: unknown): string =>
  typeof value === 'number' && !Number.isFinite(value) ? String(value) :
  value === undefined ? 'nothing' : Array.isArray(value) ? 'an array' : value === null ? 'null' : `${typeof value} ${JSON.stringify(value)}`;

const oneOf = <const T extends readonly [string, ...string[]]>(name: string, options: T) =>
  z.enum(options, {
    error: (issue) =>
      issue.input === undefined
        ? `${name} is required (one of ${options.join(', ')})`
        : `unknown ${name} ${JSON.stringify(issue.input)} (expected one of ${options.join(', ')})`,
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

const nonEmpty = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string, got ${describe(issue.input)}`) })
    .trim()
    .min(1, { error: `${what} must not be empty` });

/** A persona or parent id: `[a-z0-9][a-z0-9-]*`. */
export const IdSchema = z
  .string({ error: (issue) => `id must be a string, got ${describe(issue.input)}` })
  .regex(ID_PATTERN, { error: (issue) => `invalid id ${JSON.stringify(issue.input)} (ids are [a-z0-9][a-z0-9-]*)` });

const ScalarSchema = z.union([z.string(), finite('value'), z.boolean()], {
  error: (issue) => `value must be a string, number or boolean, got ${describe(issue.input)}`,
});

/** One constraint; the value's type must fit the operator. */
export const ConstraintSchema = z
  .strictObject({
    parameter: nonEmpty('parameter'),
    operator: oneOf('operator', CONSTRAINT_OPERATORS),
    value: z.union([ScalarSchema, z.array(z.unknown())], {
      error: (issue) => `value must be a string, number, boolean or list, got ${describe(issue.input)}`,
    }),
  })
  .superRefine((c, ctx) => {
    const v = c.value;
    const bad = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message, input: v });
    switch (c.operator) {
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (typeof v !== 'number' || !Number.isFinite(v)) bad(`operator "${c.operator}" needs a finite number, got ${describe(v)}`);
        return;
      case 'in':
      case 'not_in':
        if (!Array.isArray(v) || v.length === 0) bad(`operator "${c.operator}" needs a non-empty array, got ${describe(v)}`);
        else
          v.forEach((item: unknown, i) => {
            if (!ScalarSchema.safeParse(item).success)
              ctx.addIssue({ code: 'custom', path: ['value', i], message: `items of "${c.operator}" must be strings, numbers or booleans, got ${describe(item)}`, input: item });
          });
        return;
      case 'matches':
        if (typeof v !== 'string') bad(`operator "matches" needs a regular expression string, got ${describe(v)}`);
        else
          try {
            new RegExp(v);
          } catch (error) {
            bad(`invalid regular expression ${JSON.stringify(v)}: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
          }
        return;
      default: {
        const r = ScalarSchema.safeParse(v);
        if (!r.success) bad(`operator "${c.operator}" needs a string, number or boolean, got ${describe(v)}`);
      }
    }
  });

/** One optimisation goal, weight in [0, 1]. */
export const GoalSchema = z.strictObject({
  metric: nonEmpty('metric'),
  weight: finite('weight').min(0, { error: (i) => `weight must be between 0 and 1, got ${String(i.input)}` }).max(1, { error: (i) => `weight must be between 0 and 1, got ${String(i.input)}` }),
});

/** One monitoring threshold: the breach condition `metric operator value`. */
export const ThresholdSchema = z.strictObject({
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
});

/** A persona as written in a file. */
export const PersonaDefinitionSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: nonEmpty('name'),
    id: IdSchema.optional(),
    description: z.string({ error: (i) => `description must be a string, got ${describe(i.input)}` }).optional(),
    extends: IdSchema.optional(),
    constraints: z.array(ConstraintSchema, { error: (i) => `constraints must be a list, got ${describe(i.input)}` }).default([]),
    optimization_goals: z.array(GoalSchema, { error: (i) => `optimization_goals must be a list, got ${describe(i.input)}` }).default([]),
    risk_tolerance: oneOf('risk tolerance', RISK_LEVELS).optional(),
    monitoring_thresholds: z.array(ThresholdSchema, { error: (i) => `monitoring_thresholds must be a list, got ${describe(i.input)}` }).default([]),
  })
  .superRefine((p, ctx) => {
    const seen = new Map<string, number>();
    p.optimization_goals.forEach((g, i) => {
      const first = seen.get(g.metric);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: ['optimization_goals', i, 'metric'], message: `goal "${g.metric}" is already set by optimization_goals[${first}]` });
      else seen.set(g.metric, i);
    });
  });

/** A file holding several personas. */
export const PersonaCollectionSchema = z.strictObject({
  $schema: z.string().optional(),
  personas: z.array(PersonaDefinitionSchema, { error: (i) => `personas must be a list, got ${describe(i.input)}` }).min(1, { error: 'personas must not be empty' }),
});

/** What a persona file holds: one persona, or `{ personas: [...] }`. */
export const PersonaFileSchema = z.union([PersonaCollectionSchema, PersonaDefinitionSchema]);
