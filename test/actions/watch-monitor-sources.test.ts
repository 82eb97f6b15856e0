// watch-monitor in process: the `url:` source (a local HTTP server) and the `command:` source, and the job summary
// (timeline table, a mermaid xychart per metric, the actions table) with a hostile metric name escaped.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { personaYaml, progress, watch, Workspace } from './fixtures/watch/watch-harness.js';

const HOSTILE = 'x|<img src=x onerror=alert(1)>';

let ws: Workspace;
beforeEach(() => {
  ws = new Workspace({
    'watch-low': personaYaml('watch-low'),
    'watch-hostile': personaYaml('watch-hostile', {
      errorAction: 'alert',
      extra: [`{ metric: ${JSON.stringify(HOSTILE)}, operator: ">", value: 5, severity: warning, action: alert }`],
    }),
  });
});
afterEach(() => ws.remove());

describe('url: source', () => {
  let server: Server;
  let answers: unknown[] = [];
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      const answer = answers[Math.min(hits++, answers.length - 1)];
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    hits = 0;
  });

  it('GETs once per check; top-level keys and `select` paths give the values; a jump fails the watch at that check', async () => {
    const at = (error: number) => ({ error_rate: error, data: { latency: { p95: 150 } } });
    answers = [at(0.001), at(0.002), at(0.09)];
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics.json`;
    const r = ws.runner({ default: 'watch-low', metrics: `url:${url}`, queries: 'latency_p95_ms:\n  select: data.latency.p95\n' });
    const error = await watch(r);
    expect(error?.message).toMatch(/error_rate > 0\.01 breached \(0\.09/);
    expect(hits).toBe(3);
    expect(progress(r)[0]).toBe('[1/10] pass 100%  error_rate=0.001 ok (breach > 0.01)  latency_p95_ms=150 ok (breach > 300)');
    expect(r.outputs).toMatchObject({ verdict: 'fail', checks: '3' });
  });

  it('an answer that is not JSON is a warning per check and no data, never a crash', async () => {
    answers = ['not an object'];
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const r = ws.runner({ default: 'watch-low', metrics: `url:${url}`, 'on-no-data': 'ignore', duration: '30s' });
    expect(await watch(r)).toBeUndefined();
    expect(r.outputs).toMatchObject({ verdict: 'pass', checks: '3' });
    expect(r.logger.messages('warning').filter((m) => m.startsWith('metrics: url:'))).toHaveLength(3);
  });
});

describe('command: source', () => {
  const script = [
    'n=$(cat count 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > count',
    'printf "%s" "$PERSONA_METRICS" > asked',
    'if [ "$n" -ge 3 ]; then echo error_rate=0.4; else echo error_rate=0.001; fi',
    'echo "latency_p95_ms = 90"',
  ].join('\n');

  it('runs the command at each check in the workspace, reads metric=value lines, and names the metrics in PERSONA_METRICS', async () => {
    ws.write('metrics.sh', script);
    const r = ws.runner({ default: 'watch-low', metrics: 'command:bash metrics.sh' });
    const error = await watch(r);
    expect(error?.message).toMatch(/error_rate > 0\.01 breached \(0\.4/);
    expect(readFileSync(path.join(ws.dir, 'count'), 'utf8').trim()).toBe('3');
    expect(readFileSync(path.join(ws.dir, 'asked'), 'utf8').split(',').sort()).toEqual(['error_rate', 'latency_p95_ms']);
    expect(progress(r)[1]).toBe('[2/10] pass 100%  error_rate=0.001 ok (breach > 0.01)  latency_p95_ms=90 ok (breach > 300)');
  });

  it('a persona value never reaches the command text: a metric name with $(…) is only an environment value', async () => {
    const sneaky = 'a$(touch pwned)';
    ws.write('.github/personas/watch-sneaky.yml', personaYaml('watch-sneaky', { extra: [`{ metric: ${JSON.stringify(sneaky)}, operator: ">", value: 1 }`] }));
    ws.write('metrics.sh', script);
    const r = ws.runner({ default: 'watch-sneaky', metrics: 'command:bash metrics.sh', 'on-no-data': 'ignore', duration: '20s' });
    expect(await watch(r)).toBeUndefined();
    expect(readFileSync(path.join(ws.dir, 'asked'), 'utf8')).toContain(sneaky);
    expect(existsSync(path.join(ws.dir, 'pwned'))).toBe(false);
  });
});

describe('the job summary', () => {
  it('has the timeline, one xychart per metric against its limit, the actions table, and escapes a hostile metric name', async () => {
    const json = JSON.stringify({ error_rate: 0.001, latency_p95_ms: 120, [HOSTILE]: 7 });
    ws.write('hostile.sh', `printf '%s' '${json}'\n`);
    const r = ws.runner({ default: 'watch-hostile', metrics: 'command:bash hostile.sh', duration: '30s' });
    expect(await watch(r)).toBeUndefined();
    const summary = r.summary;
    expect(summary).toMatch(/^## watch-monitor: `warn` · score /);
    expect(summary).toContain('### Timeline');
    expect(summary).toContain('### Actions');
    expect(summary).not.toContain('<img');
    expect(summary).toContain('&lt;img');
    const charts = summary.match(/```mermaid\nxychart-beta\n[^`]*```/g) ?? [];
    expect(charts).toHaveLength(3);
    expect(charts[0]).toContain('title "error_rate per check"');
    expect(charts[0]).toContain('line [0.001, 0.001, 0.001]');
    expect(charts[0]).toContain('line [0.01, 0.01, 0.01]');
    expect(charts[2]).toMatch(/title "x_[^"<>|]*"/);
    // Every table row has as many unescaped `|` as its table's header: the name never adds a cell.
    const pipes = (line: string) => (line.match(/(?<!\\)\|/g) ?? []).length;
    for (const table of summary.split(/\n(?=###)/).filter((part) => part.includes('| ---'))) {
      const rows = table.split('\n').filter((line) => line.startsWith('|'));
      expect(rows.map(pipes)).toEqual(rows.map(() => pipes(rows[0]!)));
    }
    expect(summary.split('\n').filter((l) => l.startsWith('|') && l.includes('&lt;img'))).toHaveLength(4); // 3 timeline rows, 1 action
  });
});
