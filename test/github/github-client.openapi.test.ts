import { readFileSync } from 'node:fs';
import { ROUTES } from './github-test-client.js';

/*
 * The client tests make the stand-in answer routes with statuses; GitHub's
 * own OpenAPI description (@octokit/openapi) must document each route with
 * that method and each status for it, and error bodies are GitHub's
 * `basic-error` shape.
 */

interface Operation {
  responses: Record<string, { $ref?: string }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, { type?: string }> }> };
}

let api: OpenApi;
beforeAll(() => {
  api = JSON.parse(readFileSync(new URL('../../node_modules/@octokit/openapi/generated/api.github.com.json', import.meta.url), 'utf8')) as OpenApi;
});

describe('the routes the GitHub client tests use', () => {
  it.each(Object.values(ROUTES).map(({ route, statuses }) => [route, statuses] as const))('%s is documented with the statuses %j', (route, statuses) => {
    const [method, path] = route.split(' ') as [string, string];
    const operation = api.paths[path]?.[method.toLowerCase()];
    expect(operation).toBeDefined();
    expect(statuses.filter((status) => !(String(status) in operation!.responses))).toEqual([]);
  });

  it('fails for a route or status GitHub does not document (the check can fail)', () => {
    expect(api.paths['/repos/{owner}/{repo}/dispatches']?.get).toBeUndefined();
    expect('409' in api.paths['/repos/{owner}/{repo}/dispatches']!.post!.responses).toBe(false);
  });

  it('error bodies have the basic-error fields the client reads (message)', () => {
    expect(api.components.schemas['basic-error']!.properties).toMatchObject({ message: { type: 'string' }, documentation_url: { type: 'string' } });
  });
});
