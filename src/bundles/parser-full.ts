// bundle format: commonjs
// dist/bundles/parser-full: the YAML library and zod with the code that uses
// them (the persona file parser's library and zod paths, the JSON schema,
// the hand-over's schema). Not imported directly: dist/bundles/parser
// (src/bundles/parser.ts) loads it synchronously on first need, so that reading a valid library of plain
// YAML files never compiles yaml and zod (≈300 KB, ≈20 ms).
export { parsePersonaFile } from '../persona/parse-persona-file.js';
export { readFull } from '../persona/parse-full.js';
export { validEntries } from '../persona/parse-with-zod.js';
export { personaJsonSchemaText } from '../persona/persona-json-schema.js';
export { HandoverDocumentSchema } from '../handover/handover-schema.js';
export { readSwitchRequest, requestFromCli, toRepositoryDispatch, toWorkflowDispatchInputs } from '../switching/read-switch-request.js';
export { readPolicy } from '../switching/policy-schema.js';
export { validCatalogs } from '../persona/parse-catalogs.js';
export { alertRulesYaml } from '../report/alert-rules.js';
