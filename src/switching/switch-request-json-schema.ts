/**
 * The JSON schema of a switch request's `client_payload`
 * (schema/switch-request.schema.json), built from the zod schemas by
 * `npm run generate`. Importing this module loads zod.
 */
import { draft07Schema, jsonSchemaText, packageSchemaUrl } from '../persona/persona-json-schema.js';
import { ClientPayloadSchema, RevertPayloadSchema, RolloutCommandPayloadSchema, RolloutSchema, SwitchPayloadSchema } from './switch-request-schema.js';

/** The file name of the request schema under schema/. */
export const SWITCH_REQUEST_SCHEMA_FILE = 'switch-request.schema.json';

/**
 * The request schema as an object: draft-07, `$id` the raw URL on the
 * release's moving tag, one definition per event type. The three kinds
 * exclude each other (a switch has `persona`, a rollout command `action`,
 * a revert neither), so a payload matches exactly one.
 */
export function switchRequestJsonSchema(): Record<string, unknown> {
  const json = draft07Schema(
    ClientPayloadSchema,
    [
      [SwitchPayloadSchema, 'SwitchPayload'],
      [RolloutCommandPayloadSchema, 'RolloutCommandPayload'],
      [RevertPayloadSchema, 'RevertPayload'],
      [RolloutSchema, 'Rollout'],
    ],
    'input',
  );
  const { $schema, ...rest } = json;
  return {
    $schema,
    $id: packageSchemaUrl(SWITCH_REQUEST_SCHEMA_FILE),
    title: 'Pipeline persona switch request',
    description:
      'The client_payload of a repository_dispatch event: persona-switch (SwitchPayload), persona-rollout (RolloutCommandPayload) or persona-revert (RevertPayload). At most 10 top-level keys and 65,535 characters. Generated from src/switching/switch-request-schema.ts; do not edit.',
    ...rest,
  };
}

/** The text of schema/switch-request.schema.json. */
export function switchRequestJsonSchemaText(): string {
  return jsonSchemaText(switchRequestJsonSchema());
}
