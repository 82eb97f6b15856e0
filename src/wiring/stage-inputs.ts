import { bool, text, type InputParser, type InputValues } from '../runner/action-inputs.js';
import { commonInputSpec, CommonInputs, librarySettings, type LibrarySettings } from './common-inputs.js';
import { stateInputSpec, StateInputs, stateSettings, type StateSettings } from './state-inputs.js';

/** The inputs every stage action (adapt-build, adapt-test, later adapt-deploy and watch-monitor) has, by name. */
export const StageInputs = {
  Persona: 'persona',
  Default: 'default',
  ...CommonInputs,
  ...StateInputs,
  Pin: 'pin',
  Run: 'run',
  WorkingDirectory: 'working-directory',
  DryRun: 'dry-run',
  Rollback: 'rollback',
  RetryDelay: 'retry-delay',
  NoRetryExitCodes: 'no-retry-exit-codes',
} as const;

/** The persona a stage resolves afresh when nothing was handed over and no state is read. */
export const STAGE_DEFAULT_PERSONA = 'balanced';

/** The most exit codes `no-retry-exit-codes` lists. */
const MAX_EXIT_CODES = 64;

/** Exit codes 0–255, separated by commas, spaces or lines. */
export const exitCodes: InputParser<number[]> = (raw) => {
  const items = raw.split(/[\s,]+/).filter(Boolean);
  if (items.length > MAX_EXIT_CODES) throw new Error(`lists ${items.length} exit codes; at most ${MAX_EXIT_CODES}`);
  return items.map((item) => {
    if (!/^\d{1,3}$/.test(item) || Number(item) > 255) throw new Error(`${JSON.stringify(item.slice(0, 20))} is not an exit code (0–255)`);
    return Number(item);
  });
};

/** The most a `retry-delay` may be: ten minutes (the wait doubles from it). */
const MAX_RETRY_DELAY_MS = 10 * 60_000;

/** A retry delay: `500ms`, `2s`, `1m`, `1m30s`; '' for the failure policy's. */
export const retryDelay: InputParser<number | undefined> = (raw) => {
  if (!raw) return undefined;
  const m = /^(?:(\d{1,4})m)?(?:(\d{1,4})s)?(?:(\d{1,6})ms)?$/.exec(raw);
  const ms = m ? Number(m[1] ?? 0) * 60_000 + Number(m[2] ?? 0) * 1000 + Number(m[3] ?? 0) : NaN;
  if (!m || raw === '' || Number.isNaN(ms)) throw new Error(`${JSON.stringify(raw.slice(0, 40))} is not a duration such as "500ms", "2s" or "1m30s"`);
  if (ms > MAX_RETRY_DELAY_MS) throw new Error(`${JSON.stringify(raw)} is longer than 10m`);
  return ms;
};

/**
 * Parsers of the stage inputs, to spread into a stage action's own spec.
 * `state` defaults to `none`: a stage reads the store only when asked to.
 */
export const stageInputSpec = {
  [StageInputs.Persona]: text(),
  [StageInputs.Default]: text(STAGE_DEFAULT_PERSONA),
  ...commonInputSpec,
  ...stateInputSpec('none'),
  [StageInputs.Pin]: bool(false),
  [StageInputs.Run]: text(),
  [StageInputs.WorkingDirectory]: text(),
  [StageInputs.DryRun]: bool(false),
  [StageInputs.Rollback]: text(),
  [StageInputs.RetryDelay]: retryDelay,
  [StageInputs.NoRetryExitCodes]: exitCodes,
};

/** What every stage action reads, typed. */
export interface StageSettings extends LibrarySettings, StateSettings {
  /** The hand-over JSON of the `persona` input; '' to read `$RUNNER_TEMP/persona/persona.json`. */
  handover: string;
  /** Blend expression resolved afresh when nothing was handed over and no state is read. */
  default: string;
  /** True: use the hand-over even when a state store is named (the persona is pinned for the run). */
  pin: boolean;
  /** The user's command ('' for none): a bash script, as in a `run:` step. */
  run: string;
  /** Where the command runs, relative to the workspace; '' for the workspace. */
  workingDirectory: string;
  /** Plan and report, run nothing (and restore or save no cache). */
  dryRun: boolean;
  /** Command run after the last failed retry when the failure policy says `rollback`; '' for none. */
  rollback: string;
  /** Overrides the failure policy's first retry delay (milliseconds). */
  retryDelayMs?: number;
  /** Exit codes that are never retried. */
  noRetryExitCodes: number[];
}

/** The stage settings of values read with {@link stageInputSpec} (spread into the action's own spec, so one `readInputs` reports every bad input). */
export function stageSettings(values: InputValues<typeof stageInputSpec>): StageSettings {
  return {
    ...librarySettings(values),
    ...stateSettings(values),
    handover: values[StageInputs.Persona],
    default: values[StageInputs.Default],
    pin: values[StageInputs.Pin],
    run: values[StageInputs.Run],
    workingDirectory: values[StageInputs.WorkingDirectory],
    dryRun: values[StageInputs.DryRun],
    rollback: values[StageInputs.Rollback],
    ...(values[StageInputs.RetryDelay] !== undefined ? { retryDelayMs: values[StageInputs.RetryDelay] } : {}),
    noRetryExitCodes: values[StageInputs.NoRetryExitCodes],
  };
}
