import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitHubApiServer } from '../support/github-api-server.js';
import { runDist } from '../support/run-dist.js';

const TEAM = 'name: Team Default\nid: team-default\nextends: security-first\nrisk_tolerance: medium\noptimization_goals: [{ metric: cost, weight: 0.5 }]\n';

describe('resolve-persona with remote library sources (bundle, real HTTP on 127.0.0.1)', () => {
  let http: Server;
  let base: string;
  let hits = 0;
  let api: GitHubApiServer;

  beforeAll(async () => {
    http = createServer((req, res) => {
      hits++;
      if (req.url === '/team.yml') res.writeHead(200, { 'content-type': 'application/yaml', etag: '"v1"' }).end(TEAM);
      else if (req.url === '/broken.yml') res.writeHead(200).end('name: Broken\nrisk_tolerance: reckless\n');
      // 501 is not transient, so the source gives up without retrying (a 503 is retried with real backoff in a subprocess).
      else res.writeHead(501).end('down');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    api = await GitHubApiServer.start();
    api.setRepo('octo-org', 'personas', {
      'team/platform.yml': 'name: Platform\nextends: balanced\nrisk_tolerance: low\n',
      'team/README.md': '# not a persona\n',
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await api.close();
  });

  it('reads a URL source with a matching sha256 pin and resolves a persona extending a built-in', async () => {
    const pin = createHash('sha256').update(TEAM).digest('hex');
    const run = await runDist('resolve-persona', { inputs: { persona: 'team-default', library: `${base}/team.yml#sha256=${pin}` } });
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(run.code).toBe(0);
    const persona = JSON.parse(run.outputs.persona!);
    expect(persona.risk_tolerance).toBe('medium');
    expect(persona.optimization_goals.map((g: { metric: string }) => g.metric)).toEqual(['security', 'reliability', 'coverage', 'cost']);
  });

  it('fails on a pin mismatch, naming the URL and both digests', async () => {
    const run = await runDist('resolve-persona', { inputs: { persona: 'team-default', library: `${base}/team.yml#sha256=${'0'.repeat(64)}` } });
    expect(run.code).toBe(1);
    expect(run.annotations[0]!.message).toContain(`${base}/team.yml`);
    expect(run.annotations[0]!.message).toContain('0'.repeat(64));
    expect(run.outputFile).toBe('');
  });

  it('fails clearly when a URL source is unreachable and nothing is cached', async () => {
    const run = await runDist('resolve-persona', { inputs: { library: `${base}/gone.yml` } });
    expect(run.code).toBe(1);
    expect(run.annotations.map((a) => a.message).join('\n')).toMatch(/gone\.yml.*unreachable.*501.*no cached copy/);
  });

  it('reports errors in a remote file under its URL', async () => {
    const run = await runDist('resolve-persona', { inputs: { library: `${base}/broken.yml` } });
    expect(run.code).toBe(1);
    expect(run.annotations[0]!.message).toBe(`${base}/broken.yml:2:17 risk_tolerance: unknown risk tolerance "reckless" (expected one of low, medium, high)`);
  });

  it('reads a github: folder through the REST contents API at GITHUB_API_URL with the token', async () => {
    api.reset();
    api.setRepo('octo-org', 'personas', {
      'team/platform.yml': 'name: Platform\nextends: balanced\nrisk_tolerance: low\n',
      'team/README.md': '# not a persona\n',
    });
    const run = await runDist('resolve-persona', {
      inputs: { persona: 'platform', library: 'github:octo-org/personas/team@main', token: 'ghs_test_token' },
      env: { GITHUB_API_URL: api.baseUrl },
    });
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.id).toBe('platform');
    expect(run.outputs['risk-tolerance']).toBe('low');
    const listing = api.requests.find((r) => r.path === '/repos/octo-org/personas/contents/team');
    expect(listing?.query.ref).toBe('main');
    expect(String(listing?.headers.authorization)).toMatch(/ghs_test_token/);
    expect(api.requests.some((r) => r.path.endsWith('README.md'))).toBe(false);
  });

  it('names the spec and the permission needed when the token is refused', async () => {
    api.queue({ status: 403, body: { message: 'Resource not accessible by integration' } });
    const run = await runDist('resolve-persona', {
      inputs: { library: 'github:octo-org/personas/team@main', token: 'ghs_test_token' },
      env: { GITHUB_API_URL: api.baseUrl },
    });
    expect(run.code).toBe(1);
    expect(run.annotations[0]!.message).toMatch(/github:octo-org\/personas\/team@main.*403.*contents: read/);
    expect(hits).toBeGreaterThan(0);
  });
});
