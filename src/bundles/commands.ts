// bundle format: commonjs
// dist/bundles/commands: running a stage's commands under the failure policy and reading coverage reports
// (src/wiring/command-access.ts), loaded by adapt-build and adapt-test only when they run a command or read a report.
export * from '../wiring/command-access.js';
