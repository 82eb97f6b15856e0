// `persona export alert-rules`: the rules of every built-in persona and a blend pass promtool; the queries file is read
// like other CLI files (regular, not a link, ≤ 1 MiB, located errors); bad usage and hostile personas are clear errors.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { cleanup, persona, workspace } from './helpers.js';

afterAll(cleanup);

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; labels: Record<string, string>; annotations: Record<string, string> }> }>;
}

const BUILTINS = readdirSync(path.join(import.meta.dirname, '../../personas'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => f.slice(0, -4));

/** `promtool check rules` on `file`: its exit status and output. */
function promtool(file: string): { status: number | null; output: string } {
  const r = spawnSync(process.env.PROMTOOL ?? 'promtool', ['check', 'rules', file], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const TEAM = `name: Team
id: team
monitoring_thresholds:
  - { metric: error_rate, operator: ">", value: 0.02, window: 5m, severity: critical, action: rollback }
  - { metric: latency_p95_ms, operator: ">", value: 300, window: 10m, severity: warning, action: alert }
  - { metric: availability, operator: "<", value: 0.999 }
`;

const QUERIES = `error_rate: sum(rate(http_errors_total[1m])) / sum(rate(http_requests_total[1m]))
latency_p95_ms:
  query: histogram_quantile(0.95, sum by (le) (rate(http_duration_ms_bucket[1m])))
  reduce: avg
availability:
  select: data.slo.availability
`;

describe('persona export alert-rules', () => {
  it.each([...BUILTINS, 'stability+balanced'])('renders %s as rules promtool accepts, one per threshold', async (id) => {
    const dir = await workspace();
    const plan = await persona(['plan', '--persona', id, '--json'], dir);
    const thresholds = (JSON.parse(JSON.parse(plan.stdout).persona) as { monitoring_thresholds: unknown[] }).monitoring_thresholds;
    const r = await persona(['export', 'alert-rules', '--persona', id, '--revision', '4', '--output', 'rules.yml'], dir);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const file = parse(readFileSync(path.join(dir, 'rules.yml'), 'utf8')) as RuleFile;
    expect(file.groups).toHaveLength(1);
    expect(file.groups[0]!.name).toBe(`persona-${JSON.parse(plan.stdout).id}`);
    expect(file.groups[0]!.rules).toHaveLength(thresholds.length);
    expect(thresholds.length).toBeGreaterThan(0);
    const check = promtool(path.join(dir, 'rules.yml'));
    expect(check).toMatchObject({ status: 0, output: expect.stringContaining(`SUCCESS: ${thresholds.length} rules found`) });
  });

  it('prints to stdout without --output, the same text it writes with it', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM });
    const printed = await persona(['export', 'alert-rules', '-p', 'team', '--correlation-id', 'dash-7', '--revision', '9'], dir);
    expect(printed.code).toBe(0);
    const written = await persona(['export', 'alert-rules', '-p', 'team', '--correlation-id', 'dash-7', '--revision', '9', '-o', 'out.yml'], dir);
    expect(written.code).toBe(0);
    expect(readFileSync(path.join(dir, 'out.yml'), 'utf8')).toBe(printed.stdout);
    const rules = (parse(printed.stdout) as RuleFile).groups[0]!.rules;
    expect(rules.map((r) => r.expr)).toEqual([
      'max(avg_over_time(error_rate[5m])) > 0.02',
      'max(quantile_over_time(0.95, latency_p95_ms[10m])) > 300',
      'max(availability) < 0.999',
    ]);
    expect(rules[0]!.annotations.description).toContain('revision 9, switch dash-7');
  });

  it('takes the queries file in the watch format (text or { query, reduce }; select-only entries fall back to the name), YAML or JSON', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM, 'queries.yml': QUERIES });
    const r = await persona(['export', 'alert-rules', '-p', 'team', '--queries', 'queries.yml', '-o', 'rules.yml'], dir);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const rules = (parse(readFileSync(path.join(dir, 'rules.yml'), 'utf8')) as RuleFile).groups[0]!.rules;
    expect(rules.map((x) => x.expr)).toEqual([
      'max(avg_over_time((sum(rate(http_errors_total[1m])) / sum(rate(http_requests_total[1m])))[5m:])) > 0.02',
      'avg(quantile_over_time(0.95, (histogram_quantile(0.95, sum by (le) (rate(http_duration_ms_bucket[1m]))))[10m:])) > 300',
      'max(availability) < 0.999',
    ]);
    expect(promtool(path.join(dir, 'rules.yml')).status).toBe(0);
    writeFileSync(path.join(dir, 'queries.json'), JSON.stringify({ error_rate: 'errors_ratio{job="api"}' }));
    const json = await persona(['export', 'alert-rules', '-p', 'team', '-q', 'queries.json'], dir);
    expect((parse(json.stdout) as RuleFile).groups[0]!.rules[0]!.expr).toBe('max(avg_over_time(errors_ratio{job="api"}[5m])) > 0.02');
  });

  it('explains bad usage with exit 2: a format other than prometheus, an unknown export, no --persona, a bad revision', async () => {
    const dir = await workspace();
    const cases: Array<[string[], RegExp]> = [
      [['alert-rules', '-p', 'balanced', '--format', 'json'], /--format must be prometheus, got "json"/],
      [['alert-rule', '-p', 'balanced'], /unknown export "alert-rule" \(expected alert-rules\)/],
      [['alert-rules'], /missing option --persona EXPR/],
      [['alert-rules', '-p', 'balanced', '--revision=-1'], /--revision must be a whole number, got "-1"/],
      [['alert-rules', '-p', 'balanced', '--revision', '1.5'], /--revision must be a whole number, got "1.5"/],
      [['alert-rules', '-p', 'balanced', '--correlation-id', 'x'.repeat(201)], /--correlation-id must have 1 to 200 characters/],
      [['-p', 'balanced'], /missing argument WHAT/],
    ];
    for (const [args, message] of cases) {
      const r = await persona(['export', ...args], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('Usage: persona export alert-rules');
    }
  });

  it('is listed in the help, with its own --help', async () => {
    const dir = await workspace();
    expect((await persona(['--help'], dir)).stdout).toMatch(/^ {2}export +Export a persona's thresholds as alerting rules$/m);
    const help = await persona(['export', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--queries FILE');
  });
});

describe('persona export alert-rules with hostile input', () => {
  const run = (dir: string, ...extra: string[]) => persona(['export', 'alert-rules', '-p', 'team', '-o', 'rules.yml', ...extra], dir);
  const expectNothingWritten = (dir: string) => expect(existsSync(path.join(dir, 'rules.yml'))).toBe(false);

  it('refuses a queries file that is a symbolic link, without reading through it', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM, 'real.yml': QUERIES });
    symlinkSync(path.join(dir, 'real.yml'), path.join(dir, 'queries.yml'));
    const r = await run(dir, '--queries', 'queries.yml');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'queries.yml: is a symbolic link, not a regular file (only regular files are read)\n' });
    expectNothingWritten(dir);
  });

  it('refuses a queries file over 1 MiB, and a directory', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM, 'big.yml': `error_rate: up\n# ${'x'.repeat(1024 * 1024)}\n` });
    mkdirSync(path.join(dir, 'queries.d'));
    const big = await run(dir, '-q', 'big.yml');
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(/^big\.yml: is \d+ bytes, over the 1 MiB limit of a queries file \(1048576 bytes\)\n$/);
    expect((await run(dir, '-q', 'queries.d')).stderr).toBe('queries.d: is a directory, not a regular file (only regular files are read)\n');
    expectNothingWritten(dir);
  });

  it('reports a queries file that is not a map, or not valid YAML, located in that file', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM, 'list.yml': '- error_rate\n- up\n', 'bad.yml': 'error_rate: [up\n', 'empty.yml': '\n' });
    const list = await run(dir, '-q', 'list.yml');
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/^list\.yml(:\d+:\d+)?: must be a mapping of metric names to queries/);
    const bad = await run(dir, '-q', 'bad.yml');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^bad\.yml:\d+:\d+/);
    expect((await run(dir, '-q', 'empty.yml')).stderr).toBe('empty.yml: is empty: expected a mapping of metric names to queries\n');
    expect((await run(dir, '-q', 'missing.yml')).stderr).toBe('missing.yml: does not exist\n');
    for (const r of [list, bad]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expectNothingWritten(dir);
  });

  it('lists persona metrics with quotes, braces and a comment (no valid name, no possible query) as one clear error, no stack, nothing written', async () => {
    const hostile = `name: Team
id: team
monitoring_thresholds:
  - { metric: "err\\"{{ .X }} } or vector(1) # x", operator: ">", value: 1 }
  - { metric: "a{b=\\"c\\"}", operator: "<", value: 2 }
  - { metric: error_rate, operator: ">", value: 0.1 }
`;
    const dir = await workspace({ '.github/personas/team.yml': hostile });
    const r = await run(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^metric "err\\"\{\{ \.X \}\} \} or vector\(1\) # x" is not a valid PromQL metric name .* and has no query/),
      expect.stringMatching(/^metric "a\{b=\\"c\\"\}" is not a valid PromQL metric name/),
    ]);
    expectNothingWritten(dir);
  });

  it('keeps a hostile correlation id inside its annotation and promtool still passes', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM });
    const id = 'x"\n  - alert: Injected {{ template "y" }}\u001b]0;t\u0007';
    const r = await run(dir, '--correlation-id', id);
    expect(r.code).toBe(0);
    const rules = (parse(readFileSync(path.join(dir, 'rules.yml'), 'utf8')) as RuleFile).groups[0]!.rules;
    expect(rules.map((x) => x.alert)).toEqual(['ErrorRateAbove', 'LatencyP95MsAbove', 'AvailabilityBelow']);
    expect(rules[0]!.annotations.description).toContain('switch x"\n  - alert: Injected {{ "{{" }} template "y" }}\\u001b]0;t\\u0007)');
    expect(promtool(path.join(dir, 'rules.yml')).status).toBe(0);
  });

  it('reports an output path it cannot write as a user error naming it', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM });
    mkdirSync(path.join(dir, 'out'));
    const r = await persona(['export', 'alert-rules', '-p', 'team', '-o', 'out'], dir);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'out: cannot be written (EISDIR)\n' });
    expect((await persona(['export', 'alert-rules', '-p', 'team', '-o', 'no/such/dir/rules.yml'], dir)).stderr).toBe(
      'no/such/dir/rules.yml: cannot be written (ENOENT)\n',
    );
  });
});
