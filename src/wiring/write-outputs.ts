import { ConfigurationError } from '../errors/configuration-error.js';
import type { ActionRunner } from '../runner/action-runner.js';

/** GitHub's limit on one job's outputs, in bytes. */
export const MAX_JOB_OUTPUT_BYTES = 1024 * 1024;

/**
 * Fails with a clear error when `outputs` would not fit GitHub's 1 MiB
 * limit on a job's outputs (GitHub would drop them silently). Pure: the
 * action calls it before writing anything, the CLI's `plan --json` too.
 */
export function checkOutputSize(outputs: Readonly<Record<string, string>>, what = 'the outputs'): void {
  const size = Object.entries(outputs).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value), 0);
  if (size > MAX_JOB_OUTPUT_BYTES) throw new ConfigurationError(`${what} are ${size} bytes, over GitHub's 1 MiB limit on a job's outputs`);
}

/**
 * Writes a step's outputs all at once (one append to `GITHUB_OUTPUT`), after
 * checking their size: a later job sees every output or none.
 */
export function writeOutputs(runner: Pick<ActionRunner, 'setOutputs'>, outputs: Readonly<Record<string, string>>, what?: string): void {
  checkOutputSize(outputs, what);
  runner.setOutputs({ ...outputs });
}
