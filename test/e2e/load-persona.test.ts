// actions/load-persona, the composite action, run step by step as the runner runs it (test/support/composite-runner.ts):
// its bash steps for real, actions/download-artifact replaced by a local stand-in, and the reader as the committed
// dist/load-persona/index.js. The hand-over comes from resolve-persona's committed dist; a later adapt-test step of
// the same "job" (same RUNNER_TEMP) finds it with no `persona` input.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PersonaOutputs } from '../../src/handover/persona-outputs.js';
import { runComposite, type CompositeRun, type CompositeRunOptions } from '../support/composite-runner.js';
import { artifactFolder, downloadArtifactStandIn } from '../support/download-artifact-stand-in.js';
import { ROOT, runDist, type DistRun } from '../support/run-dist.js';

const ACTION_DIR = path.join(ROOT, 'actions/load-persona');
const READER = path.join(ROOT, 'dist/load-persona/index.js');
const PERSONA_KEYS = Object.values(PersonaOutputs);

let resolved: DistRun;
let handover: string;
let dir: string;
let artifacts: string;

beforeAll(async () => {
  if (!existsSync(READER)) throw new Error(`${READER} is missing: this test runs the committed dist/ (run \`npm run build\`)`);
  resolved = await runDist('resolve-persona', { inputs: { persona: 'stability:0.6,balanced:0.4', artifact: 'false' } });
  expect(resolved.code).toBe(0);
  handover = readFileSync(path.join(resolved.runnerTemp, 'persona/persona.json'), 'utf8');
});
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'load-persona-e2e-'));
  artifacts = path.join(dir, 'artifacts');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Places an artifact `<name>` of `run` (this run when undefined) holding `files` (name → text). */
function artifact(files: Record<string, string>, name = 'persona', run?: string): string {
  const folder = artifactFolder(artifacts, name, run);
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(folder, file), text);
  return folder;
}

/** Runs the composite action in a job of run 100 of octo-org/app: the workspace under `dir`, a fresh RUNNER_TEMP each time. */
function load(inputs: Record<string, string> = {}, options: CompositeRunOptions = {}): Promise<CompositeRun> {
  const workspace = path.join(dir, 'workspace');
  const runnerTemp = mkdtempSync(path.join(dir, 'runner-temp-'));
  return runComposite(ACTION_DIR, {
    inputs,
    workspace,
    runnerTemp,
    github: { repository: 'octo-org/app', run_id: '100' },
    standIns: { 'actions/download-artifact': downloadArtifactStandIn(artifacts) },
    ...options,
  });
}

const errors = (run: CompositeRun) => run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
const personaOutputsOf = (outputs: Record<string, string>) => Object.fromEntries(PERSONA_KEYS.map((k) => [k, outputs[k]]));
const outcomes = (run: CompositeRun) => run.steps.map((s) => `${s.id}:${s.outcome}`);

/** Fails unless the run failed with exactly one error matching `message`, no stack trace, no outputs and no hand-over file. */
function expectCleanFailure(run: CompositeRun, message: RegExp): void {
  expect(run.code).toBe(1);
  expect(errors(run)).toEqual([expect.stringMatching(message)]);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(Object.values(run.outputs).filter(Boolean)).toEqual([]);
  expect(existsSync(path.join(run.runnerTemp, 'persona/persona.json'))).toBe(false);
}

describe('load-persona (composite, dist reader)', () => {
  it('loads the artifact of this run: the outputs of resolve-persona for the same persona, and the hand-over at $RUNNER_TEMP/persona/persona.json', async () => {
    artifact({ 'persona.json': handover });
    const run = await load();
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(outcomes(run)).toEqual(['check:success', 'download:success', 'read:success']);
    expect(personaOutputsOf(run.outputs)).toEqual(personaOutputsOf(resolved.outputs));
    expect(run.outputs.path).toBe(path.join(run.runnerTemp, 'persona/persona.json'));
    expect(JSON.parse(readFileSync(run.outputs.path!, 'utf8'))).toEqual(JSON.parse(handover));
    const download = run.steps[1]!;
    expect(download.uses).toBe('actions/download-artifact@v8');
    expect(download.with).toEqual({
      name: 'persona',
      path: expect.stringMatching(new RegExp(`^${run.runnerTemp}/load-persona\\.`)),
      'run-id': '100',
      'github-token': '',
      repository: 'octo-org/app',
    });
  });

  it('loads the artifact of another run (workflow_run) with run-id and github-token, not this run’s', async () => {
    artifact({ 'persona.json': handover }, 'persona', '4242');
    const other = await runDist('resolve-persona', { inputs: { persona: 'cost-optimization', artifact: 'false' } });
    artifact({ 'persona.json': readFileSync(path.join(other.runnerTemp, 'persona/persona.json'), 'utf8') });
    const run = await load({ 'run-id': '4242', 'github-token': 'ghs_token', repository: 'octo-org/build' });
    expect(errors(run)).toEqual([]);
    expect(personaOutputsOf(run.outputs)).toEqual(personaOutputsOf(resolved.outputs));
    expect(run.steps[1]!.with).toMatchObject({ 'run-id': '4242', 'github-token': 'ghs_token', repository: 'octo-org/build' });
    expect(run.stdout).not.toContain('ghs_token');
  });

  it('hands the persona to a later adapt-test step of the job, which needs no persona input', async () => {
    artifact({ 'persona.json': handover });
    const run = await load();
    const stage = await runDist('adapt-test', { runnerTemp: run.runnerTemp });
    expect(stage.annotations.filter((a) => a.level !== 'warning')).toEqual([]);
    expect(stage.code).toBe(0);
    expect(stage.outputs['persona-id']).toBe(resolved.outputs.id);
    expect(stage.stdout).toContain('the hand-over of resolve-persona');
  });

  it('fails before downloading when run-id or another repository comes without github-token, or run-id is not a run id', async () => {
    for (const inputs of [{ 'run-id': '4242' }, { repository: 'octo-org/build' }] as Array<Record<string, string>>) {
      const run = await load(inputs);
      expectCleanFailure(run, /^input github-token is empty: it is required with run-id or another repository/);
      expect(outcomes(run)).toEqual(['check:failure', 'download:skipped', 'read:skipped']);
    }
    expectCleanFailure(await load({ 'run-id': '12 ', 'github-token': 't' }), /^input run-id must be a workflow run id \(digits\)/);
  });

  it('fails with the download’s own message, and reads nothing, when the artifact is missing', async () => {
    const run = await load();
    expectCleanFailure(run, /^Unable to download artifact\(s\): Artifact 'persona' not found$/);
    expect(outcomes(run)).toEqual(['check:success', 'download:failure', 'read:skipped']);
  });

  it.each([
    ['an artifact without persona.json', { 'other.json': '{}' }, /^persona\.json of artifact "persona" does not exist: the artifact holds no persona\.json/],
    ['invalid JSON', { 'persona.json': '{"schema_version": "1.2", ' }, /^persona\.json of artifact "persona"/],
    ['another major schema version', { 'persona.json': 'major' }, /schema_version: hand-over schema_version 9\.0 is not supported by this release/],
    ['a file over 1 MiB', { 'persona.json': ' '.repeat(1024 * 1024 + 1) }, /is 1048577 bytes, over the 1 MiB limit of a hand-over/],
    ['a forbidden key', { 'persona.json': 'proto' }, /key "__proto__" is not allowed/],
  ])('fails with one located message, exit 1 and no outputs on %s', async (_what, files, message) => {
    const tampered = Object.fromEntries(
      Object.entries(files).map(([f, text]) => [
        f,
        text === 'major'
          ? handover.replace(/"schema_version": "1\.\d+"/, '"schema_version": "9.0"')
          : text === 'proto'
            ? handover.replace(/^\{/, '{"__proto__": {"polluted": true},')
            : text,
      ]),
    );
    artifact(tampered);
    expectCleanFailure(await load(), message);
  });

  it('refuses a persona.json that is a link (here out of its folder) or a folder', async () => {
    writeFileSync(path.join(dir, 'elsewhere.json'), handover);
    const folder = artifact({});
    symlinkSync(path.join(dir, 'elsewhere.json'), path.join(folder, 'persona.json'));
    expectCleanFailure(await load(), /^persona\.json of artifact "persona": is a symbolic link, not a regular file/);
    rmSync(path.join(folder, 'persona.json'));
    mkdirSync(path.join(folder, 'persona.json'));
    expectCleanFailure(await load(), /^persona\.json of artifact "persona": is a directory, not a regular file/);
  });

  it('fails in its first step with a clear message when node is not on PATH', async () => {
    const empty = path.join(dir, 'no-node-bin');
    mkdirSync(empty);
    artifact({ 'persona.json': handover });
    const run = await load({}, { env: { PATH: empty } });
    expectCleanFailure(run, /^node is not on PATH: .*Add actions\/setup-node \(node-version: 24\) before this step/);
    expect(outcomes(run)).toEqual(['check:failure', 'download:skipped', 'read:skipped']);
  });

  it('never runs hostile input values as commands, nor lets them write outputs or annotations', async () => {
    const names = ['$(touch pwned-dollar)', '`touch pwned-backtick`', "x';touch pwned-quote;'"];
    for (const name of names) artifact({ 'persona.json': handover }, name);
    for (const name of names) {
      const run = await load({ name });
      expect({ name, errors: errors(run), id: run.outputs.id }).toEqual({ name, errors: [], id: resolved.outputs.id });
      expect(run.stdout).toContain(`from persona.json of artifact ${JSON.stringify(name)}`);
    }
    const injected = await load({ name: 'persona\n::set-output name=id::evil\n::error::injected', 'run-id': '1;touch pwned-run', 'github-token': 't' });
    expectCleanFailure(injected, /^input run-id must be a workflow run id/);
    const newline = await load({ name: 'persona\n::set-output name=id::evil\n::error::injected' });
    expectCleanFailure(newline, /^Unable to download artifact\(s\): Artifact 'persona\n::set-output name=id::evil\n::error::injected' not found$/);
    expect(newline.steps.every((s) => !s.outputs.id)).toBe(true);
    const planted = [dir, path.join(dir, 'workspace'), process.cwd(), os.tmpdir()].flatMap((d) => readdirSync(d).filter((f) => f.startsWith('pwned')));
    expect(planted).toEqual([]);
  });
});
