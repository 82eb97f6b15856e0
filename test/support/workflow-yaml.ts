/** A workflow step as the `yaml` package parses it, for the tests that read workflow files. */
export interface WorkflowStepYaml {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
