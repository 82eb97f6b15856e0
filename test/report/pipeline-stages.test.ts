// The pure reading and comparison of report-pipeline's `stages` input (src/report/pipeline-stages.ts):
// `${{ toJSON(needs) }}` as GitHub writes it, the persona of each job from its outputs, and the comparison that
// flags a run whose stages used different personas while listing, not comparing, jobs that chose none.
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { comparePipelineStages, parsePipelineStages, type PipelineStage } from '../../src/report/pipeline-stages.js';

/** `toJSON(needs)` of a run: job → outputs (result success unless given). */
function needs(jobs: Record<string, Record<string, string> | { result: string; outputs: Record<string, string> }>): string {
  const entries = Object.entries(jobs).map(([job, v]) => [
    job,
    'result' in v && typeof v.result === 'string' && 'outputs' in v ? v : { result: 'success', outputs: v },
  ]);
  return JSON.stringify(Object.fromEntries(entries), null, 2);
}

/** The problems of a refused input, formatted as the annotations show them. */
function refusal(text: string): string[] {
  try {
    parsePipelineStages(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).diagnostics.map(formatDiagnostic);
  }
  throw new Error('the input was accepted');
}

const pipeline = {
  resolve: { 'persona-id': 'balanced', id: 'balanced', revision: '7', 'correlation-id': 'corr-1', cohort: 'none' },
  build: { 'persona-id': 'balanced', revision: '7', outcome: 'succeeded' },
  test: { 'persona-id': 'balanced', revision: '7' },
  deploy: { 'persona-id': 'balanced', revision: '7', 'deployment-id': '12' },
  watch: { 'persona-id': 'balanced', revision: '7', verdict: 'pass' },
};

describe('parsePipelineStages', () => {
  it('reads every job in the order of needs: result, persona, revision and correlation id', () => {
    const stages = parsePipelineStages(needs(pipeline));
    expect(stages.map((s) => s.job)).toEqual(['resolve', 'build', 'test', 'deploy', 'watch']);
    expect(stages[0]).toEqual({ job: 'resolve', result: 'success', persona: 'balanced', revision: 7, correlation_id: 'corr-1' });
    expect(stages[1]).toEqual({ job: 'build', result: 'success', persona: 'balanced', revision: 7, correlation_id: null });
  });

  it('takes persona-id before id, and id when persona-id is missing or empty', () => {
    const [a, b, c] = parsePipelineStages(needs({ a: { 'persona-id': 'p', id: 'q' }, b: { id: 'q' }, c: { 'persona-id': '', id: 'r' } }));
    expect([a!.persona, b!.persona, c!.persona]).toEqual(['p', 'q', 'r']);
  });

  it('keeps a skipped or failed job without outputs, with no persona, revision or switch', () => {
    const text = JSON.stringify({ build: { result: 'failure', outputs: {} }, deploy: { result: 'skipped' } });
    expect(parsePipelineStages(text)).toEqual([
      { job: 'build', result: 'failure', persona: null, revision: null, correlation_id: null },
      { job: 'deploy', result: 'skipped', persona: null, revision: null, correlation_id: null },
    ]);
  });

  it('reads an empty revision as none and ignores outputs it does not know', () => {
    const [s] = parsePipelineStages(needs({ build: { 'persona-id': 'x', revision: '', explain: '{"a":1}' } }));
    expect(s).toEqual({ job: 'build', result: 'success', persona: 'x', revision: null, correlation_id: null });
  });

  it('accepts an empty needs object: a report with no jobs', () => {
    expect(parsePipelineStages('{}')).toEqual([]);
  });

  it.each([
    ['', /^input "stages": is empty: set it to \$\{\{ toJSON\(needs\) \}\}/],
    ['   \n', /is empty/],
    ['[]', /must be a JSON object of job id → \{ result, outputs \}.*got an array/],
    ['"text"', /got a string/],
    ['null', /got null/],
    ['{"build": ', /^input "stages": is not JSON \(/],
  ])('refuses %j with one error naming the input', (text, message) => {
    expect(refusal(text)).toEqual([expect.stringMatching(message)]);
  });

  it('names the job and output of each bad value, all at once', () => {
    const text = JSON.stringify({
      build: { result: 'success', outputs: { 'persona-id': 'x', revision: 'seven' } },
      test: 'success',
      deploy: { result: 3 },
      watch: { result: 'success', outputs: ['persona-id'] },
      report: { result: 'success', outputs: { 'persona-id': { id: 'x' } } },
    });
    expect(refusal(text)).toEqual([
      'input "stages" build.outputs.revision: job build: output revision must be a state revision (digits) or empty, got "seven"',
      'input "stages" test: job test must be an object { result, outputs }, got a string',
      'input "stages" deploy.result: job deploy: result must be a job result such as success',
      'input "stages" watch.outputs: job watch: outputs must be an object of output name → text, got an array',
      'input "stages" report.outputs.persona-id: job report: output persona-id must be text of at most 1000 characters, got an object',
    ]);
  });

  it('refuses a key that is not a GitHub job id, quoting it', () => {
    expect(refusal(JSON.stringify({ 'build; rm -rf /': { result: 'success' } }))).toEqual([
      expect.stringMatching(/job id "build; rm -rf \/" is not a GitHub job id/),
    ]);
  });
});

describe('comparePipelineStages', () => {
  const stage = (job: string, persona: string | null, result = 'success'): PipelineStage => ({ job, result, persona, revision: null, correlation_id: null });

  it('is consistent when every stage that chose a persona chose the same one', () => {
    const c = comparePipelineStages(parsePipelineStages(needs(pipeline)));
    expect(c.consistent).toBe(true);
    expect(c.personas).toEqual(['balanced']);
    expect(c.stages).toHaveLength(5);
  });

  it('flags different personas, listed once each in stage order', () => {
    const c = comparePipelineStages([stage('resolve', 'balanced'), stage('build', 'balanced'), stage('deploy', 'stability'), stage('watch', 'balanced')]);
    expect(c.consistent).toBe(false);
    expect(c.personas).toEqual(['balanced', 'stability']);
  });

  it('lists but does not compare jobs without a persona', () => {
    const c = comparePipelineStages([stage('resolve', 'balanced'), stage('test', null, 'failure'), stage('deploy', null, 'skipped')]);
    expect(c.consistent).toBe(true);
    expect(c.personas).toEqual(['balanced']);
    expect(c.stages.map((s) => s.job)).toEqual(['resolve', 'test', 'deploy']);
  });

  it('is consistent with no persona at all', () => {
    expect(comparePipelineStages([stage('a', null, 'cancelled')])).toEqual({ stages: [stage('a', null, 'cancelled')], personas: [], consistent: true });
  });
});
