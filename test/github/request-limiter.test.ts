import { RequestLimiter } from '../../src/github/request-limiter.js';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { ROUTES, testClient } from './github-test-client.js';

const CONTENTS = ROUTES.contents.route;
const standIn = useGitHubApiServer({ 'acme/personas': { 'team.yml': 'name: Team\n' } });

/** A promise with its resolve function, to settle tasks in a chosen order. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RequestLimiter', () => {
  it('runs at most `limit` tasks at a time, starting queued ones in order as slots free up', async () => {
    const limiter = new RequestLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((gate) => gate.resolve());
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of a task that fails', async () => {
    const limiter = new RequestLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the limit %p', (limit) => {
    expect(() => new RequestLimiter(limit)).toThrow(RangeError);
  });
});

describe('GitHub client: bounded concurrency', () => {
  it('keeps at most 8 requests in flight by default, however many are fired at once', async () => {
    standIn().queue({ status: 200, body: {}, delayMs: 30 }, 20);
    const { client } = testClient(standIn());
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => client.request(CONTENTS, { owner: 'acme', repo: 'personas', path: `${i}.yml` })));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(standIn().requests).toHaveLength(20);
    expect(standIn().maxInFlight).toBe(8);
  });

  it('takes the cap from the options', async () => {
    standIn().queue({ status: 200, body: {}, delayMs: 30 }, 6);
    const { client } = testClient(standIn(), { concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.request(CONTENTS, { owner: 'acme', repo: 'personas', path: `${i}.yml` })));
    expect(standIn().maxInFlight).toBe(2);
  });
});
