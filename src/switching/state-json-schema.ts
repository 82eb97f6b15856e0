/**
 * The JSON schema of the state document (schema/state.schema.json), built
 * from its zod schema by `npm run generate`. Importing this module loads zod.
 */
import { draft07Schema, jsonSchemaText, packageSchemaUrl } from '../persona/persona-json-schema.js';
import { AckSchema, ActiveSwitchSchema, EnvironmentScopeSchema, PersonaStateSchema, RolloutStateSchema, TtlStateSchema } from './state-schema.js';

/** The file name of the state schema under schema/. */
export const STATE_SCHEMA_FILE = 'state.schema.json';

/**
 * What JSON schema cannot say, told in the root's description (the reader
 * checks it: parse-state.ts).
 */
const RULES =
  'A reader also refuses: a document over 1 MiB or nested deeper than 64 levels, a `__proto__`, `constructor` or `prototype` key anywhere, rollout steps that do not increase strictly or do not end at 100, a `step` past the last step, `paused_at` without status `paused` (or the reverse), and timestamps that are not real dates.';

/**
 * The state document's JSON schema as an object: draft-07, `$id` the raw
 * URL on the release's moving tag, objects open to fields a newer minor
 * version adds (zod's input schema does not close them).
 */
export function stateJsonSchema(): Record<string, unknown> {
  const { $schema, description, ...json } = draft07Schema(
    PersonaStateSchema,
    [
      [ActiveSwitchSchema, 'ActiveSwitch'],
      [RolloutStateSchema, 'Rollout'],
      [TtlStateSchema, 'Ttl'],
      [AckSchema, 'Ack'],
      [EnvironmentScopeSchema, 'EnvironmentScope'],
    ],
    'input',
  );
  return { $schema, $id: packageSchemaUrl(STATE_SCHEMA_FILE), title: 'Pipeline persona state', description: `${String(description)} ${RULES}`, ...json };
}

/** The text of schema/state.schema.json. */
export function stateJsonSchemaText(): string {
  return jsonSchemaText(stateJsonSchema());
}
