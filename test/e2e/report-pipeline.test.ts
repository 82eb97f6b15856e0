// report-pipeline as the runner runs it: the committed dist/report-pipeline/index.js through the runner protocol
// (test/support/run-dist.ts), `stages` set as `${{ toJSON(needs) }}` would set it. Outputs through GITHUB_OUTPUT, the
// summary through GITHUB_STEP_SUMMARY, a mismatch as a `::warning::` (or one `::error::` and exit 1), and hostile
// persona ids that try to start workflow commands shown escaped, never executed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runDist, type DistRun } from '../support/run-dist.js';

const BUNDLE = path.join(ROOT, 'dist/report-pipeline/index.js');

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: this test runs the committed dist/ (run \`npm run build\`)`);
});

/** `toJSON(needs)`: job → [result, persona-id, revision, correlation-id]. */
function needs(jobs: Record<string, [string, string, string, string?]>): string {
  const entries = Object.entries(jobs).map(([job, [result, id, revision, correlation]]) => [
    job,
    { result, outputs: { 'persona-id': id, revision, ...(correlation ? { 'correlation-id': correlation } : {}) } },
  ]);
  return JSON.stringify(Object.fromEntries(entries));
}

const of = (run: DistRun, level: string) => run.annotations.filter((a) => a.level === level).map((a) => a.message);

describe('report-pipeline (dist)', () => {
  it('reports a consistent pipeline: outputs, summary, no annotation', async () => {
    const stages = needs({ resolve: ['success', 'balanced', '3', 'corr-3'], build: ['success', 'balanced', '3'], deploy: ['success', 'balanced', '3'] });
    const run = await runDist('report-pipeline', { inputs: { stages } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs.consistent).toBe('true');
    expect(JSON.parse(run.outputs.personas!)).toEqual(['balanced']);
    expect(JSON.parse(run.outputs.stages!)).toEqual([
      { job: 'resolve', result: 'success', persona: 'balanced', revision: 3, correlation_id: 'corr-3' },
      { job: 'build', result: 'success', persona: 'balanced', revision: 3, correlation_id: null },
      { job: 'deploy', result: 'success', persona: 'balanced', revision: 3, correlation_id: null },
    ]);
    expect(run.summary).toContain('| `resolve` | `success` | `balanced` | 3 | `corr-3` |');
  });

  it('warns once when the stages used different personas', async () => {
    const stages = needs({ resolve: ['success', 'balanced', '3'], deploy: ['success', 'stability', '4', 'switch-4'] });
    const run = await runDist('report-pipeline', { inputs: { stages } });
    expect(run.code).toBe(0);
    expect(of(run, 'warning')).toEqual([
      expect.stringMatching(/^stages used different personas: a runtime switch took effect mid-run .*deploy "stability"\)$/),
    ]);
    expect(run.outputs.consistent).toBe('false');
    expect(run.summary).toContain('| `deploy` | `success` | `stability` | 4 | `switch-4` |');
  });

  it('fails with one error and no stack trace under on-mismatch: fail, the outputs written first', async () => {
    const stages = needs({ resolve: ['success', 'balanced', '3'], deploy: ['success', 'stability', '4'] });
    const run = await runDist('report-pipeline', { inputs: { stages, 'on-mismatch': 'fail' } });
    expect(run.code).toBe(1);
    expect(of(run, 'error')).toEqual([expect.stringMatching(/stages used different personas.*on-mismatch is fail/)]);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    expect(run.outputs.consistent).toBe('false');
  });

  it('refuses stages that are not JSON: exit 1, one error naming the input, nothing written', async () => {
    const run = await runDist('report-pipeline', { inputs: { stages: 'not json $(touch owned)' } });
    expect(run.code).toBe(1);
    expect(of(run, 'error')).toEqual([expect.stringMatching(/^input "stages": is not JSON/)]);
    expect(run.outputFile).toBe('');
    expect(run.summary).toBe('');
  });

  it('shows a persona id carrying workflow commands escaped: no injected annotation, output or variable', async () => {
    const hostile = 'evil\n::warning::owned\n::set-output name=consistent::true\n::add-mask::balanced';
    const stages = needs({ resolve: ['success', 'balanced', '1'], deploy: ['success', hostile, '2'] });
    const run = await runDist('report-pipeline', { inputs: { stages } });
    expect(run.code).toBe(0);
    expect(run.annotations.map((a) => a.level)).toEqual(['warning']);
    expect(run.annotations[0]!.message).toContain('deploy "evil\\n::warning::owned');
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::') && !l.startsWith('::warning::stages used'))).toEqual([]);
    expect(run.outputs.consistent).toBe('false');
    expect(Object.keys(run.outputs).sort()).toEqual(['consistent', 'personas', 'stages']);
    expect(JSON.parse(run.outputs.personas!)).toEqual(['balanced', hostile]);
    expect(run.exported).toEqual({});
    expect(run.summary).toContain('`evil ::warning::owned ::set-output name=consistent::true ::add-mask::balanced`');
  });
});
