import { useGitHubApiServer } from '../support/github-api-server.js';
import { rejection, ROUTES, testClient } from './github-test-client.js';

const CONTENTS = ROUTES.contents.route;
const TEAM = { owner: 'acme', repo: 'personas', path: 'team.yml' };
const DISPATCH = ROUTES.dispatch.route;
const NOW = Date.parse('2024-05-01T10:00:00.000Z');

const standIn = useGitHubApiServer({ 'acme/personas': { 'team.yml': 'name: Team\n' } });

describe('GitHub client: transient failures are retried', () => {
  it('retries a 502, then succeeds after one backoff', async () => {
    standIn().queue({ status: 502 });
    const { client, waits, logger } = testClient(standIn());
    expect((await client.request(CONTENTS, TEAM)).status).toBe(200);
    expect(waits).toEqual([1000]);
    expect(standIn().requests).toHaveLength(2);
    expect(logger.messages('debug')).toEqual(['GitHub API GET /repos/acme/personas/contents/team.yml: HTTP 502; retrying in 1 s (attempt 2 of 4)']);
  });

  it('gives up after retries + 1 attempts of 503 as unreachable, backing off exponentially', async () => {
    standIn().queue({ status: 503 }, 4);
    const { client, waits } = testClient(standIn());
    const error = await rejection(client.request(CONTENTS, TEAM));
    expect(error).toMatchObject({ code: 'unreachable', status: 503, attempts: 4, reason: 'HTTP 503 after 4 attempts', transient: true });
    expect((error as Error).message).toBe('GitHub API GET /repos/acme/personas/contents/team.yml is unreachable (HTTP 503 after 4 attempts)');
    expect(standIn().requests).toHaveLength(4);
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('caps the backoff, and takes the number of retries from the options', async () => {
    standIn().queue({ status: 500 }, 6);
    const { client, waits } = testClient(standIn(), { retries: 5, retryPolicy: { baseDelayMs: 500, maxDelayMs: 3000 } });
    expect(await rejection(client.request(CONTENTS, TEAM))).toMatchObject({ attempts: 6 });
    expect(waits).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  it('does not retry a 501 (not transient) or anything with retries: 0', async () => {
    standIn().queue({ status: 501 });
    standIn().queue({ status: 502 });
    const { client, waits } = testClient(standIn());
    expect(await rejection(client.request(CONTENTS, TEAM))).toMatchObject({ code: 'unreachable', attempts: 1, reason: 'HTTP 501' });
    const once = testClient(standIn(), { retries: 0 });
    expect(await rejection(once.client.request(CONTENTS, TEAM))).toMatchObject({ code: 'unreachable', attempts: 1, reason: 'HTTP 502' });
    expect([...waits, ...once.waits]).toEqual([]);
  });

  it('never repeats a POST that GitHub may have acted on, unless told it is idempotent', async () => {
    standIn().queue({ status: 502 }, 2);
    const { client, waits } = testClient(standIn());
    const params = { owner: 'acme', repo: 'personas', event_type: 'switch' };
    expect(await rejection(client.request(DISPATCH, params))).toMatchObject({ code: 'unreachable', attempts: 1 });
    expect(standIn().requests).toHaveLength(1);
    standIn().queue({ status: 204 });
    expect((await client.request(DISPATCH, params, { idempotent: true })).status).toBe(204);
    expect(waits).toEqual([1000]);
  });
});

describe('GitHub client: rate limits', () => {
  it('waits out a secondary rate limit for its retry-after (recorded, not slept), even for a POST, and warns', async () => {
    standIn().queue({ status: 403, headers: { 'retry-after': '7' }, body: { message: 'You have exceeded a secondary rate limit.' } });
    standIn().queue({ status: 429, headers: { 'retry-after': '3' } });
    standIn().queue({ status: 204 });
    const { client, waits, logger } = testClient(standIn());
    expect((await client.request(DISPATCH, { owner: 'acme', repo: 'personas', event_type: 'switch' })).status).toBe(204);
    expect(waits).toEqual([7000, 3000]);
    expect(logger.messages('warning')).toEqual([
      'GitHub API POST /repos/acme/personas/dispatches: HTTP 403, a secondary rate limit; retrying in 7 s (attempt 2 of 4)',
      'GitHub API POST /repos/acme/personas/dispatches: HTTP 429, a secondary rate limit; retrying in 3 s (attempt 3 of 4)',
    ]);
  });

  it('waits a minute after a secondary rate limit without retry-after', async () => {
    standIn().queue({ status: 403, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } });
    const { client, waits } = testClient(standIn());
    expect((await client.request(CONTENTS, TEAM)).status).toBe(200);
    expect(waits).toEqual([60_000]);
  });

  it('fails at once as rate-limited when retry-after is longer than the cap', async () => {
    standIn().queue({ status: 429, headers: { 'retry-after': '120' } });
    const { client, waits } = testClient(standIn());
    const error = await rejection(client.request(CONTENTS, TEAM));
    expect(error).toMatchObject({ code: 'rate-limited', status: 429, attempts: 1, transient: true });
    expect((error as Error).message).toBe('GitHub API GET /repos/acme/personas/contents/team.yml is rate limited (HTTP 429, a secondary rate limit)');
    expect(waits).toEqual([]);
  });

  it('reports an exhausted primary rate limit as rate-limited without waiting for a reset an hour away', async () => {
    const reset = String(NOW / 1000 + 3600);
    standIn().queue({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: { message: 'API rate limit exceeded' } });
    const { client, waits } = testClient(standIn());
    const error = await rejection(client.request(CONTENTS, TEAM));
    expect(error).toMatchObject({ code: 'rate-limited', status: 403, reason: 'HTTP 403, the API rate limit is exhausted until 11:00:00 UTC', attempts: 1 });
    expect(waits).toEqual([]);
    expect(standIn().requests).toHaveLength(1);
  });

  it('waits for a primary rate limit that resets within the cap, and gives up at once when no reset is given', async () => {
    standIn().queue({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 10) } });
    const { client, waits } = testClient(standIn());
    expect((await client.request(CONTENTS, TEAM)).status).toBe(200);
    expect(waits).toEqual([11_000]);
    standIn().queue({ status: 429, headers: { 'x-ratelimit-remaining': '0' } });
    expect(await rejection(client.request(CONTENTS, TEAM))).toMatchObject({ code: 'rate-limited', reason: 'HTTP 429, the API rate limit is exhausted' });
    expect(waits).toEqual([11_000]);
  });
});

describe('GitHub client: a deadline bounds the whole call', () => {
  it('ends retries at once when a retry-after would pass the deadline, saying so', async () => {
    standIn().queue({ status: 429, headers: { 'retry-after': '20' } });
    const { client, waits } = testClient(standIn());
    const error = await rejection(client.request(CONTENTS, TEAM, { deadline: NOW + 15_000 }));
    expect(error).toMatchObject({ code: 'rate-limited', attempts: 1, reason: 'HTTP 429, a secondary rate limit; no time left for another attempt' });
    expect(waits).toEqual([]);
    expect(standIn().requests).toHaveLength(1);
  });

  it('retries while the backoff fits, and stops once the next wait would not', async () => {
    standIn().queue({ status: 503 }, 4);
    // The fake clock moves only with the waits: 1 s fits before NOW + 2.5 s, then 2 s more would not.
    let clock = NOW;
    const { client, waits } = testClient(standIn(), { now: () => clock, delay: async (ms) => void (waits.push(ms), (clock += ms)) });
    const error = await rejection(client.request(CONTENTS, TEAM, { deadline: NOW + 2500 }));
    expect(error).toMatchObject({ code: 'unreachable', attempts: 2, reason: 'HTTP 503 after 2 attempts; no time left for another attempt' });
    expect(waits).toEqual([1000]);
  });

  it('cuts an attempt timeout to the time left before the deadline', async () => {
    standIn().queue({ status: 200, hang: true });
    const { client } = testClient(standIn(), { now: Date.now, timeoutMs: 10_000 });
    const started = Date.now();
    const error = await rejection(client.request(CONTENTS, TEAM, { deadline: Date.now() + 100 }));
    expect(error).toMatchObject({ code: 'unreachable', reason: 'timed out: the time budget ran out; no time left for another attempt' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
