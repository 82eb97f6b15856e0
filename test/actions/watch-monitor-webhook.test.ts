// watch-monitor in process: the `alert` webhook, received by a local HTTP server: its JSON body (persona, revision,
// correlation id, threshold, value, Slack `text`), the HMAC-SHA256 signature of the exact body, the masking of the URL
// and the secret (never in the log or the summary), and a retry after a 500.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { personaYaml, stateDocument, watch, Workspace } from './fixtures/watch/watch-harness.js';

const SECRET = 'whsec-7c1f9e2a-never-logged';

let server: Server;
let received: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];
let statuses: number[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      response.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let ws: Workspace;
let hook: string;
beforeEach(() => {
  received = [];
  statuses = [];
  hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T0123/B0456/xoxb-url-token`;
  ws = new Workspace({ 'watch-alert': personaYaml('watch-alert', { errorAction: 'alert' }) });
});
afterEach(() => ws.remove());

/** A watch of watch-alert (state revision 1, correlation id c-1) whose error rate breaches at check 2 only. */
async function alertingWatch(inputs: Record<string, string>) {
  const file = ws.write('state/state.json', JSON.stringify(stateDocument('watch-alert', 1)));
  const metrics = ws.replay('alert.jsonl', { error_rate: [0.001, 0.05, 0.001], latency_p95_ms: [100, 100, 100] });
  const r = ws.runner({ state: `file:${file}`, metrics, duration: '30s', ...inputs }, { GITHUB_RUN_ID: '99', GITHUB_REPOSITORY: 'octo-org/app' });
  const error = await watch(r);
  return { r, error };
}

describe('the alert webhook', () => {
  it('POSTs one JSON body describing the breach, signed with HMAC-SHA256 of the exact body', async () => {
    const { r, error } = await alertingWatch({ webhook: hook, 'webhook-secret': SECRET });
    expect(error).toBeUndefined();
    expect(received).toHaveLength(1);
    const [post] = received;
    expect(post!.method).toBe('POST');
    expect(post!.headers['content-type']).toBe('application/json');
    expect(post!.headers['x-persona-signature-256']).toBe(`sha256=${createHmac('sha256', SECRET).update(post!.body).digest('hex')}`);
    const body = JSON.parse(post!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      persona: 'watch-alert',
      revision: 1,
      correlation_id: 'c-1',
      threshold: { metric: 'error_rate', operator: '>', value: 0.01, window: null, severity: 'critical', action: 'alert' },
      value: 0.05,
      check: 2,
      run_url: 'https://github.com/octo-org/app/actions/runs/99',
    });
    expect(body.text).toBe('[critical] watch-alert: error_rate = 0.05 breaches > 0.01 (check 2, action alert) https://github.com/octo-org/app/actions/runs/99');
    expect(r.summary).toMatch(/\| 2 \| `alert` \| error\\_rate \| done: warning annotation and webhook \|/);
  });

  it('masks the URL and the secret (runner.setSecret), and neither appears in the log or the summary', async () => {
    const { r } = await alertingWatch({ webhook: hook, 'webhook-secret': SECRET });
    expect(r.secrets).toEqual(expect.arrayContaining([hook, SECRET]));
    const logged = [...r.logger.entries.map((e) => `${e.message} ${JSON.stringify(e.where ?? {})}`), r.summary, JSON.stringify(r.outputs)].join('\n');
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain('xoxb-url-token');
    expect(logged).not.toContain(`127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  it('without a secret the body is sent unsigned', async () => {
    await alertingWatch({ webhook: hook });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers).not.toHaveProperty('x-persona-signature-256');
  });

  it('retries a webhook that answers 500, then 200: two identical POSTs, the alert counted as sent', async () => {
    statuses = [500, 200];
    const { r } = await alertingWatch({ webhook: hook, 'webhook-secret': SECRET });
    expect(received.map((p) => p.body)).toEqual([received[0]!.body, received[0]!.body]);
    expect(received[1]!.headers['x-persona-signature-256']).toBe(received[0]!.headers['x-persona-signature-256']);
    expect(r.logger.messages('warning').some((m) => m.includes('webhook'))).toBe(false);
    expect(r.logger.messages('info')).toContain('alert: warning annotation and webhook');
  });

  it('a webhook that refuses (404, not retried) is one warning without the URL; the watch goes on and ends green', async () => {
    statuses = [404];
    const { r, error } = await alertingWatch({ webhook: hook });
    expect(error).toBeUndefined();
    expect(received).toHaveLength(1);
    expect(r.logger.messages('warning')).toContain('the webhook did not take the alert of error_rate (HTTP 404, 1 attempts)');
    expect(r.outputs).toMatchObject({ verdict: 'fail', checks: '3' });
  });
});
