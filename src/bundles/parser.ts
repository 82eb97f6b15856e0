// dist/bundles/parser: the YAML parser and zod with the code that uses them,
// loaded only when a persona file has to be parsed or a schema printed.
export { parsePersonaFile } from '../persona/parse-persona-file.js';
export { personaJsonSchemaText } from '../persona/persona-json-schema.js';
export { HandoverDocumentSchema } from '../handover/handover-schema.js';
