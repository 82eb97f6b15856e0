/**
 * stagePersona when the state store cannot be reached: the hand-over stands
 * in with a warning; without one, `state-required` decides (fail, or the
 * default with the selector's warning).
 */
import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { StateUnreachableError } = await import('../../src/state/state-unreachable-error.js');
const behaviour = { required: true };
jest.unstable_mockModule('../../src/wiring/state-selector-for.js', () => ({
  stateSelectorFor: (_spec: unknown, settings: { stateRequired: boolean }) => ({
    source: 'state',
    select: async () => {
      behaviour.required = settings.stateRequired;
      if (!settings.stateRequired) return undefined;
      throw new StateUnreachableError('branch "persona-state" of octo-org/app', 'connection refused');
    },
  }),
}));
const { stagePersona, HANDOVER_FILE } = await import('../../src/wiring/stage-persona.js');
const { buildLibrary } = await import('../../src/wiring/build-library.js');
const { resolveBlend } = await import('../../src/blend/blend.js');
const { plainSelection, serializeHandover, toHandover } = await import('../../src/handover/handover-document.js');
const { MemoryLogger } = await import('../../src/logging/logger.js');
const { readInputs } = await import('../../src/runner/action-inputs.js');
const { MemoryRunner } = await import('../../src/runner/memory-runner.js');
const { stageInputSpec, stageSettings } = await import('../../src/wiring/stage-inputs.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stage-unreachable-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function find(inputs: Record<string, string>, handover: string | undefined, logger = new MemoryLogger()) {
  const library = await buildLibrary({ library: [], token: '', cache: false }, { workspace: dir, logger: new MemoryLogger() });
  if (handover) {
    mkdirSync(path.join(dir, 'persona'), { recursive: true });
    writeFileSync(path.join(dir, HANDOVER_FILE), serializeHandover(toHandover(resolveBlend(library, handover), plainSelection('input'))));
  }
  const settings = stageSettings(readInputs(new MemoryRunner({ state: 'branch', ...inputs }), stageInputSpec));
  return stagePersona(settings, library, { env: { RUNNER_TEMP: dir, GITHUB_REPOSITORY: 'octo-org/app' }, logger, now: new Date(), workspace: dir });
}

describe('stagePersona with an unreachable store', () => {
  it('uses the hand-over, with a warning naming the store', async () => {
    const logger = new MemoryLogger();
    const found = await find({}, 'stability', logger);
    expect(found).toMatchObject({ source: 'handover' });
    expect(found.persona.id).toBe('stability');
    expect(found.how).toMatch(/unreachable/);
    expect(logger.messages('warning')).toEqual([expect.stringMatching(/unreachable .*the stage uses the persona handed over \(stability\)/)]);
  });

  it('fails without a hand-over when state-required is true', async () => {
    await expect(find({}, undefined)).rejects.toThrow(/unreachable/);
  });

  it('falls back to default without a hand-over when state-required is false', async () => {
    const found = await find({ 'state-required': 'false', default: 'performance' }, undefined);
    expect(behaviour.required).toBe(false);
    expect(found).toMatchObject({ source: 'default' });
    expect(found.persona.id).toBe('performance');
  });
});
