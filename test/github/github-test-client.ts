import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from '../../src/github/github-client.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import type { GitHubApiServer } from '../support/github-api-server.js';

/** A client of the stand-in whose waits between retries are recorded instead of slept. */
export interface TestClient {
  client: GitHubClient;
  /** Every wait the client asked for, in milliseconds. */
  waits: number[];
  logger: MemoryLogger;
}

/** A client for `server` with token `t0k3n`, a fixed clock, no jitter and recorded waits; `extra` overrides. */
export function testClient(server: GitHubApiServer, extra: Partial<GitHubClientOptions> = {}): TestClient {
  const waits: number[] = [];
  const logger = new MemoryLogger();
  const client = createGitHubClient({
    token: 't0k3n',
    apiUrl: server.baseUrl,
    logger,
    delay: async (ms) => void waits.push(ms),
    now: () => Date.parse('2024-05-01T10:00:00.000Z'),
    // The full backoff, so waits are exact; jitter has its own tests.
    random: () => 1,
    ...extra,
  });
  return { client, waits, logger };
}

/** The rejection of `promise`, or a failure when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * The routes the client tests send, each with the statuses the tests make the
 * stand-in answer that GitHub documents for it (checked against
 * `@octokit/openapi` by github-client.openapi.test.ts; 401, 429, 5xx and
 * rate-limit 403s can answer any route and are not listed per route).
 */
export const ROUTES = {
  contents: { route: 'GET /repos/{owner}/{repo}/contents/{path}', statuses: [200, 304, 403, 404] },
  putContents: { route: 'PUT /repos/{owner}/{repo}/contents/{path}', statuses: [200, 409, 422] },
  createRef: { route: 'POST /repos/{owner}/{repo}/git/refs', statuses: [201, 422] },
  dispatch: { route: 'POST /repos/{owner}/{repo}/dispatches', statuses: [204, 422] },
} as const;
