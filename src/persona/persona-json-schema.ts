/**
 * The JSON schema of a persona file (schema/persona.schema.json), built from
 * the zod schema. Shared by `npm run generate` and `persona schema`, so the
 * two cannot drift. Importing this module loads zod.
 */
import { z } from 'zod';
import { CONSTRAINT_VALUE_KINDS, ConstraintSchema, GoalSchema, PersonaDefinitionSchema, PersonaFileSchema, ThresholdSchema } from './persona-schema.js';

/** Objects in the schema reject unknown keys but accept `x-` extension keys. */
function allowExtensions(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(allowExtensions);
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (obj.type === 'object' && obj.additionalProperties === false) obj.patternProperties = { '^x-': {} };
  Object.values(obj).forEach(allowExtensions);
}

/** The JSON schema of a constraint value, by kind of operator (see CONSTRAINT_VALUE_KINDS). */
function valueSchema(kind: keyof typeof CONSTRAINT_VALUE_KINDS): Record<string, unknown> {
  const scalar = () => ({ type: ['string', 'number', 'boolean'] });
  switch (kind) {
    case 'number':
      return { type: 'number' };
    case 'list':
      return { type: 'array', minItems: 1, items: scalar() };
    case 'scalar':
      return scalar();
    case 'pattern':
      return { type: 'string', format: 'regex' };
  }
}

/**
 * zod's refinements do not reach the JSON schema; this adds the one on the
 * constraint: its value's type depends on its operator.
 */
function addConstraintValueRules(json: Record<string, unknown>): void {
  const constraint = (json.$defs as Record<string, Record<string, unknown>> | undefined)?.Constraint;
  if (!constraint) throw new Error('the generated JSON schema has no $defs.Constraint');
  constraint.allOf = Object.entries(CONSTRAINT_VALUE_KINDS).map(([kind, operators]) => ({
    if: { properties: { operator: { enum: [...operators] } }, required: ['operator'] },
    then: { properties: { value: valueSchema(kind as keyof typeof CONSTRAINT_VALUE_KINDS) } },
  }));
}

/** The persona file's JSON schema as an object (draft 2020-12, `$defs` named). */
export function personaJsonSchema(): Record<string, unknown> {
  const names = z.registry<{ id: string }>();
  names.add(PersonaDefinitionSchema, { id: 'Persona' });
  names.add(ConstraintSchema, { id: 'Constraint' });
  names.add(GoalSchema, { id: 'Goal' });
  names.add(ThresholdSchema, { id: 'Threshold' });
  const json = z.toJSONSchema(PersonaFileSchema, { io: 'input', target: 'draft-2020-12', metadata: names }) as Record<string, unknown>;
  allowExtensions(json);
  addConstraintValueRules(json);
  return {
    $schema: json.$schema,
    title: 'Pipeline persona',
    description: 'A persona file: one persona, or { personas: [...] }. Generated from src/persona/persona-schema.ts; do not edit.',
    ...Object.fromEntries(Object.entries(json).filter(([k]) => k !== '$schema')),
  };
}

/** The text of schema/persona.schema.json: indented by 2, ending with a newline. */
export function personaJsonSchemaText(): string {
  return `${JSON.stringify(personaJsonSchema(), null, 2)}\n`;
}
