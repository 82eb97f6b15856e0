import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import type { SimulationEvent } from '../../src/simulate/job-state.js';
import { jobOrder, simulateRun, unsupportedIn } from '../../src/simulate/simulate-run.js';
import { simulationFixture } from '../support/simulation-fixture.js';
import type { SimulationOptions } from '../../src/simulate/simulation-options.js';
import { readWorkflow } from '../../src/simulate/workflow-file.js';

let root: string;
let events: SimulationEvent[];
let options: SimulationOptions;

beforeEach(() => {
  events = [];
  ({ root, options } = simulationFixture('job-runner-', { onEvent: (e) => events.push(e) }));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes `content` to a temp workflow file and reads it as the simulator does. */
async function workflowOf(content: string) {
  const file = path.join(root, 'w.yml');
  writeFileSync(file, content);
  return readWorkflow(file, readFileSync(file, 'utf8'));
}

const ws = (name: string) => path.join(options.workspace, name);
const jobEvents = () => events.filter((e) => e.type === 'job').map((e) => `${e.job}:${e.status}`);
const stepEvents = (status: string) => events.filter((e) => e.type === 'step' && e.status === status).map((e) => (e as { step: string }).step);

const FLOW = `name: flow
on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      value: \${{ steps.set.outputs.value }}
      list: \${{ steps.set.outputs.list }}
    steps:
      - id: set
        name: set outputs
        run: |
          echo "value=hello=world" >> "$GITHUB_OUTPUT"
          echo 'list={"x":["one","two"]}' >> "$GITHUB_OUTPUT"
      - name: only on failure
        if: failure()
        run: touch "$GITHUB_WORKSPACE/never.txt"
  b:
    needs: a
    runs-on: ubuntu-latest
    strategy:
      matrix: \${{ fromJSON(needs.a.outputs.list) }}
    steps:
      - name: echo matrix
        env:
          X: \${{ matrix.x }}
          V: \${{ needs.a.outputs.value }}
        run: echo "$X $V" > "$GITHUB_WORKSPACE/b-$X.txt"
`;

describe('simulateRun', () => {
  it('passes job outputs to needs, expands a fromJSON matrix and skips failure() steps', async () => {
    const run = await simulateRun(await workflowOf(FLOW), options, {});
    expect(run.conclusion).toBe('success');
    expect(run.jobs.a).toMatchObject({ result: 'success', outputs: { value: 'hello=world', list: '{"x":["one","two"]}' } });
    expect(run.jobs.b!.result).toBe('success');
    expect(run.jobs.b!.runs.map((r) => r.contexts.matrix)).toEqual([{ x: 'one' }, { x: 'two' }]);
    expect(readFileSync(ws('b-one.txt'), 'utf8')).toBe('one hello=world\n');
    expect(readFileSync(ws('b-two.txt'), 'utf8')).toBe('two hello=world\n');
    expect(existsSync(ws('never.txt'))).toBe(false);
    expect(stepEvents('skipped')).toEqual(['only on failure']);
    expect(run.jobs.a!.runs[0]!.steps.set).toMatchObject({ outcome: 'success', outputs: { value: 'hello=world' } });
  });

  it('reports events in order: run, each job started then finished, end', async () => {
    await simulateRun(await workflowOf(FLOW), options, {});
    expect(events[0]).toMatchObject({ type: 'run', event: 'workflow_dispatch' });
    expect(events[events.length - 1]).toMatchObject({ type: 'end', conclusion: 'success' });
    expect(jobEvents()).toEqual(['a:started', 'a:success', 'b (one):started', 'b (two):started', 'b:success']);
    const aStarted = events.findIndex((e) => e.type === 'job' && e.status === 'started');
    const firstStep = events.findIndex((e) => e.type === 'step');
    expect(aStarted).toBeLessThan(firstStep);
  });

  it('fails the job on a failing step, runs only always() steps after it, and skips dependents', async () => {
    const content = `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - name: boom
        run: exit 3
      - name: after
        run: touch "$GITHUB_WORKSPACE/after.txt"
      - name: cleanup
        if: always()
        run: touch "$GITHUB_WORKSPACE/cleanup.txt"
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: touch "$GITHUB_WORKSPACE/b.txt"
  report:
    needs: [a, b]
    if: always()
    runs-on: ubuntu-latest
    steps:
      - env:
          RESULTS: \${{ needs.a.result }}-\${{ needs.b.result }}
        run: echo "$RESULTS" > "$GITHUB_WORKSPACE/report.txt"
`;
    const run = await simulateRun(await workflowOf(content), options, {});
    expect(run.conclusion).toBe('failure');
    expect(run.jobs.a!.result).toBe('failure');
    expect(run.jobs.b!.result).toBe('skipped');
    expect(stepEvents('failure')).toEqual(['boom']);
    expect(stepEvents('skipped')).toEqual(['after']);
    expect(existsSync(ws('cleanup.txt'))).toBe(true);
    expect(existsSync(ws('after.txt'))).toBe(false);
    expect(existsSync(ws('b.txt'))).toBe(false);
    expect(readFileSync(ws('report.txt'), 'utf8')).toBe('failure-skipped\n');
    expect(events.find((e) => e.type === 'job' && e.job === 'b')).toMatchObject({ status: 'skipped' });
    expect(events[events.length - 1]).toMatchObject({ type: 'end', conclusion: 'failure' });
  });

  it('keeps the job green with continue-on-error, the step outcome still failure', async () => {
    const content = `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: flaky
        continue-on-error: true
        run: exit 1
      - env:
          OUTCOME: \${{ steps.flaky.outcome }}/\${{ steps.flaky.conclusion }}
        run: echo "$OUTCOME" > "$GITHUB_WORKSPACE/outcome.txt"
`;
    const run = await simulateRun(await workflowOf(content), options, {});
    expect(run.conclusion).toBe('success');
    expect(run.jobs.a!.result).toBe('success');
    expect(readFileSync(ws('outcome.txt'), 'utf8')).toBe('failure/success\n');
  });

  it('exports GITHUB_ENV to later steps and keeps inputs and vars apart', async () => {
    const content = `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      FROM_JOB: \${{ inputs.persona || vars.PERSONA || 'balanced' }}
    steps:
      - run: echo "EXPORTED=yes" >> "$GITHUB_ENV"
      - run: echo "$FROM_JOB $EXPORTED" > "$GITHUB_WORKSPACE/env.txt"
`;
    options.vars = { PERSONA: 'cautious' };
    await simulateRun(await workflowOf(content), options, { persona: '' });
    expect(readFileSync(ws('env.txt'), 'utf8')).toBe('cautious yes\n');
  });

  it('reports an action it cannot run, with its line, before running anything', async () => {
    const content = `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: touch "$GITHUB_WORKSPACE/ran.txt"
      - uses: some/action@v1
`;
    const workflow = await workflowOf(content);
    const problems = unsupportedIn(workflow, options);
    expect(problems).toBeInstanceOf(ConfigurationError);
    expect(problems!.diagnostics).toEqual([
      expect.objectContaining({ file: workflow.file, line: 7, message: expect.stringMatching(/^uses: some\/action@v1 is not simulated/) }),
    ]);
    await expect(simulateRun(workflow, options, {})).rejects.toThrow(/some\/action@v1 is not simulated/);
    expect(events).toEqual([]);
    expect(existsSync(ws('ran.txt'))).toBe(false);
  });

  it('has nothing unsupported in a workflow it models', async () => {
    expect(unsupportedIn(await workflowOf(FLOW), options)).toBeUndefined();
  });
});

describe('jobOrder', () => {
  it('puts each job after the jobs it needs, whatever the file order', async () => {
    const content = `on: push
jobs:
  c:
    needs: [a, b]
    runs-on: ubuntu-latest
    steps: [{ run: 'true' }]
  b:
    needs: a
    runs-on: ubuntu-latest
    steps: [{ run: 'true' }]
  a:
    runs-on: ubuntu-latest
    steps: [{ run: 'true' }]
`;
    expect(jobOrder(await workflowOf(content))).toEqual(['a', 'b', 'c']);
  });
});

describe('post steps', () => {
  const CACHED = (key: string) => `on: workflow_dispatch
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - id: cache
        uses: actions/cache@v4
        with:
          key: ${key}
          path: out
      - name: build
        env:
          HIT: \${{ steps.cache.outputs.cache-hit }}
        run: mkdir -p out && echo "hit=$HIT" >> out/log.txt
`;

  it('run after the steps, as steps of their own: actions/cache saves on a miss and the next run restores it', async () => {
    const first = await simulateRun(await workflowOf(CACHED('deps-1')), options, {});
    expect(first.conclusion).toBe('success');
    expect(events.flatMap((e) => (e.type === 'step' && e.status !== 'started' ? [`${e.step}:${e.status}`] : []))).toEqual([
      'Run actions/cache@v4:success',
      'build:success',
      'Post Run actions/cache@v4:success',
    ]);
    expect(readFileSync(path.join(options.cacheDir, 'deps-1', '0', 'log.txt'), 'utf8')).toBe('hit=false\n');

    rmSync(ws('out'), { recursive: true, force: true });
    await simulateRun(await workflowOf(CACHED('deps-1')), options, {});
    expect(readFileSync(ws('out/log.txt'), 'utf8')).toBe('hit=false\nhit=true\n');
  });

  it('a cache that cannot be written is a warning, as with the real action: the job stays green', async () => {
    const workflow = await workflowOf(CACHED('deps-2'));
    writeFileSync(options.cacheDir, 'not a folder');
    const run = await simulateRun(workflow, options, {});
    expect(run.jobs.build!.result).toBe('success');
    const warnings = events.filter((e) => e.type === 'annotation' && e.level === 'warning').map((e) => (e as { message: string }).message);
    expect(warnings).toEqual([expect.stringMatching(/^Failed to restore: /), expect.stringMatching(/^Failed to save: /)]);
  });

  it("a node action's failing post step fails the job, with its error", async () => {
    mkdirSync(ws('post-fails'));
    writeFileSync(ws('post-fails/action.yml'), 'name: p\nruns:\n  using: node24\n  main: main.js\n  post: post.js\n');
    writeFileSync(ws('post-fails/main.js'), 'process.exit(0);\n');
    writeFileSync(ws('post-fails/post.js'), 'console.log("::error::post failed"); process.exit(1);\n');
    const workflow = await workflowOf('on: workflow_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./post-fails\n');
    const run = await simulateRun(workflow, options, {});
    expect(run.jobs.a!.result).toBe('failure');
    expect(stepEvents('success')).toEqual(['Run ./post-fails']);
    expect(stepEvents('failure')).toEqual(['Post Run ./post-fails']);
    expect(events).toContainEqual(expect.objectContaining({ type: 'annotation', step: 'Post Run ./post-fails', level: 'error', message: 'post failed' }));
  });
});
