// bundle format: commonjs
// dist/bundles/state: the state stores and resolution from a state (src/wiring/state-access.ts),
// loaded when resolve-persona consults the store.
export * from '../wiring/state-access.js';
