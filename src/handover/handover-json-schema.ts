/**
 * The JSON schema of the hand-over (schema/resolved-persona.schema.json),
 * built from its zod schema by `npm run generate`. Importing this module
 * loads zod.
 */
import { draft07Schema, jsonSchemaText, packageSchemaUrl } from '../persona/persona-json-schema.js';
import { HandoverDocumentSchema } from './handover-schema.js';

/** The file name of the hand-over schema under schema/. */
export const HANDOVER_SCHEMA_FILE = 'resolved-persona.schema.json';

/** Drops `additionalProperties: false` everywhere: readers ignore fields a newer minor version adds. */
function allowUnknownFields(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(allowUnknownFields);
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (obj.additionalProperties === false) delete obj.additionalProperties;
  Object.values(obj).forEach(allowUnknownFields);
}

/**
 * The hand-over's JSON schema as an object: draft-07, `$id` the raw URL on
 * the release's moving tag, fields as this release writes them (defaults
 * filled in, so required).
 */
export function handoverJsonSchema(): Record<string, unknown> {
  const { $schema, ...json } = draft07Schema(HandoverDocumentSchema, [], 'output');
  allowUnknownFields(json);
  return { $schema, $id: packageSchemaUrl(HANDOVER_SCHEMA_FILE), title: 'Pipeline persona hand-over', ...json };
}

/** The text of schema/resolved-persona.schema.json. */
export function handoverJsonSchemaText(): string {
  return jsonSchemaText(handoverJsonSchema());
}
