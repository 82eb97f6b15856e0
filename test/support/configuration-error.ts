/**
 * The user error a call throws, for tests that assert its diagnostics: the
 * ConfigurationError `run` throws (or `promise` rejects with), rethrowing
 * anything else and failing when nothing is thrown.
 */
import { isConfigurationError, type ConfigurationError } from '../../src/errors/configuration-error.js';

/** The ConfigurationError `run` throws. */
export function configurationErrorOf(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (isConfigurationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError, but nothing was thrown');
}

/** The ConfigurationError `promise` rejects with. */
export async function configurationErrorOfAsync(promise: Promise<unknown>): Promise<ConfigurationError> {
  try {
    await promise;
  } catch (error) {
    if (isConfigurationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError, but the promise resolved');
}
