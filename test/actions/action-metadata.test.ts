import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_LIBRARY, DEFAULT_PERSONA, Inputs, Outputs } from '../../src/actions/resolve-persona/constants.js';
import { readSettings } from '../../src/actions/resolve-persona/inputs.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { ROOT } from '../support/run-dist.js';

interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  branding?: { icon?: unknown; color?: unknown };
  inputs?: Record<string, { description?: unknown; required?: unknown; default?: unknown }>;
  outputs?: Record<string, { description?: unknown }>;
  runs?: { using?: unknown; main?: unknown };
}

const ROOT_ACTION = path.join(ROOT, 'action.yml');
const SUB_ACTION = path.join(ROOT, 'actions', 'resolve-persona', 'action.yml');

function load(file: string): ActionMetadata {
  return parse(readFileSync(file, 'utf8')) as ActionMetadata;
}

const actions: Array<[string, string]> = [
  ['action.yml', ROOT_ACTION],
  ['actions/resolve-persona/action.yml', SUB_ACTION],
];

describe.each(actions)('%s', (_label, file) => {
  const meta = load(file);

  it('runs on node24', () => {
    expect(meta.runs?.using).toBe('node24');
  });

  it('points runs.main at the built resolve-persona bundle, which exists', () => {
    expect(typeof meta.runs?.main).toBe('string');
    const main = path.resolve(path.dirname(file), meta.runs!.main as string);
    expect(main).toBe(path.join(ROOT, 'dist', 'resolve-persona', 'index.js'));
    expect(existsSync(main)).toBe(true);
    expect(statSync(main).isFile()).toBe(true);
  });

  it('declares exactly the inputs of constants.ts', () => {
    expect(Object.keys(meta.inputs ?? {}).sort()).toEqual(Object.values(Inputs).sort());
  });

  it('declares exactly the outputs of constants.ts', () => {
    expect(Object.keys(meta.outputs ?? {}).sort()).toEqual(Object.values(Outputs).sort());
  });

  it('has the defaults the action falls back to', () => {
    const defaults = Object.fromEntries(Object.entries(meta.inputs ?? {}).map(([name, input]) => [name, input.default]));
    expect(defaults).toEqual({
      [Inputs.Persona]: '',
      [Inputs.Default]: DEFAULT_PERSONA,
      [Inputs.Library]: DEFAULT_LIBRARY,
      [Inputs.OnConflict]: 'strict',
      [Inputs.Token]: '${{ github.token }}',
      [Inputs.Cache]: 'true',
      [Inputs.Artifact]: 'true',
    });
  });

  it('declares defaults that read the same as leaving every input empty (the token aside)', () => {
    const given = Object.fromEntries(
      Object.entries(meta.inputs ?? {})
        .filter(([name]) => name !== Inputs.Token)
        .map(([name, input]) => [name, String(input.default ?? '')]),
    );
    expect(readSettings(new MemoryRunner(given))).toEqual(readSettings(new MemoryRunner()));
  });

  it('makes every input optional (required: false)', () => {
    for (const [name, input] of Object.entries(meta.inputs ?? {})) expect({ name, required: input.required }).toEqual({ name, required: false });
  });

  it('describes every input and output', () => {
    for (const [name, entry] of [...Object.entries(meta.inputs ?? {}), ...Object.entries(meta.outputs ?? {})]) {
      expect({ name, description: typeof entry.description }).toEqual({ name, description: 'string' });
      expect((entry.description as string).trim()).not.toBe('');
    }
  });

  it('has a name, a description and branding', () => {
    expect(typeof meta.name).toBe('string');
    expect(typeof meta.description).toBe('string');
    expect(typeof meta.branding?.icon).toBe('string');
    expect(meta.branding!.icon).not.toBe('');
    expect(typeof meta.branding?.color).toBe('string');
    expect(meta.branding!.color).not.toBe('');
  });
});

describe('action.yml and actions/resolve-persona/action.yml', () => {
  it('declare the same inputs, defaults and outputs', () => {
    const root = load(ROOT_ACTION);
    const sub = load(SUB_ACTION);
    expect(sub.inputs).toEqual(root.inputs);
    expect(sub.outputs).toEqual(root.outputs);
    expect(sub.runs?.using).toBe(root.runs?.using);
    expect(sub.branding).toEqual(root.branding);
  });
});

describe('actions/*', () => {
  const dir = path.join(ROOT, 'actions');
  const folders = readdirSync(dir, { withFileTypes: true });

  it('holds only folders, at least resolve-persona', () => {
    expect(folders.filter((e) => !e.isDirectory()).map((e) => e.name)).toEqual([]);
    expect(folders.map((e) => e.name)).toContain('resolve-persona');
  });

  it.each(folders.filter((e) => e.isDirectory()).map((e) => e.name))('actions/%s contains only action.yml', (name) => {
    expect(readdirSync(path.join(dir, name))).toEqual(['action.yml']);
  });
});
