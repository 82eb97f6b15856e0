/** The outputs every stage action sets, by name (as in action.yml). */
export const StageOutputs = {
  /** The persona the stage actually used (it may differ from the hand-over after a runtime switch). */
  PersonaId: 'persona-id',
  /** The state revision that persona was chosen at; '' without a state. */
  Revision: 'revision',
  /** The stage's decision and why, as JSON (StageExplanation). */
  Explain: 'explain',
  /** What happened to the `run` command: `succeeded`, `failed`, `continued`, `rolled-back`, or `skipped` (no command, or `dry-run`). */
  Outcome: 'outcome',
} as const;
