/**
 * What reading the state store needs, loaded as the shared bundle
 * `dist/bundles/state` (src/bundles/state.ts) only when a run consults the
 * store: the stores pull in node:http(s), tls, zlib and node:crypto, which
 * an explicit `persona`, `state: none` or the CLI's other commands never
 * pay for.
 */
export { openStateStore } from './open-state-store.js';
export { effectivePersona } from '../switching/effective-persona.js';
