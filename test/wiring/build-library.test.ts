/**
 * buildLibrary and the pattern engine: loaded only when some persona has a
 * `matches` constraint (never on the built-in cold path), handed to the
 * library, every refused pattern a located error.
 */
import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The loader is wrapped to count loads; the engine itself is the real one.
const loader = await import('../../src/edge/pattern-engine-loader.js');
const loads = { count: 0 };
jest.unstable_mockModule('../../src/edge/pattern-engine-loader.js', () => ({
  loadPatternEngine: async () => {
    loads.count++;
    return loader.loadPatternEngine();
  },
}));
const { buildLibrary } = await import('../../src/wiring/build-library.js');
const { resolveBlend } = await import('../../src/blend/blend.js');
const { ConfigurationError } = await import('../../src/errors/configuration-error.js');
const { formatDiagnostic } = await import('../../src/errors/diagnostic.js');
const { MemoryLogger } = await import('../../src/logging/logger.js');

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'build-library-'));
  mkdirSync(path.join(workspace, '.github/personas'), { recursive: true });
  loads.count = 0;
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const write = (file: string, text: string) => writeFileSync(path.join(workspace, '.github/personas', file), text);
const build = () => buildLibrary({ library: ['.github/personas'], token: '', cache: false }, { workspace, logger: new MemoryLogger() });

describe('buildLibrary: the pattern engine', () => {
  it('does not load the engine for the built-in library (the cold path)', async () => {
    const library = await build();
    expect(library.has('balanced')).toBe(true);
    expect(library.patterns).toBeUndefined();
    expect(loads.count).toBe(0);
  });

  it('does not load it for a library without patterns', async () => {
    write('a.yml', 'name: A\nconstraints:\n  - { parameter: replicas, operator: ">=", value: 2 }\n');
    await build();
    expect(loads.count).toBe(0);
  });

  it('loads it once when a persona has a pattern, and blends with it', async () => {
    write('train.yml', 'name: Train\nconstraints:\n  - { parameter: branch, operator: in, value: [main, release/2] }\n');
    write('release.yml', 'name: Release\nconstraints:\n  - { parameter: branch, operator: matches, value: "^release/" }\n');
    const library = await build();
    expect(loads.count).toBe(1);
    expect(resolveBlend(library, 'train+release').constraints[0]).toEqual({ parameter: 'branch', operator: '=', value: 'release/2', from: ['train'] });
  });

  it('reports a pattern the engine refuses at its file and line', async () => {
    write('bad.yml', 'name: Bad\nconstraints:\n  - { parameter: branch, operator: matches, value: "^v\\\\d{1,2000}$" }\n');
    const error = await build().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as InstanceType<typeof ConfigurationError>).diagnostics.map(formatDiagnostic)).toEqual([
      '.github/personas/bad.yml:3:5 constraints[0].value: pattern "^v\\\\d{1,2000}$" is not valid RE2 syntax: invalid repeat count ({1,2000})',
    ]);
  });

  it('keeps a hostile pattern from hanging the build, even for a persona never requested', async () => {
    write(
      'redos.yml',
      `name: Redos\nconstraints:\n  - { parameter: b, operator: in, value: ["${'a'.repeat(30_000)}!", aa] }\n  - { parameter: b, operator: matches, value: "^(a+)+$" }\n`,
    );
    const start = performance.now();
    const library = await build();
    expect(performance.now() - start).toBeLessThan(1000);
    expect(library.get('redos').constraints).toHaveLength(2);
  });
});
