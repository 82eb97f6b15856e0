// report-pipeline (src/actions/report-pipeline/main.ts) over the in-memory runner, under runAction as its entry runs
// it: the outputs and the summary of a consistent run, a mismatch as a warning (`on-mismatch: warn`) or as one clear
// error with the outputs and summary still written (`fail`), and a bad `stages` input refused with nothing written.
import { Outputs } from '../../src/actions/report-pipeline/constants.js';
import { readSettings } from '../../src/actions/report-pipeline/inputs.js';
import { reportPipeline } from '../../src/actions/report-pipeline/main.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { MISMATCH_SENTENCE } from '../../src/report/pipeline-markdown.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { runAction } from '../../src/runner/run-action.js';

/** `toJSON(needs)` of the shipped pipeline's five jobs; `deploy` and `watch` switched to `switched` when `switchedAt` says so. */
function needs(options: { switched?: boolean; failedTest?: boolean } = {}): string {
  const later = options.switched ? { 'persona-id': 'stability', revision: '8' } : { 'persona-id': 'balanced', revision: '7' };
  return JSON.stringify({
    resolve: {
      result: 'success',
      outputs: { persona: '{"schema_version":"1.1"}', 'persona-id': 'balanced', revision: '7', 'correlation-id': 'corr-7', cohort: 'none' },
    },
    build: { result: 'success', outputs: { 'persona-id': 'balanced', revision: '7', outcome: 'succeeded', 'test-matrix': '{"include":[]}' } },
    test: options.failedTest ? { result: 'failure', outputs: {} } : { result: 'success', outputs: { 'persona-id': 'balanced', revision: '7' } },
    deploy: { result: 'success', outputs: { ...later, 'deployment-id': '', strategy: 'rolling', outcome: 'skipped' } },
    watch: { result: 'success', outputs: { ...later, verdict: 'pass', score: '100', switches: '[]' } },
  });
}

/** Runs the action as its entry does: the exit code, the runner, the error and warning annotations. */
async function report(inputs: Record<string, string>) {
  const r = new MemoryRunner(inputs);
  const code = await runAction(reportPipeline, r);
  const of = (level: string) => r.logger.entries.filter((e) => e.level === level).map((e) => formatDiagnostic({ ...e.where, message: e.message }));
  return { code, r, errors: of('error'), warnings: of('warning') };
}

describe('report-pipeline', () => {
  it('reports a consistent run: outputs, a summary row per job, no annotation', async () => {
    const { code, r, errors, warnings } = await report({ stages: needs() });
    expect([code, errors, warnings]).toEqual([0, [], []]);
    expect(r.outputs[Outputs.Consistent]).toBe('true');
    expect(JSON.parse(r.outputs[Outputs.Personas]!)).toEqual(['balanced']);
    const stages = JSON.parse(r.outputs[Outputs.Stages]!) as Array<Record<string, unknown>>;
    expect(stages.map((s) => s.job)).toEqual(['resolve', 'build', 'test', 'deploy', 'watch']);
    expect(stages[0]).toEqual({ job: 'resolve', result: 'success', persona: 'balanced', revision: 7, correlation_id: 'corr-7' });
    expect(r.summary).toMatch(/^## Pipeline personas: every stage used `balanced`/);
    expect(r.summary).toContain('| `resolve` | `success` | `balanced` | 7 | `corr-7` |');
    expect(r.summary).not.toContain(MISMATCH_SENTENCE);
  });

  it('warns on a run whose stages used different personas, and the step passes', async () => {
    const { code, r, errors, warnings } = await report({ stages: needs({ switched: true }) });
    expect([code, errors]).toEqual([0, []]);
    expect(warnings).toEqual([`${MISMATCH_SENTENCE} (resolve "balanced", build "balanced", test "balanced", deploy "stability", watch "stability")`]);
    expect(r.outputs[Outputs.Consistent]).toBe('false');
    expect(JSON.parse(r.outputs[Outputs.Personas]!)).toEqual(['balanced', 'stability']);
    expect(r.summary).toContain(MISMATCH_SENTENCE);
    expect(r.summary).toContain('| `deploy` | `success` | `stability` | 8 | — |');
  });

  it('with on-mismatch: fail, exits 1 with one clear error after writing the outputs and the summary', async () => {
    const { code, r, errors, warnings } = await report({ stages: needs({ switched: true }), 'on-mismatch': 'fail' });
    expect(code).toBe(1);
    expect(errors).toEqual([expect.stringMatching(/^stages used different personas: .*deploy "stability".*; on-mismatch is fail$/)]);
    expect(errors[0]).not.toMatch(/\n\s+at /);
    expect(warnings).toEqual([]);
    expect(r.outputs[Outputs.Consistent]).toBe('false');
    expect(r.summary).toContain(MISMATCH_SENTENCE);
  });

  it('lists a failed job without a persona but does not compare it', async () => {
    const { code, r, warnings } = await report({ stages: needs({ failedTest: true }), 'on-mismatch': 'fail' });
    expect([code, warnings]).toEqual([0, []]);
    expect(r.outputs[Outputs.Consistent]).toBe('true');
    expect(r.summary).toContain('| `test` | `failure` | — (none chosen) | — | — |');
  });

  it.each([
    [{}, /^input "stages": is empty/],
    [{ stages: '[1,2]' }, /^input "stages": must be a JSON object .*got an array/],
    [{ stages: needs(), 'on-mismatch': 'ignore' }, /^input "on-mismatch": expected one of warn, fail, got "ignore"/],
  ])('refuses %j with one error and writes nothing', async (inputs, message) => {
    const { code, r, errors } = await report(inputs as Record<string, string>);
    expect(code).toBe(1);
    expect(errors).toEqual([expect.stringMatching(message)]);
    expect(r.outputs).toEqual({});
    expect(r.summary).toBe('');
  });

  it('reads the defaults of action.yml as warn', () => {
    expect(readSettings(new MemoryRunner({ stages: '{}' }))).toEqual({ stages: '{}', onMismatch: 'warn' });
  });
});
