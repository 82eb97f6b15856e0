/**
 * The JSON schema of a persona file (schema/persona.schema.json), built from
 * the zod schema. Shared by `npm run generate` and `persona schema`, so the
 * two cannot drift. Importing this module loads zod.
 */
import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import {
  CONSTRAINT_VALUE_KINDS,
  ConstraintSchema,
  GoalSchema,
  MATCHES_DIALECT,
  PersonaCollectionSchema,
  PersonaDefinitionSchema,
  PersonaFileSchema,
  ThresholdSchema,
} from './persona-schema.js';
import { NO_CONTROL_CHARACTERS } from './control-characters.js';

type JsonSchema = Record<string, unknown>;

/** The file name of the persona schema under schema/. */
export const PERSONA_SCHEMA_FILE = 'persona.schema.json';

/** `https://github.com/owner/name.git`, `git+ssh://git@github.com/owner/name.git`, `git@github.com:owner/name`, `github:owner/name`, `owner/name`. */
const GITHUB_REPOSITORY = [
  /^(?:git\+)?(?:https?|ssh|git):\/\/(?:[^@/]+@)?github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/,
  /^(?:[^@/]+@)?github\.com:([\w.-]+)\/([\w.-]+?)(?:\.git)?$/,
  /^(?:github:)?([\w-]+)\/([\w.-]+?)(?:\.git)?$/,
];

/**
 * The stable `$id` of a schema file: its raw URL on the release's moving tag,
 * `v0.MINOR` before 1.0 and `vMAJOR` from 1.0 on, so that a minor or patch
 * release keeps the URL editors already use. Pure. Throws when the
 * repository is not on GitHub or the version is not `MAJOR.MINOR.PATCH`.
 */
export function schemaUrl(repositoryUrl: string, version: string, file: string): string {
  const repo = GITHUB_REPOSITORY.map((re) => re.exec(repositoryUrl.trim())).find(Boolean);
  if (!repo)
    throw new Error(
      `repository ${JSON.stringify(repositoryUrl)} is not a GitHub repository: the schema $id is a raw.githubusercontent.com URL, so "repository" in package.json must name the GitHub repository (e.g. "git+https://github.com/owner/name.git")`,
    );
  const semver = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version.trim());
  if (!semver) throw new Error(`version ${JSON.stringify(version)} is not MAJOR.MINOR.PATCH`);
  const tag = semver[1] === '0' ? `v0.${Number(semver[2])}` : `v${Number(semver[1])}`;
  return `https://raw.githubusercontent.com/${repo[1]}/${repo[2]}/${tag}/schema/${file}`;
}

/** {@link schemaUrl} of `file` for this package, from package.json's `repository` and `version`. */
export function packageSchemaUrl(file: string): string {
  const repository: unknown = (pkg as { repository?: unknown }).repository;
  const url = typeof repository === 'string' ? repository : (repository as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string') throw new Error('package.json has no "repository": the schema $id is built from it (see ARCHITECTURE.md)');
  return schemaUrl(url, pkg.version, file);
}

/**
 * zod → draft-07 JSON schema, the schemas in `names` as `definitions`, and
 * each field's `.describe()` text as its `description` (a metadata registry
 * of its own would hide zod's global one, where descriptions live).
 */
export function draft07Schema(schema: z.ZodType, names: ReadonlyArray<readonly [z.ZodType, string]>, io: 'input' | 'output'): JsonSchema {
  const registry = z.registry<{ id: string }>();
  for (const [s, id] of names) registry.add(s, { id });
  return z.toJSONSchema(schema, {
    io,
    target: 'draft-7',
    metadata: registry,
    override: (ctx) => {
      const description = z.globalRegistry.get(ctx.zodSchema)?.description;
      if (description) ctx.jsonSchema.description = description;
    },
  }) as JsonSchema;
}

/** Objects in the schema reject unknown keys but accept `x-` extension keys. */
function allowExtensions(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(allowExtensions);
  if (!node || typeof node !== 'object') return;
  const obj = node as JsonSchema;
  if (obj.type === 'object' && obj.additionalProperties === false) obj.patternProperties = { '^x-': { description: 'Yours: ignored by the actions.' } };
  Object.values(obj).forEach(allowExtensions);
}

/**
 * The JSON schema of a constraint value, by kind of operator (see
 * CONSTRAINT_VALUE_KINDS). Strings carry the control-character rule as a
 * `pattern` (it applies to strings only, so numbers and booleans pass).
 */
function valueSchema(kind: keyof typeof CONSTRAINT_VALUE_KINDS): JsonSchema {
  const scalar = { type: ['string', 'number', 'boolean'], pattern: NO_CONTROL_CHARACTERS.source };
  switch (kind) {
    case 'number':
      return { type: 'number', description: 'A finite number.' };
    case 'list':
      return { type: 'array', minItems: 1, items: scalar, description: 'A non-empty list of strings, numbers or booleans.' };
    case 'scalar':
      return { ...scalar, description: 'A string, number or boolean.' };
    case 'pattern':
      // No `format: regex`: validators would check it against ECMAScript, not RE2. The dialect and the
      // length are checked by the parser's scan and the linear-time engine; the schema describes them
      // (a `maxLength` would make the generated standalone validator need an ajv runtime module).
      return { type: 'string', pattern: NO_CONTROL_CHARACTERS.source, description: MATCHES_DIALECT };
  }
}

/**
 * zod's refinements do not reach the JSON schema; this adds the one on the
 * constraint: its value's type depends on its operator.
 */
function addConstraintValueRules(definitions: Record<string, JsonSchema>): void {
  const constraint = definitions.Constraint;
  if (!constraint) throw new Error('the generated JSON schema has no definitions.Constraint');
  constraint.allOf = Object.entries(CONSTRAINT_VALUE_KINDS).map(([kind, operators]) => ({
    if: { properties: { operator: { enum: [...operators] } }, required: ['operator'] },
    then: { properties: { value: valueSchema(kind as keyof typeof CONSTRAINT_VALUE_KINDS) } },
  }));
}

/**
 * The persona file's JSON schema as an object: draft-07 (what
 * yaml-language-server reads), `$id` the raw URL on the release's moving
 * tag. One persona and `{ personas: [...] }` are told apart by
 * `if`/`then`/`else` rather than `anyOf`, so a validator reports the actual
 * mistake of a single persona, not a missing `personas` beside it.
 */
export function personaJsonSchema(): JsonSchema {
  const json = draft07Schema(
    PersonaFileSchema,
    [
      [PersonaCollectionSchema, 'Collection'],
      [PersonaDefinitionSchema, 'Persona'],
      [ConstraintSchema, 'Constraint'],
      [GoalSchema, 'Goal'],
      [ThresholdSchema, 'Threshold'],
    ],
    'input',
  );
  const definitions = json.definitions as Record<string, JsonSchema>;
  allowExtensions(definitions);
  addConstraintValueRules(definitions);
  return {
    $schema: json.$schema,
    $id: packageSchemaUrl(PERSONA_SCHEMA_FILE),
    title: 'Pipeline persona',
    description: 'A persona file: one persona, or { personas: [...] }. Generated from src/persona/persona-schema.ts; do not edit.',
    if: { type: 'object', required: ['personas'] },
    then: { $ref: '#/definitions/Collection' },
    else: { $ref: '#/definitions/Persona' },
    definitions,
  };
}

/** A JSON schema as committed under schema/: indented by 2, ending with a newline. */
export function jsonSchemaText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** The text of schema/persona.schema.json. */
export function personaJsonSchemaText(): string {
  return jsonSchemaText(personaJsonSchema());
}
