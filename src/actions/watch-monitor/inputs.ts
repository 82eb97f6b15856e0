import { ConfigurationError } from '../../errors/configuration-error.js';
import { parseDuration } from '../../persona/duration.js';
import { parseWatchPolicyInputs, type WatchPolicyOverrides } from '../../monitoring/watch-policy.js';
import { bool, readInputs, text, type InputParser } from '../../runner/action-inputs.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { commonInputSpec, librarySettings } from '../../wiring/common-inputs.js';
import { STAGE_DEFAULT_PERSONA, type StageSettings } from '../../wiring/stage-inputs.js';
import { stateInputSpec, stateSettings } from '../../wiring/state-inputs.js';
import { DEFAULT_DURATION, DEFAULT_INTERVAL, DURATION_BOUNDS, Inputs, INTERVAL_BOUNDS, MAX_CHECKS } from './constants.js';

/** A duration input within `bounds`, `fallback` when empty. */
const duration =
  (fallback: string, bounds: { min: number; max: number }): InputParser<number> =>
  (raw) =>
    parseDuration(raw.trim() || fallback, 'the duration', bounds);

/** A cooldown: a duration up to a week, or `0` for none. */
const cooldown: InputParser<number> = (raw) => {
  const value = raw.trim() || '30m';
  return value === '0' ? 0 : parseDuration(value, 'the cooldown', { min: 1000, max: 7 * 24 * 60 * 60_000 });
};

/** An http(s) URL, or ''. */
const webhookUrl: InputParser<string> = (raw) => {
  const value = raw.trim();
  if (!value) return '';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('must be an http(s) URL');
  return value;
};

const spec = {
  ...commonInputSpec,
  ...stateInputSpec('none'),
  [Inputs.Persona]: text(),
  [Inputs.Default]: text(STAGE_DEFAULT_PERSONA),
  [Inputs.Pin]: bool(false),
  [Inputs.WorkingDirectory]: text(),
  [Inputs.Rollback]: text(),
  [Inputs.Metrics]: text(),
  [Inputs.Queries]: text(),
  [Inputs.Interval]: duration(DEFAULT_INTERVAL, INTERVAL_BOUNDS),
  [Inputs.Duration]: duration(DEFAULT_DURATION, DURATION_BOUNDS),
  [Inputs.FailureLimit]: text(),
  [Inputs.MinSamples]: text(),
  [Inputs.OnNoData]: text(),
  [Inputs.RollbackCooldown]: cooldown,
  [Inputs.Webhook]: webhookUrl,
  [Inputs.WebhookSecret]: text(),
};

/** watch-monitor's inputs, typed; the stage part is what stageContext reads. */
export interface WatchSettings extends StageSettings {
  metrics: string;
  queries: string;
  intervalMs: number;
  durationMs: number;
  policy: WatchPolicyOverrides;
  rollbackCooldownMs: number;
  webhook: string;
  webhookSecret: string;
}

/** Reads and checks every input at once; an error names each bad input. */
export function readSettings(runner: Pick<ActionRunner, 'input'>): WatchSettings {
  const values = readInputs(runner, spec);
  const policy = parseWatchPolicyInputs({
    'failure-limit': values[Inputs.FailureLimit],
    'min-samples': values[Inputs.MinSamples],
    'on-no-data': values[Inputs.OnNoData],
  });
  if (values[Inputs.Duration] / values[Inputs.Interval] > MAX_CHECKS)
    throw new ConfigurationError(`input "${Inputs.Duration}": at most ${MAX_CHECKS} checks (duration / interval) per watch`);
  return {
    ...librarySettings(values),
    ...stateSettings(values),
    handover: values[Inputs.Persona],
    default: values[Inputs.Default],
    pin: values[Inputs.Pin],
    run: '',
    workingDirectory: values[Inputs.WorkingDirectory],
    dryRun: false,
    rollback: values[Inputs.Rollback],
    noRetryExitCodes: [],
    metrics: values[Inputs.Metrics],
    queries: values[Inputs.Queries],
    intervalMs: values[Inputs.Interval],
    durationMs: values[Inputs.Duration],
    policy,
    rollbackCooldownMs: values[Inputs.RollbackCooldown],
    webhook: values[Inputs.Webhook],
    webhookSecret: values[Inputs.WebhookSecret],
  };
}
