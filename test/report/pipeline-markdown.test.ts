// report-pipeline's job summary (src/report/pipeline-markdown.ts): one table row per job, the sentence that explains
// a mismatch only when there is one, jobs without a persona listed, and the one-line warning text.
import { MISMATCH_SENTENCE, mismatchMessage, pipelineMarkdown } from '../../src/report/pipeline-markdown.js';
import { comparePipelineStages, type PipelineStage } from '../../src/report/pipeline-stages.js';

const stage = (job: string, persona: string | null, more: Partial<PipelineStage> = {}): PipelineStage => ({
  job,
  result: 'success',
  persona,
  revision: null,
  correlation_id: null,
  ...more,
});

/** The table rows (lines starting with `|`, header and rule dropped). */
const rows = (md: string) =>
  md
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2);

describe('pipelineMarkdown', () => {
  it('shows one row per job: job, result, persona, revision, switch', () => {
    const md = pipelineMarkdown(
      comparePipelineStages([stage('resolve', 'balanced', { revision: 7, correlation_id: 'corr-1' }), stage('build', 'balanced', { revision: 7 })]),
    );
    expect(md).toMatch(/^## Pipeline personas: every stage used `balanced`\n/);
    expect(md).toContain('| job | result | persona | revision | switch |');
    expect(rows(md)).toEqual(['| `resolve` | `success` | `balanced` | 7 | `corr-1` |', '| `build` | `success` | `balanced` | 7 | — |']);
    expect(md).not.toContain(MISMATCH_SENTENCE);
  });

  it('explains a mismatch in a plain sentence and lists the personas in stage order', () => {
    const md = pipelineMarkdown(
      comparePipelineStages([stage('build', 'balanced', { revision: 3 }), stage('deploy', 'stability', { revision: 4, correlation_id: 'c-9' })]),
    );
    expect(md).toMatch(/^## Pipeline personas: 2 different personas\n/);
    expect(md).toContain(`**${MISMATCH_SENTENCE}.**`);
    expect(md).toContain('stages used different personas: a runtime switch took effect mid-run (stages re-read the state store unless `pin: true`)');
    expect(md).toContain('Personas in stage order: `balanced` → `stability`.');
    expect(rows(md)[1]).toBe('| `deploy` | `success` | `stability` | 4 | `c-9` |');
  });

  it('lists jobs without a persona and says they are not compared', () => {
    const md = pipelineMarkdown(
      comparePipelineStages([stage('build', 'balanced'), stage('test', null, { result: 'failure' }), stage('deploy', null, { result: 'skipped' })]),
    );
    expect(md).toMatch(/every stage used `balanced`/);
    expect(rows(md)).toEqual([
      '| `build` | `success` | `balanced` | — | — |',
      '| `test` | `failure` | — (none chosen) | — | — |',
      '| `deploy` | `skipped` | — (none chosen) | — | — |',
    ]);
    expect(md).toContain('Jobs without a persona (skipped, or failed before choosing one) are listed but not compared.');
  });

  it('says when no stage chose a persona', () => {
    expect(pipelineMarkdown(comparePipelineStages([stage('resolve', null, { result: 'cancelled' })]))).toMatch(
      /^## Pipeline personas: no stage chose a persona/,
    );
  });
});

describe('mismatchMessage', () => {
  it('names each job that chose a persona with its id quoted, on one line', () => {
    const c = comparePipelineStages([stage('build', 'balanced'), stage('test', null), stage('deploy', 'x\n::warning::owned')]);
    const message = mismatchMessage(c);
    expect(message).toBe(`${MISMATCH_SENTENCE} (build "balanced", deploy "x\\n::warning::owned")`);
    expect(message).not.toContain('\n');
  });
});
