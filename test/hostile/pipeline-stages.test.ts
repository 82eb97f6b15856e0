/**
 * Hostile `stages` inputs of report-pipeline (a hand-over between jobs: `${{ toJSON(needs) }}`, every value an
 * output some job set), in process under runAction (the entry's one catch). Each refused value is one clear error
 * naming the input (and the job and output where there is one), no stack trace, no output and no summary written,
 * in bounded time; legitimate but odd data (persona ids with markdown, HTML, ANSI escapes, workflow commands after a
 * newline, backticks) is accepted and shown escaped, never interpreted.
 */
import { reportPipeline } from '../../src/actions/report-pipeline/main.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { MAX_STAGES, MAX_STAGES_BYTES, parsePipelineStages } from '../../src/report/pipeline-stages.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { runAction } from '../../src/runner/run-action.js';

/** Runs report-pipeline with `stages`; the exit code, the runner and how long it took. */
async function run(stages: string, inputs: Record<string, string> = {}) {
  const r = new MemoryRunner({ stages, ...inputs });
  const started = performance.now();
  const code = await runAction(reportPipeline, r);
  return { code, r, ms: performance.now() - started };
}

/** One clear error matching `message`: exit 1, no stack, nothing written. Returns the formatted error. */
function refused({ code, r }: { code: number; r: MemoryRunner }, message: RegExp): string {
  expect(code).toBe(1);
  const errors = r.logger.entries.filter((e) => e.level === 'error').map((e) => formatDiagnostic({ ...e.where, message: e.message }));
  expect(errors).toEqual([expect.stringMatching(message)]);
  expect(r.logger.entries.some((e) => /\n\s+at |unexpected error/.test(e.message))).toBe(false);
  expect(r.outputs).toEqual({});
  expect(r.summary).toBe('');
  return errors[0]!;
}

/** `toJSON(needs)` of a pipeline whose deploy job reports `id` as its persona and `correlation` as its switch. */
const withDeployPersona = (id: string, correlation = 'corr-1') =>
  JSON.stringify({
    resolve: { result: 'success', outputs: { 'persona-id': 'balanced', revision: '1' } },
    deploy: { result: 'success', outputs: { 'persona-id': id, revision: '2', 'correlation-id': correlation } },
  });

/** The summary's table rows. */
const rows = (md: string) => md.split('\n').filter((l) => l.startsWith('|'));

describe('report-pipeline under hostile stages', () => {
  it('refuses an input over 1 MiB before parsing it, in bounded time', async () => {
    const huge = `{"a":{"result":"success","outputs":{"persona-id":"${'x'.repeat(MAX_STAGES_BYTES)}"}}}`;
    const result = await run(huge);
    refused(result, /^input "stages": is over 1048576 bytes/);
    expect(result.ms).toBeLessThan(500);
  });

  it('counts bytes, not characters: 400,000 three-byte characters are over the cap', async () => {
    refused(await run(JSON.stringify({ a: { result: 'success', outputs: { 'persona-id': '€'.repeat(400_000) } } })), /is over 1048576 bytes/);
  });

  it.each([
    ['not JSON at all', 'balanced'],
    ['YAML', 'resolve:\n  result: success'],
    ['JSON with trailing junk', '{} $(touch owned)'],
    ['a single quote', "{'a': 1}"],
  ])('refuses %s as not JSON', async (_what, text) => {
    refused(await run(text), /^input "stages": is not JSON \(/);
  });

  it('quotes the parser message, so input control characters and newlines never reach the annotation raw', async () => {
    const message = refused(await run('x\u001b[2J\n::warning::owned'), /^input "stages": is not JSON \(/);
    expect([...message].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
    expect(message).toContain('\\u001b');
  });

  it('refuses deeply nested junk at the top without walking it (no stack overflow)', async () => {
    const result = await run('['.repeat(200_000) + ']'.repeat(200_000));
    refused(result, /^input "stages": must be a JSON object .* got an array/);
    expect(result.ms).toBeLessThan(1000);
  });

  it('refuses deeply nested junk in an output without walking it, naming the job and output', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const text = `{"deploy":{"result":"success","outputs":{"persona-id":${deep}}}}`;
    const result = await run(text);
    refused(result, /^input "stages" deploy\.outputs\.persona-id: job deploy: output persona-id must be text .*got an object$/);
    expect(result.ms).toBeLessThan(1000);
  });

  it(`refuses more than ${MAX_STAGES} jobs`, async () => {
    const jobs = Object.fromEntries(Array.from({ length: MAX_STAGES + 1 }, (_, i) => [`job${i}`, { result: 'success' }]));
    refused(await run(JSON.stringify(jobs)), /^input "stages": has 257 jobs; a workflow has at most 256/);
  });

  it('refuses a persona id longer than 1000 characters, located at its output', async () => {
    refused(await run(withDeployPersona('p'.repeat(1001))), /^input "stages" deploy\.outputs\.persona-id: .*at most 1000 characters, got longer text$/);
  });

  it('refuses a job id that is markup, quoted and cut in the message', async () => {
    const message = refused(await run(JSON.stringify({ [`<img src=x onerror=alert(1)>${'y'.repeat(200)}`]: { result: 'success' } })), /is not a GitHub job id/);
    expect(message.length).toBeLessThan(260);
  });

  it('takes __proto__ and constructor keys as plain data, polluting nothing', async () => {
    const text =
      '{"__proto__":{"result":"success","outputs":{"persona-id":"a"}},"constructor":{"result":"success","outputs":{"__proto__":"x","persona-id":"a"}}}';
    expect(parsePipelineStages(text).map((s) => [s.job, s.persona])).toEqual([
      ['__proto__', 'a'],
      ['constructor', 'a'],
    ]);
    expect(({} as Record<string, unknown>).result).toBeUndefined();
  });

  it('shows persona ids with markdown, HTML and ANSI escapes as code, one table row each', async () => {
    const id = '**bold** <script>alert(1)</script> | col \u001b[31mred\u001b]0;title\u0007 [x](javascript:alert(1))';
    const { code, r } = await run(withDeployPersona(id));
    expect(code).toBe(0);
    expect(r.summary).not.toContain('\u001b');
    expect(r.summary).not.toContain('\u0007');
    expect(r.summary).toContain('\\u001b[31mred\\u001b]0;title\\u0007');
    expect(rows(r.summary)).toHaveLength(4);
    const deployRow = rows(r.summary).find((l) => l.startsWith('| `deploy`'))!;
    expect(deployRow).toBe(
      `| \`deploy\` | \`success\` | \`**bold** <script>alert(1)</script> \\| col \\u001b[31mred\\u001b]0;title\\u0007 [x](javascript:alert(1))\` | 2 | \`corr-1\` |`,
    );
    // Outside code spans, the summary holds no markup: every `<` is inside a span.
    expect(r.summary.replace(/`[^`]*`/g, '')).not.toMatch(/<|\*\*bold/);
  });

  it('shows a newline followed by workflow commands on one line, in the summary and in the warning', async () => {
    const id = 'evil\n::warning::owned\n::stop-commands::tok\n::set-env name=X::y';
    const { code, r } = await run(withDeployPersona(id));
    expect(code).toBe(0);
    const warnings = r.logger.entries.filter((e) => e.level === 'warning').map((e) => e.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain('\n');
    // Quoted: JSON escapes, cut to 60 characters.
    expect(warnings[0]).toContain('deploy "evil\\n::warning::owned\\n::stop-commands::tok\\n::set-env name=X…")');
    expect(r.summary.split('\n').some((l) => l.startsWith('::'))).toBe(false);
    expect(r.summary).toContain('`evil ::warning::owned ::stop-commands::tok ::set-env name=X::y`');
    expect(JSON.parse(r.outputs.personas!)).toEqual(['balanced', id]);
    expect(r.exported).toEqual({});
  });

  it('shows a correlation id full of backticks as one code span with a longer fence', async () => {
    const { code, r } = await run(withDeployPersona('stability', 'a`b``c $(id)'));
    expect(code).toBe(0);
    expect(r.summary).toContain('| ``` a`b``c $(id) ``` |');
  });

  it('refuses a GITHUB_OUTPUT heredoc delimiter trick in a revision, located at its output', async () => {
    const text = JSON.stringify({ deploy: { result: 'success', outputs: { 'persona-id': 'x', revision: '7\nghadelimiter_1\nconsistent=true' } } });
    refused(
      await run(text),
      /^input "stages" deploy\.outputs\.revision: .*must be a state revision \(digits\) or empty, got "7\\nghadelimiter_1\\nconsistent=true"$/,
    );
  });
});
