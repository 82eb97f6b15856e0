/**
 * The one rule by which every stage finds its persona: with a state store
 * and `pin: false` the store is re-read (a switch takes effect at this
 * stage) and the hand-over is the fallback; otherwise the hand-over; with
 * neither, `default` resolved afresh, and the log says so.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveBlend } from '../../src/blend/blend.js';
import { plainSelection, serializeHandover, toHandover } from '../../src/handover/handover-document.js';
import type { PersonaLibrary } from '../../src/library/persona-library.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { serializeState } from '../../src/switching/parse-state.js';
import type { PersonaState } from '../../src/switching/persona-state.js';
import { buildLibrary } from '../../src/wiring/build-library.js';
import { stageInputSpec, stageSettings, type StageSettings } from '../../src/wiring/stage-inputs.js';
import { HANDOVER_FILE, stagePersona } from '../../src/wiring/stage-persona.js';
import { readInputs } from '../../src/runner/action-inputs.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';

let dir: string;
let library: PersonaLibrary;
beforeAll(async () => {
  library = await buildLibrary({ library: [], token: '', cache: false }, { workspace: os.tmpdir(), logger: new MemoryLogger() });
});
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stage-persona-'));
  mkdirSync(path.join(dir, 'temp'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Settings as the action reads them from `inputs`. */
const settings = (inputs: Record<string, string> = {}): StageSettings => stageSettings(readInputs(new MemoryRunner(inputs), stageInputSpec));

/** A state whose global persona is `persona` at `revision`. */
function writeState(persona: string, revision = 4): string {
  const state: PersonaState = {
    schema_version: '1.0',
    revision,
    active: { persona, since: '2026-11-01T00:00:00.000Z', by: 'octocat', reason: 'test', correlation_id: 'corr-1' },
    previous: [],
    acks: [],
  };
  const file = path.join(dir, 'state.json');
  writeFileSync(file, serializeState(state));
  return file;
}

/** resolve-persona's hand-over of `expression`, written where it leaves it. */
function writeHandover(expression: string, revision: number | null = null): string {
  const text = serializeHandover(toHandover(resolveBlend(library, expression), { ...plainSelection('input'), revision }));
  mkdirSync(path.join(dir, 'temp', path.dirname(HANDOVER_FILE)), { recursive: true });
  writeFileSync(path.join(dir, 'temp', HANDOVER_FILE), text);
  return text;
}

const run = (s: StageSettings, logger = new MemoryLogger()) =>
  stagePersona(s, library, {
    env: { RUNNER_TEMP: path.join(dir, 'temp'), GITHUB_REPOSITORY: 'octo-org/app' },
    logger,
    now: new Date('2026-11-30T12:00:00Z'),
    workspace: dir,
  });

describe('stagePersona', () => {
  it('re-reads the state store when one is named and pin is false: a switch made mid-run takes effect', async () => {
    writeHandover('balanced');
    const file = writeState('security-first', 7);
    const found = await run(settings({ state: `file:${file}` }));
    expect(found).toMatchObject({ source: 'state', revision: 7, correlationId: 'corr-1' });
    expect(found.persona.id).toBe('security-first');
    expect(found.how).toMatch(/hand-over had balanced: switched since the pipeline started/);
  });

  it('uses the hand-over with pin: true, and never opens the store', async () => {
    writeHandover('stability', 3);
    const found = await run(settings({ state: `file:${path.join(dir, 'no-such-dir', 'state.json')}`, pin: 'true' }));
    expect(found).toMatchObject({ source: 'handover', revision: 3 });
    expect(found.persona.id).toBe('stability');
    expect(found.how).toMatch(/^pinned/);
  });

  it('falls back to the hand-over when the store has no persona for the scope', async () => {
    writeHandover('performance');
    const found = await run(settings({ state: `file:${path.join(dir, 'empty.json')}` }));
    expect(found.source).toBe('handover');
    expect(found.persona.id).toBe('performance');
  });

  it('prefers the persona input to the file, and reads the input as an untrusted hand-over', async () => {
    writeHandover('performance');
    const input = serializeHandover(toHandover(resolveBlend(library, 'freeze'), plainSelection('input')));
    expect((await run(settings({ persona: input }))).persona.id).toBe('freeze');
    await expect(run(settings({ persona: '{"schema_version":"9.0"}' }))).rejects.toThrow(/input "persona"/);
  });

  it('resolves default afresh, and says so, when nothing was handed over and no store is read', async () => {
    const logger = new MemoryLogger();
    const found = await run(settings({ default: 'cost-optimization' }), logger);
    expect(found).toMatchObject({ source: 'default', revision: null });
    expect(found.persona.id).toBe('cost-optimization');
    expect(logger.entries.some((e) => e.level === 'notice' && /resolved afresh from input "default"/.test(e.message))).toBe(true);
  });

  it('refuses a hand-over file that is a link instead of skipping it', async () => {
    const target = path.join(dir, 'elsewhere.json');
    writeFileSync(target, '{}');
    mkdirSync(path.join(dir, 'temp', 'persona'), { recursive: true });
    symlinkSync(target, path.join(dir, 'temp', HANDOVER_FILE));
    await expect(run(settings())).rejects.toThrow(/symbolic link/);
  });

  it('fails on a corrupt state even with a hand-over (a freeze is never silently ignored)', async () => {
    writeHandover('high-velocity');
    const file = path.join(dir, 'state.json');
    writeFileSync(file, '{"schema_version":"1.0","revision":"x"}');
    await expect(run(settings({ state: `file:${file}` }))).rejects.toThrow();
  });
});
