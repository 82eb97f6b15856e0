// load-persona's reader (src/actions/load-persona/main.ts) over the in-memory runner, and the composite action.yml
// that runs it: outputs as resolve-persona sets them, the hand-over copied for the stages, one clear error and
// nothing written for every bad artifact, and metadata that matches the reader's constants.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ARTIFACT_NAME, PERSONA_FILE } from '../../src/actions/resolve-persona/constants.js';
import { ARTIFACT_FILE, DEFAULT_ARTIFACT_NAME, Inputs, Outputs } from '../../src/actions/load-persona/constants.js';
import { readSettings } from '../../src/actions/load-persona/inputs.js';
import { loadPersona, loadedOutputs } from '../../src/actions/load-persona/main.js';
import { resolveBlend } from '../../src/blend/blend.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { handoverSelection, serializeHandover, toHandover, type HandoverDocument } from '../../src/handover/handover-document.js';
import { personaOutputs } from '../../src/handover/persona-outputs.js';
import { BuiltinSource } from '../../src/library/builtin-source.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { runAction } from '../../src/runner/run-action.js';
import { HANDOVER_FILE } from '../../src/wiring/stage-persona.js';
import { ROOT } from '../support/run-dist.js';

const library = PersonaLibrary.build([await new BuiltinSource().load()]);
const persona = resolveBlend(library, 'stability:0.6,balanced:0.4');
const selection = handoverSelection({ expression: 'x', source: 'state', revision: 7, correlationId: 'c-7', cohort: 'target', origin: 'the state store' });
const doc = toHandover(persona, selection);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'load-persona-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A runner whose download folder holds `persona.json` with `text` (none when undefined). */
function runnerWith(text?: string, inputs: Record<string, string> = {}): MemoryRunner {
  const download = path.join(dir, 'download');
  mkdirSync(download, { recursive: true });
  if (text !== undefined) writeFileSync(path.join(download, ARTIFACT_FILE), text);
  return new MemoryRunner({ directory: download, ...inputs }, { RUNNER_TEMP: path.join(dir, 'temp') });
}

/** Runs the reader under runAction: the exit code and the error annotations. */
async function failure(runner: MemoryRunner): Promise<string[]> {
  expect(await runAction(loadPersona, runner)).toBe(1);
  expect(runner.outputs).toEqual({});
  expect(runner.files).toEqual({});
  return runner.logger.entries.filter((e) => e.level === 'error').map((e) => formatDiagnostic({ ...e.where, message: e.message }));
}

describe('loadPersona', () => {
  it('sets the outputs resolve-persona sets for the hand-over, plus path, and copies it to persona/persona.json', async () => {
    const runner = runnerWith(serializeHandover(doc));
    await loadPersona(runner);
    const { persona: _p, ...rest } = runner.outputs;
    const { persona: _q, ...expected } = personaOutputs(persona, selection);
    expect(rest).toEqual({ ...expected, path: `${path.join(dir, 'temp')}/${HANDOVER_FILE}` });
    expect(JSON.parse(runner.outputs.persona!)).toEqual(doc);
    expect(runner.outputs).toMatchObject({ source: 'state', revision: '7', 'correlation-id': 'c-7', cohort: 'target' });
    expect(runner.files[HANDOVER_FILE]).toBe(serializeHandover(doc));
    expect(runner.logger.messages('info')).toEqual([
      expect.stringMatching(/^Loaded persona stability:0\.6,balanced:0\.4 from persona\.json of artifact "persona": source state/),
    ]);
  });

  it('keeps an older minor as written: its own schema_version, and an empty source when it predates the selection fields', () => {
    const { source: _s, revision: _r, correlation_id: _c, cohort: _h, ...old } = { ...doc, schema_version: '1.0' } as HandoverDocument;
    const outputs = loadedOutputs(old as HandoverDocument);
    expect(JSON.parse(outputs.persona).schema_version).toBe('1.0');
    expect(outputs).toMatchObject({ source: '', revision: '', 'correlation-id': '', cohort: 'none', id: persona.id });
  });

  it('names the artifact and the run in messages, quoting the name', async () => {
    const messages = await failure(runnerWith(undefined, { name: 'build "x"\n::error::y', 'run-id': '4242' }));
    expect(messages).toEqual([
      'persona.json of artifact "build \\"x\\"\\n::error::y" of run 4242 does not exist: the artifact holds no persona.json (load-persona reads the artifact resolve-persona uploads)',
    ]);
  });

  it.each([
    ['invalid JSON', '{"id": ', /^persona\.json of artifact "persona"(:\d+:\d+)?:? invalid JSON/],
    ['another major', serializeHandover({ ...doc, schema_version: '2.0' }), /schema_version 2\.0 is not supported by this release/],
    ['no schema_version', JSON.stringify({ ...doc, schema_version: undefined }), /schema_version is missing/],
    [
      'a wrong field',
      JSON.stringify({ ...doc, risk_tolerance: 'reckless' }),
      /^persona\.json of artifact "persona" risk_tolerance: unknown risk tolerance "reckless"/,
    ],
    ['a file over 1 MiB', `${serializeHandover(doc)}${' '.repeat(1024 * 1024)}`, /is \d+ bytes, over the 1 MiB limit of a hand-over \(1048576 bytes\)$/],
  ])('refuses %s with one clear error and writes nothing', async (_what, text, message) => {
    const messages = await failure(runnerWith(text));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const runner = runnerWith('');
    writeFileSync(path.join(dir, 'download', ARTIFACT_FILE), Buffer.from([0x7b, 0xff, 0x7d]));
    expect(await failure(runner)).toEqual(['persona.json of artifact "persona": not UTF-8 text (a hand-over is UTF-8 JSON)']);
  });

  it('refuses a link (even to a valid hand-over), a FIFO and a folder without reading them', async () => {
    writeFileSync(path.join(dir, 'elsewhere.json'), serializeHandover(doc));
    const runner = runnerWith();
    const file = path.join(dir, 'download', ARTIFACT_FILE);
    symlinkSync(path.join(dir, 'elsewhere.json'), file);
    expect(await failure(runner)).toEqual(['persona.json of artifact "persona": is a symbolic link, not a regular file (only regular files are read)']);
    rmSync(file);
    execFileSync('mkfifo', [file]);
    expect(await failure(runnerWith())).toEqual([
      'persona.json of artifact "persona": is a FIFO (named pipe), not a regular file (only regular files are read)',
    ]);
    rmSync(file);
    mkdirSync(file);
    expect(await failure(runnerWith())).toEqual(['persona.json of artifact "persona": is a directory, not a regular file (only regular files are read)']);
  });

  it('refuses an empty download folder input and a run id that is not one, naming the inputs', async () => {
    const error = (() => {
      try {
        readSettings(new MemoryRunner({ directory: '', 'run-id': '12;rm' }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).diagnostics.map((d) => d.message)).toEqual([
      'input "directory": is empty: the reader runs as the last step of actions/load-persona, which sets it to the download folder',
      'input "run-id": expected a workflow run id (digits) or empty for this run',
    ]);
    expect(readSettings(new MemoryRunner({ directory: '/d' }))).toEqual({ directory: '/d', name: DEFAULT_ARTIFACT_NAME, runId: '' });
  });
});

describe('actions/load-persona/action.yml and the reader', () => {
  type Step = { id?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> };
  const meta = parse(readFileSync(path.join(ROOT, 'actions/load-persona/action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string; required?: boolean }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: Step[] };
  };
  const step = (id: string) => meta.runs.steps.find((s) => s.id === id)!;

  it('reads the artifact resolve-persona uploads, and hands it to the file the stages read', () => {
    expect(DEFAULT_ARTIFACT_NAME).toBe(ARTIFACT_NAME);
    expect(meta.inputs.name!.default).toBe(ARTIFACT_NAME);
    expect(ARTIFACT_FILE).toBe(path.basename(PERSONA_FILE));
    expect(HANDOVER_FILE).toBe(PERSONA_FILE);
  });

  it('declares the outputs of constants.ts, each read from the reader step', () => {
    expect(Object.keys(meta.outputs).sort()).toEqual(Object.values(Outputs).sort());
    for (const [name, output] of Object.entries(meta.outputs)) expect(output.value).toBe(`\${{ steps.read.outputs.${name} }}`);
  });

  it('declares optional inputs name, run-id, github-token and repository', () => {
    expect(Object.keys(meta.inputs)).toEqual(['name', 'run-id', 'github-token', 'repository']);
    expect(meta.inputs['github-token']!.default).toBe('');
    expect(meta.inputs.repository!.default).toBe('${{ github.repository }}');
  });

  it('gives the reader exactly its inputs through env, and runs the bundle beside the other actions', () => {
    const read = step('read');
    expect(Object.keys(read.env!).sort()).toEqual(
      Object.values(Inputs)
        .map((i) => `INPUT_${i.toUpperCase()}`)
        .sort(),
    );
    expect(read.run).toBe('node "$GITHUB_ACTION_PATH/../../dist/load-persona/index.js"');
    expect(path.resolve(ROOT, 'actions/load-persona', '../../dist/load-persona/index.js')).toBe(path.join(ROOT, 'dist/load-persona/index.js'));
    expect(step('download').uses).toBe('actions/download-artifact@v8');
  });
});
