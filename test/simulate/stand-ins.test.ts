import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createJobState, type JobState } from '../../src/simulate/job-state.js';
import type { SimulationOptions } from '../../src/simulate/simulation-options.js';
import { STAND_INS, standInFor } from '../../src/simulate/stand-ins.js';
import { simulationFixture } from '../support/simulation-fixture.js';

let root: string;
let job: JobState;
let options: SimulationOptions;

beforeEach(() => {
  ({ root, options } = simulationFixture('stand-ins-', { github: { run_id: '42' } }));
  job = createJobState({ label: 'j', jobId: 'j', workspace: options.workspace, runnerTemp: path.join(root, 'temp'), contexts: {} });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const call = (name: string, w: Record<string, string>) => standInFor(name)({ with: w, ref: 'v5', job, options });
const ws = (...parts: string[]) => path.join(job.workspace, ...parts);

describe('upload-artifact and download-artifact stand-ins', () => {
  it('round-trip a file through the local artifact folder of the run', async () => {
    mkdirSync(ws('out'));
    writeFileSync(ws('out', 'persona.json'), '{"id":"balanced"}');
    const up = await call('actions/upload-artifact', { name: 'persona', path: 'out/persona.json', 'if-no-files-found': 'error' });
    expect(up.ok).toBe(true);
    expect(existsSync(path.join(options.artifactsDir, '42', 'persona', 'persona.json'))).toBe(true);
    const down = await call('actions/download-artifact', { name: 'persona', path: 'in' });
    expect(down).toMatchObject({ ok: true, outputs: { 'download-path': ws('in') } });
    expect(readFileSync(ws('in', 'persona.json'), 'utf8')).toBe('{"id":"balanced"}');
  });

  it('round-trip a folder with its contents', async () => {
    mkdirSync(ws('dir', 'sub'), { recursive: true });
    writeFileSync(ws('dir', 'a.txt'), 'a');
    writeFileSync(ws('dir', 'sub', 'b.txt'), 'b');
    expect((await call('actions/upload-artifact', { name: 'bundle', path: 'dir' })).ok).toBe(true);
    expect((await call('actions/download-artifact', { name: 'bundle', path: 'got' })).ok).toBe(true);
    expect(readFileSync(ws('got', 'a.txt'), 'utf8')).toBe('a');
    expect(readFileSync(ws('got', 'sub', 'b.txt'), 'utf8')).toBe('b');
  });

  it('fails on missing files with if-no-files-found: error, and only warns by default', async () => {
    const error = await call('actions/upload-artifact', { name: 'persona', path: 'nope.json', 'if-no-files-found': 'error' });
    expect(error.ok).toBe(false);
    expect(error.log.join('\n')).toMatch(/^::error::No files were found with the provided path: nope\.json/);
    const warn = await call('actions/upload-artifact', { name: 'persona', path: 'nope.json' });
    expect(warn.ok).toBe(true);
    expect(warn.log.join('\n')).toMatch(/^No files were found/);
    expect(existsSync(path.join(options.artifactsDir, '42', 'persona'))).toBe(false);
  });

  it('refuses a second upload under the same name unless overwrite is set', async () => {
    writeFileSync(ws('a.txt'), 'one');
    expect((await call('actions/upload-artifact', { name: 'x', path: 'a.txt' })).ok).toBe(true);
    expect((await call('actions/upload-artifact', { name: 'x', path: 'a.txt' })).ok).toBe(false);
    expect((await call('actions/upload-artifact', { name: 'x', path: 'a.txt', overwrite: 'true' })).ok).toBe(true);
  });

  it('rejects an artifact name that would leave the artifact folder', async () => {
    writeFileSync(ws('a.txt'), 'one');
    for (const name of ['../escape', '..', 'a/b', 'a\\b']) {
      await expect(Promise.resolve().then(() => call('actions/upload-artifact', { name, path: 'a.txt' }))).rejects.toThrow(/is not a valid name/);
      await expect(Promise.resolve().then(() => call('actions/download-artifact', { name, path: 'in' }))).rejects.toThrow(/is not a valid name/);
    }
    expect(existsSync(path.join(options.artifactsDir, 'escape'))).toBe(false);
  });

  it('fails the download of a missing artifact, of another run, and of every artifact', async () => {
    const missing = await call('actions/download-artifact', { name: 'persona', path: 'in' });
    expect(missing).toMatchObject({ ok: false });
    expect(missing.log.join('\n')).toContain('Artifact not found for name: persona');
    const other = await call('actions/download-artifact', { name: 'persona', 'run-id': '41' });
    expect(other.ok).toBe(false);
    expect(other.log.join('\n')).toMatch(/another run's artifacts are not simulated/);
    expect((await call('actions/download-artifact', { 'run-id': '42' })).ok).toBe(false);
  });

  it('rejects glob patterns instead of ignoring them', async () => {
    const result = await call('actions/upload-artifact', { name: 'x', path: 'out/*.json' });
    expect(result.ok).toBe(false);
    expect(result.log[0]).toMatch(/glob patterns are not simulated/);
  });
});

describe('cache stand-in', () => {
  it('misses, saves in its post step, then hits by exact key and by restore-key prefix', async () => {
    mkdirSync(ws('.cache'));
    writeFileSync(ws('.cache', 'state.json'), 'v1');
    const miss = await call('actions/cache', { path: '.cache', key: 'persona-main-1', 'restore-keys': 'persona-main-' });
    expect(miss.outputs).toEqual({ 'cache-hit': 'false' });
    expect(miss.log[0]).toMatch(/Cache not found for input keys: persona-main-1, persona-main-/);
    expect(miss.post).toBeDefined();
    await miss.post!();
    rmSync(ws('.cache'), { recursive: true });

    const exact = await call('actions/cache', { path: '.cache', key: 'persona-main-1' });
    expect(exact.outputs).toEqual({ 'cache-hit': 'true', 'cache-matched-key': 'persona-main-1' });
    expect(exact.post).toBeUndefined();
    expect(readFileSync(ws('.cache', 'state.json'), 'utf8')).toBe('v1');
    rmSync(ws('.cache'), { recursive: true });

    const prefix = await call('actions/cache', { path: '.cache', key: 'persona-main-2', 'restore-keys': 'other-\npersona-main-' });
    expect(prefix.outputs).toEqual({ 'cache-hit': 'false', 'cache-matched-key': 'persona-main-1' });
    expect(readFileSync(ws('.cache', 'state.json'), 'utf8')).toBe('v1');
    expect(prefix.post).toBeDefined();
  });

  it('requires a key', async () => {
    const result = await call('actions/cache', { path: '.cache' });
    expect(result.ok).toBe(false);
    expect(result.log[0]).toContain('Input required and not supplied: key');
  });
});

describe('no-op stand-ins', () => {
  it('checkout and setup-node succeed and change nothing', async () => {
    writeFileSync(ws('keep.txt'), 'x');
    for (const name of ['actions/checkout', 'actions/setup-node']) {
      const result = await call(name, { 'persist-credentials': 'false' });
      expect(result).toMatchObject({ ok: true, outputs: {} });
      expect(result.log[0]).toMatch(/stand-in/);
    }
    expect(readFileSync(ws('keep.txt'), 'utf8')).toBe('x');
  });

  it('knows exactly the official actions it replaces', () => {
    expect([...STAND_INS.keys()].sort()).toEqual([
      'actions/cache',
      'actions/checkout',
      'actions/download-artifact',
      'actions/setup-node',
      'actions/upload-artifact',
    ]);
    expect(() => standInFor('actions/github-script')).toThrow(/no stand-in for actions\/github-script/);
  });
});
