/** report-pipeline's input names, as in actions/report-pipeline/action.yml. */
export const Inputs = {
  /** `${{ toJSON(needs) }}` of the pipeline's last job: job id → `{ result, outputs }`. */
  Stages: 'stages',
  /** `warn` (a warning annotation) or `fail` (exit 1) when the stages used different personas. */
  OnMismatch: 'on-mismatch',
} as const;

/** report-pipeline's output names. */
export const Outputs = {
  /** `true` when every stage that chose a persona chose the same one. */
  Consistent: 'consistent',
  /** JSON array of the distinct persona ids, in stage order. */
  Personas: 'personas',
  /** JSON array of `{ job, result, persona, revision, correlation_id }`, one per job. */
  Stages: 'stages',
} as const;

/** What report-pipeline does when the stages used different personas. */
export const ON_MISMATCH = ['warn', 'fail'] as const;

/** One of {@link ON_MISMATCH}. */
export type OnMismatch = (typeof ON_MISMATCH)[number];
