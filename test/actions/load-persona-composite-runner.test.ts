// The harness load-persona's end-to-end test runs on (test/support/composite-runner.ts, workflow-expressions.ts and
// download-artifact-stand-in.ts): expressions with GitHub's semantics and loud refusals, runner files per step, the
// status functions, and the download stand-in failing like the real action.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { runComposite, setOutputCommands, type CompositeRunOptions, type StandInResult } from '../support/composite-runner.js';
import { artifactFolder, downloadArtifactStandIn } from '../support/download-artifact-stand-in.js';
import { condition, evaluate, interpolate, type ExpressionScope } from '../support/workflow-expressions.js';

const scope: ExpressionScope = {
  contexts: { inputs: { name: 'persona', empty: '' }, steps: { check: { outputs: { dir: '/t/x' } } }, github: { run_id: '100', repository: 'Octo/App' } },
  strict: ['inputs', 'steps'],
};
const ev = (expression: string, s: ExpressionScope = scope) => evaluate(expression, s);

describe('workflow expressions', () => {
  it('reads contexts case-insensitively, yields operands from || and &&, and compares loosely', () => {
    expect(ev('inputs.empty || github.run_id')).toBe('100');
    expect(ev("inputs.name && 'yes'")).toBe('yes');
    expect(ev("inputs.empty && 'yes'")).toBe('');
    expect(ev("github.repository == 'octo/app'")).toBe(true);
    expect(ev("inputs.empty != ''")).toBe(false);
    expect(ev("github.run_id == 100 && !(inputs.name == 'x')")).toBe(true);
    expect(ev('steps.check.outputs.missing')).toBe(null);
    expect(ev("'it''s'")).toBe("it's");
    expect(ev('null == 0')).toBe(true);
  });

  it('refuses what it does not model, and typos in inputs and steps', () => {
    for (const bad of [
      "inputs['name']",
      'github.run_id > 1',
      "format('{0}', inputs.name)",
      'secrets.TOKEN',
      'inputs.nmae',
      'steps.chekc.outputs.dir',
      'inputs.name ||',
    ])
      expect(() => ev(bad)).toThrow(/expression/);
  });

  it('interpolates templates, with }} inside a string literal, and wraps conditions in success()', () => {
    expect(interpolate("a ${{ inputs.name }} b ${{ '}}' }} c ${{ github.run_id == '100' }}", scope)).toBe('a persona b }} c true');
    expect(() => interpolate('${{ inputs.name', scope)).toThrow(/unclosed/);
    expect(condition("${{ inputs.name == 'persona' }}", { ...scope, failed: true })).toBe(false);
    expect(condition('always()', { ...scope, failed: true })).toBe(true);
    expect(condition('failure()', { ...scope, failed: true })).toBe(true);
    expect(condition('success()', scope)).toBe(true);
  });
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'composite-runner-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a composite action.yml with `steps`, `inputs` and `outputs` into a fresh folder and runs it. */
function compose(action: { inputs?: object; outputs?: object; steps: object[] }, options: CompositeRunOptions = {}) {
  const folder = mkdtempSync(path.join(dir, 'action-'));
  writeFileSync(
    path.join(folder, 'action.yml'),
    stringify({ name: 't', inputs: action.inputs ?? {}, outputs: action.outputs ?? {}, runs: { using: 'composite', steps: action.steps } }),
  );
  return runComposite(folder, { runnerTemp: path.join(dir, 'temp'), workspace: path.join(dir, 'ws'), ...options }).then((run) => ({ run, folder }));
}

describe('runComposite', () => {
  it('runs bash steps with the runner files: heredoc outputs, GITHUB_ENV and GITHUB_PATH for later steps, the action path, evaluated defaults', async () => {
    const { run, folder } = await compose(
      {
        inputs: { repo: { default: '${{ github.repository }}' }, who: { default: 'x' } },
        outputs: { text: { value: '${{ steps.one.outputs.text }}' }, seen: { value: '${{ steps.two.outputs.seen }}' } },
        steps: [
          {
            id: 'one',
            shell: 'bash',
            env: { REPO: '${{ inputs.repo }}' },
            run: 'printf "text<<EOF\\nline 1\\nline 2 $REPO\\nEOF\\n" >> "$GITHUB_OUTPUT"\necho "ADDED=yes" >> "$GITHUB_ENV"\nmkdir -p bin && printf "#!/bin/sh\\necho tool\\n" > bin/tool && chmod +x bin/tool && echo "$PWD/bin" >> "$GITHUB_PATH"',
          },
          {
            id: 'two',
            shell: 'bash',
            env: { FROM_ENV: '${{ env.ADDED }}' },
            run: 'echo "seen=$ADDED $FROM_ENV $(tool) $GITHUB_ACTION_PATH ${{ inputs.who }}" >> "$GITHUB_OUTPUT"',
          },
        ],
      },
      { github: { repository: 'o/r' } },
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ text: 'line 1\nline 2 o/r', seen: `yes yes tool ${folder} x` });
    expect(run.exported).toEqual({ ADDED: 'yes' });
  });

  it('skips after a failure except for failure() and always() steps, and honours continue-on-error', async () => {
    const step = (id: string, extra: object = {}) => ({ id, shell: 'bash', run: `echo "${id}=ran" >> "$GITHUB_OUTPUT"`, ...extra });
    const { run } = await compose({
      steps: [
        step('soft', { run: 'exit 3', 'continue-on-error': true }),
        step('after-soft'),
        { id: 'hard', shell: 'bash', run: 'false; echo not reached' },
        step('normal'),
        step('on-failure', { if: 'failure()' }),
        step('anyway', { if: "${{ always() && steps.hard.outcome == 'failure' }}" }),
      ],
    });
    expect(run.code).toBe(1);
    expect(run.steps.map((s) => `${s.id}:${s.outcome}`)).toEqual([
      'soft:failure',
      'after-soft:success',
      'hard:failure',
      'normal:skipped',
      'on-failure:success',
      'anyway:success',
    ]);
    expect(run.stdout).not.toContain('not reached');
  });

  it('honours ::set-output except between ::stop-commands:: and its token', () => {
    expect(setOutputCommands('::set-output name=a::1%0A2\n::stop-commands::tok\n::set-output name=b::x\n::tok::\n::set-output name=c::3')).toEqual({
      a: '1\n2',
      c: '3',
    });
  });

  it('refuses undeclared inputs, other shells, unknown keys and uses: without a stand-in', async () => {
    await expect(compose({ steps: [{ shell: 'bash', run: 'true' }] }, { inputs: { nope: 'x' } })).rejects.toThrow(/not declared by the action: nope/);
    await expect(compose({ steps: [{ shell: 'sh', run: 'true' }] })).rejects.toThrow(/shell "sh" is not modelled/);
    await expect(compose({ steps: [{ shell: 'bash', run: 'true', timeout: 1 }] })).rejects.toThrow(/keys this harness does not model: timeout/);
    await expect(compose({ steps: [{ uses: 'actions/cache@v4' }] })).rejects.toThrow(/no stand-in for actions\/cache/);
  });
});

describe('downloadArtifactStandIn', () => {
  const download = (root: string, values: Record<string, string>) => {
    const call = { with: values, ref: 'v8', github: {}, runnerTemp: dir, workspace: path.join(dir, 'ws') };
    return downloadArtifactStandIn(root)(call) as StandInResult;
  };

  it('copies this run’s artifact into path (links as links), or another run’s with a token', () => {
    const root = path.join(dir, 'root');
    mkdirSync(artifactFolder(root, 'a'), { recursive: true });
    writeFileSync(path.join(artifactFolder(root, 'a'), 'f.txt'), 'current');
    symlinkSync('/etc/passwd', path.join(artifactFolder(root, 'a'), 'link'));
    mkdirSync(artifactFolder(root, 'a', '7'), { recursive: true });
    writeFileSync(path.join(artifactFolder(root, 'a', '7'), 'f.txt'), 'run 7');
    expect(download(root, { name: 'a', path: path.join(dir, 'out1'), 'run-id': '7' })).toMatchObject({ code: 0 });
    expect(readFileSync(path.join(dir, 'out1/f.txt'), 'utf8')).toBe('current');
    expect(lstatSync(path.join(dir, 'out1/link')).isSymbolicLink()).toBe(true);
    expect(download(root, { name: 'a', path: path.join(dir, 'out2'), 'run-id': '7', 'github-token': 't', repository: 'o/r' })).toMatchObject({ code: 0 });
    expect(readFileSync(path.join(dir, 'out2/f.txt'), 'utf8')).toBe('run 7');
  });

  it('fails as the real action does: a missing artifact, a name it never stores, a bad run id or repository with a token', () => {
    const root = path.join(dir, 'root');
    expect(download(root, { name: 'a', path: dir })).toEqual({ code: 1, stdout: "::error::Unable to download artifact(s): Artifact 'a' not found\n" });
    expect(download(root, { name: '../a\nb', path: dir }).stdout).toBe("::error::Unable to download artifact(s): Artifact '../a%0Ab' not found\n");
    expect(download(root, { name: 'a', 'github-token': 't', repository: 'o/r', 'run-id': '' })).toMatchObject({ code: 1 });
    expect(download(root, { name: 'a', 'github-token': 't', repository: 'nope', 'run-id': '1' }).stdout).toContain('Invalid repository');
    expect(existsSync(path.join(dir, 'ws'))).toBe(false);
  });
});
