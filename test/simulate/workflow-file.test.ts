import { readFileSync } from 'node:fs';
import { isString } from '@actions/workflow-parser';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { evaluateStrings } from '../../src/simulate/expressions.js';
import { rawChild, readWorkflow, workflowSteps } from '../../src/simulate/workflow-file.js';

const SMALL = `name: small
on: workflow_dispatch
jobs:
  first:
    runs-on: ubuntu-latest
    outputs:
      value: \${{ steps.one.outputs.value }}
    steps:
      - id: one
        run: echo "value=1" >> "$GITHUB_OUTPUT"
      - uses: actions/upload-artifact@v5
        with:
          name: persona
          path: \${{ runner.temp }}/persona
  second:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
        working-directory: sub
`;

const scope = { contexts: { runner: { temp: '/tmp/r' } }, failed: false };

describe('readWorkflow', () => {
  it('reads jobs in file order with their needs, steps and raw `with:`', async () => {
    const workflow = await readWorkflow('small.yml', SMALL);
    expect(workflow.file).toBe('small.yml');
    expect(workflow.jobs.map((j) => j.id.value)).toEqual(['first', 'second']);
    expect(workflow.jobs[1]!.needs?.map((n) => n.value)).toEqual(['first']);
    expect(workflow.jobs[0]!.needs ?? []).toEqual([]);
    const steps = workflowSteps(workflow, workflow.jobs[0]!);
    expect(steps).toHaveLength(2);
    expect(steps[0]!.step.id).toBe('one');
    expect('uses' in steps[1]!.step && steps[1]!.step.uses.value).toBe('actions/upload-artifact@v5');
    expect(evaluateStrings(rawChild(steps[1]!.raw, 'with'), scope)).toEqual({ name: 'persona', path: '/tmp/r/persona' });
    const workingDirectory = rawChild(workflowSteps(workflow, workflow.jobs[1]!)[0]!.raw, 'working-directory');
    expect(workingDirectory && isString(workingDirectory) && workingDirectory.value).toBe('sub');
    expect(workflow.unsupported).toEqual([]);
  });

  it('gives rawChild undefined for a missing key or a non-mapping', async () => {
    const workflow = await readWorkflow('small.yml', SMALL);
    const [step] = workflowSteps(workflow, workflow.jobs[0]!);
    expect(rawChild(step!.raw, 'with')).toBeUndefined();
    expect(rawChild(undefined, 'with')).toBeUndefined();
  });

  it('reports a schema error as a ConfigurationError with the file and line', async () => {
    const bad = SMALL.replace('    needs: first\n', '    needs: first\n    bogus-key: 1\n');
    let caught: unknown;
    try {
      await readWorkflow('bad.yml', bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    const [diagnostic] = (caught as ConfigurationError).diagnostics;
    expect(diagnostic).toMatchObject({ file: 'bad.yml', line: 17 });
    expect(diagnostic!.message).toMatch(/bogus-key/);
  });

  it('reports an unknown job in needs as a located error', async () => {
    const bad = SMALL.replace('needs: first', 'needs: nosuch');
    await expect(readWorkflow('bad.yml', bad)).rejects.toThrow(/nosuch/);
  });

  it('lists the features it does not simulate, each with its line', async () => {
    const content = `on: push
jobs:
  svc:
    runs-on: ubuntu-latest
    services:
      db:
        image: postgres
    steps:
      - run: echo hi
  box:
    runs-on: ubuntu-latest
    container: node:24
    steps:
      - run: echo hi
  call:
    uses: acme/other/.github/workflows/w.yml@v1
`;
    const workflow = await readWorkflow('u.yml', content);
    expect(workflow.jobs.map((j) => j.id.value)).toEqual(['svc', 'box']);
    expect(workflow.unsupported).toEqual(
      expect.arrayContaining([
        { file: 'u.yml', line: 5, message: 'job svc: `services` is not simulated' },
        { file: 'u.yml', line: 12, message: 'job box: `container` is not simulated' },
        expect.objectContaining({ file: 'u.yml', line: 15, message: expect.stringMatching(/job call: calling a reusable workflow/) }),
      ]),
    );
    expect(workflow.unsupported).toHaveLength(3);
  });

  it('models every step key the schema allows, and rejects an unknown step key with its line', async () => {
    const modelled = SMALL.replace(
      '      - run: echo hi\n',
      '      - run: echo hi\n        shell: bash\n        timeout-minutes: 1\n        continue-on-error: true\n',
    );
    expect((await readWorkflow('ok.yml', modelled)).unsupported).toEqual([]);
    const unknown = SMALL.replace('      - run: echo hi\n', '      - run: echo hi\n        retries: 3\n');
    // the parser locates a step that fits no step schema at the step itself
    const error = await readWorkflow('step.yml', unknown).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).diagnostics[0]).toMatchObject({ file: 'step.yml', line: 20, message: expect.stringMatching(/retries/) });
  });

  it('reads the shipped pipeline workflow with nothing unsupported', async () => {
    const file = 'examples/workflows/persona-pipeline.yml';
    const workflow = await readWorkflow(file, readFileSync(file, 'utf8'));
    expect(workflow.unsupported).toEqual([]);
    expect(workflow.jobs.map((j) => j.id.value)).toEqual(['resolve', 'build', 'test', 'deploy', 'watch', 'report']);
  });
});
