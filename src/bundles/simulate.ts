// dist/bundles/simulate: the local pipeline simulator (`persona simulate`) with GitHub's workflow parser and
// expression evaluator, marked and the report renderers. Loaded by the CLI only for that command.
export { simulate } from '../simulate/simulate.js';
export { Trace } from '../simulate/trace.js';
export { mermaidScript, simulationReport } from '../simulate/simulation-report.js';
export { maskText } from '../simulate/workflow-commands.js';
