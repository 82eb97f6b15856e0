// adapt-test's committed dist/ bundle, run as the runner runs it: the tiers, the matrix and the policy outputs a
// workflow reads with fromJSON(), the suites run in order under the failure policy, and the measured coverage
// (lcov and Cobertura reports) checked against the persona's coverage constraint after the run.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDist } from '../support/run-dist.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'adapt-test-e2e-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
};
const test = (inputs: Record<string, string>) => runDist('adapt-test', { inputs: { 'retry-delay': '10ms', ...inputs }, workspace: dir });
const lcov = (hit: number, found: number) => `TN:\nSF:src/a.ts\nDA:1,1\nLF:${found}\nLH:${hit}\nend_of_record\n`;
const errors = (run: Awaited<ReturnType<typeof test>>) => run.annotations.filter((a) => a.level === 'error').map((a) => a.message);

describe('adapt-test (dist)', () => {
  it('plans security-first: unit and security, a matrix for strategy.matrix, low-risk policy, coverage minimum 85', async () => {
    const run = await test({ default: 'security-first' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.tiers!)).toEqual(['unit', 'security']);
    const matrix = JSON.parse(run.outputs.matrix!) as { include: Array<{ tier: string; shard: number; shards: number }> };
    expect(matrix.include.map((m) => m.tier)).toEqual(['unit', 'security']);
    expect(run.outputs).toMatchObject({
      retries: '1',
      'timeout-minutes': '30',
      'fail-fast': 'false',
      'coverage-min': '85',
      outcome: 'skipped',
      'persona-id': 'security-first',
    });
    expect(run.summary).toContain('security');
    expect(run.summary).toMatch(/^## adapt-test: `security-first`\n\nPersona `security-first`\n/);
  });

  it('shards the fast tiers of high-velocity and fails fast', async () => {
    const run = await test({ default: 'high-velocity', 'max-shards': '4' });
    const matrix = JSON.parse(run.outputs.matrix!) as { include: Array<{ tier: string; shard: number; shards: number }> };
    expect(matrix.include.filter((m) => m.tier === 'unit').map((m) => m.shard)).toEqual([1, 2, 3, 4]);
    expect(run.outputs['fail-fast']).toBe('true');
  });

  it('runs the chosen suites in order with the tier in the environment, and only those', async () => {
    const suites = ['unit: echo "$PERSONA_TEST_TIER" >> ran.txt', 'security: echo "$PERSONA_TEST_TIER" >> ran.txt', 'e2e: echo e2e >> ran.txt'].join('\n');
    const run = await test({ default: 'security-first', suites });
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(dir, 'ran.txt'), 'utf8')).toBe('unit\nsecurity\n');
    expect(run.outputs.outcome).toBe('succeeded');
  });

  it('in a matrix job runs only its own tier, and nothing for a tier the persona no longer chooses', async () => {
    const suites = 'unit: echo unit >> ran.txt\nsecurity: echo security >> ran.txt';
    const mine = await test({ default: 'security-first', suites, tier: 'security' });
    expect(mine.code).toBe(0);
    expect(readFileSync(path.join(dir, 'ran.txt'), 'utf8')).toBe('security\n');
    const gone = await test({ default: 'high-velocity', suites: 'smoke: touch smoke\nunit: touch unit', tier: 'e2e' });
    expect(gone.code).toBe(0);
    expect(gone.outputs.outcome).toBe('skipped');
    expect(gone.annotations.some((a) => a.level === 'notice' && /does not choose tier "e2e"/.test(a.message))).toBe(true);
    expect(existsSync(path.join(dir, 'smoke'))).toBe(false);
  });

  it('retries a flaky tier, and fails the step when a tier still fails after its retries', async () => {
    const flaky = 'n=$(cat n 2>/dev/null || echo 0); echo $((n+1)) > n; [ "$n" -ge 1 ]';
    const ok = await test({ default: 'balanced', suites: `unit: '${flaky}'\nintegration: 'true'\ne2e: 'true'` });
    expect(ok.code).toBe(0);
    expect(readFileSync(path.join(dir, 'n'), 'utf8').trim()).toBe('2');
    const bad = await test({ default: 'balanced', suites: "unit: 'echo x >> unit-tries; exit 1'\nintegration: 'true'\ne2e: 'true'" });
    expect(bad.code).toBe(1);
    expect(readFileSync(path.join(dir, 'unit-tries'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(errors(bad)).toEqual([expect.stringMatching(/^tier unit /)]);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('with fail-fast, a tier that still fails after its retries stops the tiers after it', async () => {
    const run = await test({ default: 'high-velocity', suites: "smoke: 'echo x >> smoke-tries; exit 1'\nunit: touch unit-ran" });
    expect(run.outputs['fail-fast']).toBe('true');
    expect(run.code).toBe(1);
    expect(readFileSync(path.join(dir, 'smoke-tries'), 'utf8').trim().split('\n')).toHaveLength(4); // high risk: 3 retries
    expect(existsSync(path.join(dir, 'unit-ran'))).toBe(false);
    expect(run.annotations.some((a) => a.level === 'warning' && /fail-fast: tier smoke failed, so unit did not run/.test(a.message))).toBe(true);
  });

  it('under violations: warn, a chosen tier without a command is skipped with a warning and the others run', async () => {
    const run = await test({ default: 'high-velocity', suites: 'unit: touch unit-ran' });
    expect(run.code).toBe(0);
    expect(existsSync(path.join(dir, 'unit-ran'))).toBe(true);
    expect(run.annotations.some((a) => a.level === 'warning' && /no command for the chosen tier "smoke".*skipped/.test(a.message))).toBe(true);
  });

  it('fails before running anything when a chosen tier has no command and violations fail', async () => {
    const run = await test({ default: 'security-first', suites: 'unit: touch ran' });
    expect(run.code).toBe(1);
    expect(errors(run)[0]).toMatch(/no command for the chosen tier "security"/);
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(run.outputFile).toBe('');
  });

  it('checks the measured coverage: below the minimum fails under low risk, warns under high risk', async () => {
    write('coverage/lcov.info', lcov(70, 100));
    const low = await test({ default: 'security-first', 'coverage-report': 'coverage/lcov.info' });
    expect(low.code).toBe(1);
    expect(low.outputs['coverage-measured']).toBe('70');
    expect(errors(low)[0]).toMatch(/measured coverage 70 breaks coverage >= 85/);
    write('.github/personas/bold.yml', 'id: bold\nname: Bold\nrisk_tolerance: high\nconstraints:\n  - { parameter: coverage, operator: ">=", value: 80 }\n');
    const high = await test({ default: 'bold', 'coverage-report': 'coverage/lcov.info' });
    expect(high.code).toBe(0);
    expect(high.annotations.some((a) => a.level === 'warning' && /breaks coverage >= 80/.test(a.message))).toBe(true);
  });

  it('reads a Cobertura report, and the coverage input when there is none', async () => {
    write('coverage.xml', '<?xml version="1.0"?>\n<coverage line-rate="0.9" lines-covered="90" lines-valid="100" version="1"></coverage>\n');
    const run = await test({ default: 'security-first', 'coverage-report': 'coverage.xml' });
    expect(run.code).toBe(0);
    expect(run.outputs['coverage-measured']).toBe('90');
    const input = await test({ default: 'security-first', coverage: '86.5' });
    expect(input.outputs['coverage-measured']).toBe('86.5');
  });

  it('reports a malformed report with its file, and a bad input by name, without a stack trace', async () => {
    write('lcov.info', 'SF:x\nLF:10\nLH:11\nend_of_record\n');
    const run = await test({ default: 'balanced', 'coverage-report': 'lcov.info' });
    expect(run.code).toBe(1);
    const error = run.annotations.find((a) => a.level === 'error')!;
    expect(error.properties.file).toMatch(/lcov\.info$/);
    expect(error.message).toMatch(/LH|hit|more/i);
    const bad = await test({ 'max-shards': '0', suites: '- a' });
    expect(bad.code).toBe(1);
    expect(errors(bad).join('\n')).toMatch(/input "max-shards"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
