import { classifyFailure } from '../../src/github/github-api-error.js';
import { DEFAULT_RETRY_POLICY, fitsBudget, formatWait, parseRetryAfter, retryDelay, SOURCE_RETRY_POLICY } from '../../src/github/retry-policy.js';

const NOW = Date.parse('2024-05-01T10:00:00.000Z');

describe('classifyFailure', () => {
  it.each([
    [{ status: 403, headers: {}, message: 'Resource not accessible by integration' }, 'forbidden', false],
    [{ status: 403, headers: {}, message: 'You have triggered an abuse detection mechanism.' }, 'rate-limited', true],
    [{ status: 429, headers: {}, message: '' }, 'rate-limited', true],
    [{ status: 403, headers: { 'retry-after': 'Wed, 01 May 2024 10:05:00 GMT' }, message: 'Forbidden' }, 'forbidden', false],
    [{ status: 422, headers: {}, message: 'Update is not a fast forward' }, 'conflict', false],
    [{ status: 410, headers: {}, message: 'Gone' }, 'rejected', false],
    [{ status: 504, headers: {}, message: '' }, 'unreachable', true],
    [{ headers: {}, message: 'getaddrinfo ENOTFOUND api.github.test' }, 'unreachable', true],
  ])('%j is %s (retryable: %s)', (failure, code, retryable) => {
    expect(classifyFailure(failure, NOW)).toMatchObject({ code, retryable });
  });
});

describe('retryDelay', () => {
  const serverError = classifyFailure({ status: 502, headers: {}, message: '' }, NOW);

  it('backs off 1 s, 2 s, 4 s and stops after the last retry', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(serverError, attempt, DEFAULT_RETRY_POLICY, true))).toEqual([1000, 2000, 4000, undefined]);
  });

  it('does not repeat a request that may have taken effect unless it is idempotent', () => {
    expect(retryDelay(serverError, 1, DEFAULT_RETRY_POLICY, false)).toBeUndefined();
  });

  it('honours retry-after up to the cap', () => {
    const soon = classifyFailure({ status: 429, headers: { 'retry-after': '60' }, message: '' }, NOW);
    const late = classifyFailure({ status: 429, headers: { 'retry-after': '61' }, message: '' }, NOW);
    expect(retryDelay(soon, 1, DEFAULT_RETRY_POLICY, false)).toBe(60_000);
    expect(retryDelay(late, 1, DEFAULT_RETRY_POLICY, false)).toBeUndefined();
  });

  it('jitters the backoff between half and all of it, never a server-given wait', () => {
    expect([0, 0.5, 0.999].map((r) => retryDelay(serverError, 2, DEFAULT_RETRY_POLICY, true, () => r))).toEqual([1000, 1500, 1999]);
    const asked = classifyFailure({ status: 429, headers: { 'retry-after': '7' }, message: '' }, NOW);
    expect(retryDelay(asked, 1, DEFAULT_RETRY_POLICY, true, () => 0)).toBe(7000);
  });

  it('gives library sources three attempts', () => {
    expect([1, 2, 3].map((attempt) => retryDelay(serverError, attempt, SOURCE_RETRY_POLICY, true))).toEqual([1000, 2000, undefined]);
  });

  it('formats waits for log lines', () => {
    expect([250, 1000, 60_000, 180_000].map(formatWait)).toEqual(['250 ms', '1 s', '60 s', '3 min']);
  });
});

describe('fitsBudget', () => {
  it('lets a wait through only when another attempt can start before the deadline', () => {
    expect(fitsBudget(1000, NOW, NOW + 30_000)).toBe(true);
    expect(fitsBudget(30_000, NOW, NOW + 30_000)).toBe(false);
    expect(fitsBudget(60_000, NOW, undefined)).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates, and ignores anything else', () => {
    expect(parseRetryAfter('5', NOW)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 May 2024 10:00:20 GMT', NOW)).toBe(20_000);
    expect(parseRetryAfter('Wed, 01 May 2024 09:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});
