import { parseDuration } from '../../persona/duration.js';
import { bool, oneLine, readInputs, type InputParser } from '../../runner/action-inputs.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { stageInputSpec, stageSettings, type StageSettings } from '../../wiring/stage-inputs.js';
import { DEFAULT_ROLLBACK_COOLDOWN, Inputs, MAX_OVERRIDE_REASON } from './constants.js';

/** Bounds of `rollback-cooldown`: one second to one week (`0` turns it off). */
const COOLDOWN_BOUNDS = { min: 1000, max: 7 * 24 * 60 * 60_000 };

/** A duration such as `30m` or `2h` up to a week, or `0` for no cooldown. */
const cooldown: InputParser<number> = (raw) => {
  const value = raw.trim() || DEFAULT_ROLLBACK_COOLDOWN;
  return value === '0' ? 0 : parseDuration(value, 'the cooldown', COOLDOWN_BOUNDS);
};

/** An http(s) URL, or ''. */
const url: InputParser<string> = (raw) => {
  const value = raw.trim();
  if (!value) return '';
  if (value.length > 2000 || !/^https?:\/\/[^\s]+$/.test(value)) throw new Error(`is not an http(s) URL: ${JSON.stringify(value.slice(0, 60))}`);
  return value;
};

const spec = {
  ...stageInputSpec,
  [Inputs.Region]: oneLine(100),
  [Inputs.OverrideReason]: oneLine(MAX_OVERRIDE_REASON),
  [Inputs.RollbackCooldown]: cooldown,
  [Inputs.RecordDeployment]: bool(true),
  [Inputs.EnvironmentUrl]: url,
};

/** adapt-deploy's inputs, typed. */
export interface DeploySettings extends StageSettings {
  /** The region deployed to ('' when the persona or the workflow decides). */
  region: string;
  /** Why a person deploys through a closed gate on purpose ('' for no override). */
  overrideReason: string;
  rollbackCooldownMs: number;
  /** Record a GitHub Deployment and its statuses when `environment` is set and `run` deploys. */
  recordDeployment: boolean;
  environmentUrl: string;
}

/** Reads and checks every input at once; an error names each bad input. */
export function readSettings(runner: Pick<ActionRunner, 'input'>): DeploySettings {
  const values = readInputs(runner, spec);
  return {
    ...stageSettings(values),
    region: values[Inputs.Region],
    overrideReason: values[Inputs.OverrideReason],
    rollbackCooldownMs: values[Inputs.RollbackCooldown],
    recordDeployment: values[Inputs.RecordDeployment],
    environmentUrl: values[Inputs.EnvironmentUrl],
  };
}
