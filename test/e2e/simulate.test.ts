// `persona simulate` from the committed dist/ (the CLI bundle and dist/bundles/simulate), as `npm run demo` runs it:
// the shipped pipeline workflow, every action's bundle through the runner protocol, the mid-watch switch and the
// remediation; the trace, the JSON result, the event log and the HTML report. Also the simulator's refusals.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/run-dist.js';

const NODE = process.env.PERSONA_E2E_NODE ?? process.execPath;
const CLI = path.join(ROOT, 'dist/cli/index.js');

/** Runs `persona simulate …` as a user would, with only PATH and HOME from this environment. */
function simulate(args: string[]) {
  const result = spawnSync(NODE, [CLI, 'simulate', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonResult {
  conclusion: string;
  jobs: Record<string, { result: string; outputs: Record<string, string> }>;
  stages: { consistent: boolean; stages: Array<{ job: string; persona: string | null; revision: number | null; correlation_id: string | null }> };
  switches: Array<{ job: string; from?: string; to: string; result: string; revision?: string; correlation_id: string }>;
  deployments: string[];
}

describe('persona simulate (the demo)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'simulate-e2e-'));
  const events = path.join(dir, 'events.jsonl');
  const report = path.join(dir, 'report.html');
  let run: ReturnType<typeof simulate>;
  beforeAll(() => {
    run = simulate(['--expect', 'failure', '--events', events, '--report', report]);
  }, 120_000);

  it('runs every job of the shipped workflow, and the breach after the switch fails the watch', () => {
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(0);
    for (const job of ['resolve', 'build', 'deploy', 'watch', 'report']) expect(run.stdout).toContain(`━━ job ${job} ━━`);
    expect(run.stdout).toMatch(/━━ job test \(unit, 1, \d\) ━━/);
    expect(run.stdout).toMatch(/✗ job watch: failure/);
    expect(run.stdout).toMatch(/✓ job report: success/);
    // adapt-build's post step (its dependency-cache save) runs at the end of the build job, as a step of its own.
    expect(run.stdout).toMatch(/✓ Post Run pipeline-personas\/pipeline-personas\/actions\/adapt-build@v0\.1 \(\d+\.\d s\)/);
    expect(run.stdout).toMatch(/✗ run failed in \d+\.\d s/);
  });

  it('shows the thresholds changing at the switch, then the remediation', () => {
    const out = run.stdout;
    const before = out.indexOf('error_rate=0.03 ok (breach > 0.1 over 5m)');
    const switched = out.indexOf('⇄ runtime switch (watch): high-velocity → stability: applied at revision 2, correlation id sim-incident-1');
    const after = out.search(/error_rate=0\.0\d+ BREACH \(breach > 0\.005 over 5m\)/);
    expect(before).toBeGreaterThan(0);
    expect(switched).toBeGreaterThan(before);
    expect(after).toBeGreaterThan(switched);
    expect(out.slice(after)).toMatch(/rolling back to v1\.4\.2 \(a{40}\)/);
    expect(out).toContain('⚠ the stages used different personas');
  });

  it('renders each job summary for the terminal, with the persona, revision and switch', () => {
    expect(run.stdout).toMatch(/┌ summary of deploy › Run pipeline-personas\/pipeline-personas\/actions\/adapt-deploy@v0\.1/);
    expect(run.stdout).toMatch(/│ Persona `high-velocity` · state revision 1 · switch `sim-start`/);
    expect(run.stdout).toMatch(/│ Persona `stability` · state revision 2 · switch `sim-incident-1`/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('writes every event as JSON lines, masked', () => {
    const lines = readFileSync(events, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    expect(lines[0]).toMatchObject({ type: 'switch', job: 'setup', to: 'high-velocity', result: 'applied' });
    expect(lines.find((e) => e.type === 'run')).toMatchObject({ event: 'workflow_dispatch', workflow: expect.stringContaining('persona-pipeline.yml') });
    expect(lines.at(-1)).toMatchObject({ type: 'end', conclusion: 'failure' });
    expect(lines.filter((e) => e.type === 'deployment').map((e) => e.text)).toContainEqual(
      expect.stringMatching(/created for production: payload persona high-velocity, correlation_id sim-start/),
    );
    expect(lines.some((e) => e.type === 'log' && String(e.text).startsWith('[3/'))).toBe(true);
    expect(readFileSync(events, 'utf8')).not.toContain('simulated-github-token');
  });

  it('writes one self-contained HTML page whose charts render offline', () => {
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<pre class="mermaid">');
    expect(html).toMatch(/mermaid\.initialize\(/);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?https?:/i);
    expect(html).toContain('Personas by stage');
    expect(html).toContain('sim-incident-1');
    expect(html.length).toBeGreaterThan(1_000_000); // mermaid's bundle, inlined
  });
});

describe('persona simulate: options and refusals', () => {
  it('--json without a switch: the run passes under high-velocity and every stage used one persona', () => {
    const run = simulate(['--switch-to', 'none', '--duration', '3s', '--json', '--keep']);
    expect(run.code).toBe(0);
    // --keep leaves the simulated workspace (its file: store) and says where.
    const kept = /^kept: (.+)$/m.exec(run.stderr)![1]!;
    expect(readdirSync(kept).filter((f) => f.startsWith('persona-simulate-'))).toHaveLength(1);
    rmSync(kept, { recursive: true, force: true });
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.conclusion).toBe('success');
    expect(result.jobs.deploy).toMatchObject({ result: 'success', outputs: { 'persona-id': 'high-velocity', revision: '1' } });
    expect(result.jobs.watch!.outputs).toMatchObject({ 'persona-id': 'high-velocity', switches: '[]' });
    expect(result.stages.consistent).toBe(true);
    expect(result.switches).toHaveLength(1);
  }, 90_000);

  it('--persona and --metrics: a replay whose error rate breaches the starting persona fails the watch without any switch', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'simulate-metrics-'));
    const replay = path.join(dir, 'spike.jsonl');
    const start = Date.parse('2026-01-01T00:00:00Z');
    writeFileSync(replay, [0, 1, 2, 3].map((s) => JSON.stringify({ ts: start + s * 1000, metric: 'error_rate', value: 0.4 })).join('\n') + '\n');
    const run = simulate(['--persona', 'stability', '--switch-to', 'none', '--metrics', replay, '--duration', '3s', '--expect', 'failure', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as JsonResult;
    expect(result.jobs.resolve!.outputs).toMatchObject({ 'persona-id': 'stability', revision: '1', 'correlation-id': 'sim-start' });
    expect(result.jobs.watch).toMatchObject({ result: 'failure', outputs: { 'persona-id': 'stability', verdict: 'fail' } });
    // The rollback marks the run's deployment failed.
    expect(result.deployments).toContainEqual(expect.stringMatching(/^#2 status failure$/));
    expect(result.switches.map((s) => s.job)).toEqual(['setup']);
  }, 90_000);

  it('lists what a workflow uses that it cannot simulate, and runs nothing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'simulate-unsupported-'));
    const file = path.join(dir, 'w.yml');
    writeFileSync(
      file,
      'on: workflow_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres\n    steps:\n      - uses: some/action@v1\n      - run: touch "$RUNNER_TEMP/../ran"\n',
    );
    const run = simulate(['--workflow', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/w\.yml:5:\d*.*`services` is not simulated/);
    expect(run.stderr).toMatch(/w\.yml:9:.*some\/action@v1 is not simulated/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toContain('━━ job a');
  });

  it('reports a workflow syntax error with its line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'simulate-bad-'));
    const file = path.join(dir, 'bad.yml');
    writeFileSync(file, 'on: workflow_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n');
    const run = simulate(['--workflow', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bad\.yml:5:\d+/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses bad usage with exit code 2', () => {
    expect(simulate(['--switch-after', '0']).code).toBe(2);
    expect(simulate(['--expect', 'maybe']).code).toBe(2);
  });
});
