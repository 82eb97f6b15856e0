import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { actionNames, generatedActionDocs, ROOT_ACTION } from '../../scripts/action-docs.js';
import { ROOT } from '../support/run-dist.js';

interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  branding?: { icon?: unknown; color?: unknown };
  inputs?: Record<string, { description?: unknown; required?: unknown; default?: unknown }>;
  outputs?: Record<string, { description?: unknown }>;
  runs?: { using?: unknown; main?: unknown; post?: unknown };
}

/** What every JavaScript action's source folder exports, by convention (src/actions/<name>/constants.ts and inputs.ts). */
interface ActionModules {
  constants: { Inputs: Record<string, string>; Outputs: Record<string, string> };
  inputs: { readSettings(runner: MemoryRunner): unknown };
}

const load = (file: string): ActionMetadata => parse(readFileSync(file, 'utf8')) as ActionMetadata;
const names = actionNames(ROOT);
const sourceActions = readdirSync(path.join(ROOT, 'src/actions')).sort();

describe('action discovery', () => {
  it('finds every action folder, at least resolve-persona', () => {
    expect(names).toContain(ROOT_ACTION);
    expect(readdirSync(path.join(ROOT, 'actions')).sort()).toEqual(names);
  });

  it('pairs every JavaScript action in src/actions with a folder in actions/', () => {
    for (const name of sourceActions) expect({ name, metadata: existsSync(path.join(ROOT, 'actions', name, 'action.yml')) }).toEqual({ name, metadata: true });
  });
});

describe.each(names)('actions/%s/action.yml', (name) => {
  const file = path.join(ROOT, 'actions', name, 'action.yml');
  const meta = load(file);
  const javascript = meta.runs?.using !== 'composite';

  it('holds only action.yml', () => {
    expect(readdirSync(path.join(ROOT, 'actions', name))).toEqual(['action.yml']);
  });

  it('has a name, a description and branding', () => {
    expect(typeof meta.name).toBe('string');
    expect(typeof meta.description).toBe('string');
    expect(typeof meta.branding?.icon).toBe('string');
    expect(typeof meta.branding?.color).toBe('string');
  });

  it('makes every input optional and describes every input and output', () => {
    for (const [input, entry] of Object.entries(meta.inputs ?? {})) expect({ input, required: entry.required }).toEqual({ input, required: false });
    for (const [key, entry] of [...Object.entries(meta.inputs ?? {}), ...Object.entries(meta.outputs ?? {})])
      expect({ key, described: typeof entry.description === 'string' && entry.description.trim() !== '' }).toEqual({ key, described: true });
  });

  (javascript ? it : it.skip)('runs its own bundle on node24, and its post bundle when it has one', () => {
    expect(meta.runs?.using).toBe('node24');
    expect(path.resolve(path.dirname(file), meta.runs!.main as string)).toBe(path.join(ROOT, 'dist', name, 'index.js'));
    expect(statSync(path.join(ROOT, 'dist', name, 'index.js')).isFile()).toBe(true);
    const post = existsSync(path.join(ROOT, 'src/actions', name, 'post.ts'));
    if (post) expect(path.resolve(path.dirname(file), meta.runs!.post as string)).toBe(path.join(ROOT, 'dist', name, 'post', 'index.js'));
    else expect(meta.runs?.post).toBeUndefined();
  });

  (javascript ? it : it.skip)('declares exactly the inputs and outputs of its constants.ts', async () => {
    const { Inputs, Outputs } = ((await import(`../../src/actions/${name}/constants.js`)) as ActionModules['constants']) ?? {};
    expect(Object.keys(meta.inputs ?? {}).sort()).toEqual(Object.values(Inputs).sort());
    expect(Object.keys(meta.outputs ?? {}).sort()).toEqual(Object.values(Outputs).sort());
  });

  (javascript ? it : it.skip)('declares defaults that read the same as leaving every input empty (the token aside)', async () => {
    const { readSettings } = (await import(`../../src/actions/${name}/inputs.js`)) as ActionModules['inputs'];
    const given = Object.fromEntries(
      Object.entries(meta.inputs ?? {})
        .filter(([, input]) => !String(input.default ?? '').includes('${{'))
        .map(([input, entry]) => [input, String(entry.default ?? '')]),
    );
    expect(readSettings(new MemoryRunner(given))).toEqual(readSettings(new MemoryRunner()));
  });
});

describe('generated action metadata and docs', () => {
  it.each(Object.entries(generatedActionDocs(ROOT)))('%s is fresh (run `npm run generate`)', (file, content) => {
    expect(readFileSync(path.join(ROOT, file), 'utf8')).toBe(content);
  });

  it('makes the root action resolve-persona, with root-relative paths', () => {
    const root = load(path.join(ROOT, 'action.yml'));
    const sub = load(path.join(ROOT, 'actions', ROOT_ACTION, 'action.yml'));
    expect(root.name).toBe('Pipeline Personas');
    expect(root.inputs).toEqual(sub.inputs);
    expect(root.outputs).toEqual(sub.outputs);
    expect(path.resolve(ROOT, root.runs!.main as string)).toBe(path.join(ROOT, 'dist', ROOT_ACTION, 'index.js'));
  });
});
