// dist/bundles/switching: applying and inspecting switch requests (src/wiring/switching-access.ts),
// loaded by resolve-persona's `mode: switch` and the CLI's switch, rollout, revert and status commands.
export * from '../wiring/switching-access.js';
