/**
 * What running a stage's commands and reading what they produced needs,
 * loaded as the shared bundle `dist/bundles/commands` (src/bundles/commands.ts)
 * only when a stage runs a command (`run`, `suites`) or reads a coverage
 * report: the process supervision and the report readers stay off the cold
 * path of a stage that only plans.
 */
export { runStageCommand } from './stage-command.js';
export { readCoverageReport } from '../planning/coverage-report.js';
export { runCommand } from '../edge/run-command.js';
