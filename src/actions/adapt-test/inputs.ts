import { readInputs, text, type InputParser } from '../../runner/action-inputs.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { stageInputSpec, stageSettings, type StageSettings } from '../../wiring/stage-inputs.js';
import { DEFAULT_MAX_SHARDS, Inputs, MAX_SHARDS_LIMIT } from './constants.js';

/** A whole number from 1 to {@link MAX_SHARDS_LIMIT}; the default when empty. */
const shards: InputParser<number> = (raw) => {
  if (!raw) return DEFAULT_MAX_SHARDS;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_SHARDS_LIMIT)
    throw new Error(`expected a whole number from 1 to ${MAX_SHARDS_LIMIT}, got ${JSON.stringify(raw.slice(0, 20))}`);
  return Number(raw);
};

/** A percentage 0–100; undefined when empty. */
const percent: InputParser<number | undefined> = (raw) => {
  if (!raw) return undefined;
  const value = /^\d{1,3}(\.\d{1,4})?$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 0 && value <= 100)) throw new Error(`expected a percentage from 0 to 100, got ${JSON.stringify(raw.slice(0, 20))}`);
  return value;
};

const spec = {
  ...stageInputSpec,
  [Inputs.MaxShards]: shards,
  [Inputs.Suites]: text(),
  [Inputs.Tier]: text(),
  [Inputs.CoverageReport]: text(),
  [Inputs.Coverage]: percent,
};

/** adapt-test's inputs, typed. */
export interface TestSettings extends StageSettings {
  maxShards: number;
  /** The `suites` map as written (YAML: tier → command); '' to run nothing. */
  suites: string;
  /** Run only this tier's suite (a matrix job: `${{ matrix.tier }}`); '' for every chosen tier. */
  tier: string;
  /** Path of an lcov or Cobertura report, relative to the working directory; '' for none. */
  coverageReport: string;
  /** Measured coverage given directly (percent); used when there is no report. */
  coverage?: number;
}

/** Reads and checks every input at once; an error names each bad input. */
export function readSettings(runner: Pick<ActionRunner, 'input'>): TestSettings {
  const values = readInputs(runner, spec);
  const coverage = values[Inputs.Coverage];
  return {
    ...stageSettings(values),
    maxShards: values[Inputs.MaxShards],
    suites: values[Inputs.Suites],
    tier: values[Inputs.Tier].trim(),
    coverageReport: values[Inputs.CoverageReport],
    ...(coverage !== undefined ? { coverage } : {}),
  };
}
