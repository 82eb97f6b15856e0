import { ConfigurationError } from '../../src/errors/configuration-error.js';
import type { OidcProofOptions } from '../../src/authz/oidc-token.js';
import type { RetryTiming } from '../../src/library/remote-retry.js';

/** The fixed "now" of the OIDC tests: 2026-01-01T10:00:00Z. */
export const T0 = Date.parse('2026-01-01T10:00:00.000Z');

/** A fake clock whose sleeps are recorded, not slept, and no jitter. */
export function fakeTiming(start = T0): { timing: RetryTiming; waits: number[] } {
  let clock = start;
  const waits: number[] = [];
  return { timing: { now: () => clock, sleep: async (ms) => void (waits.push(ms), (clock += ms)), random: () => 1 }, waits };
}

/** Options of requestOidcProof for the tests: fake timing, a short budget. */
export function testOptions(extra: Partial<OidcProofOptions> = {}): OidcProofOptions & { waits: number[] } {
  const { timing, waits } = fakeTiming();
  return { timing, timeoutMs: 30_000, ...extra, waits };
}

/** The error `promise` rejects with, which must be a ConfigurationError (reported without a stack). */
export async function userError(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}
