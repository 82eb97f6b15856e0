import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runDist } from '../support/run-dist.js';

/** The dist files one run of resolve-persona loads, relative to dist/. */
async function loadedFiles(options: Parameters<typeof runDist>[1] = {}): Promise<string[]> {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'trace-')), 'loads.txt');
  writeFileSync(log, '');
  const run = await runDist('resolve-persona', {
    ...options,
    env: { ...options.env, TRACE_LOADS_FILE: log, NODE_OPTIONS: `-r ${path.join(ROOT, 'test/support/trace-loads.cjs')}` },
  });
  expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
  expect(run.code).toBe(0);
  const dist = path.join(ROOT, 'dist') + path.sep;
  return [
    ...new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((f) => f.startsWith(dist))
        .map((f) => f.slice(dist.length)),
    ),
  ].sort();
}

const chunkContaining = (text: string) =>
  readdirSync(path.join(ROOT, 'dist/resolve-persona'))
    .filter((f) => f.endsWith('.js') && readFileSync(path.join(ROOT, 'dist/resolve-persona', f), 'utf8').includes(text))
    .map((f) => `resolve-persona/${f}`);

describe('bundles', () => {
  it('keeps every action entry bundle under 1 MB', () => {
    for (const name of ['resolve-persona', 'cli']) expect(statSync(path.join(ROOT, 'dist', name, 'index.js')).size).toBeLessThan(1_000_000);
  });

  it('loads only the entry bundle on the cold path (built-in library, no network, artifact outside Actions)', async () => {
    expect(await loadedFiles({ inputs: { persona: 'security-first+balanced', artifact: 'true', cache: 'true' } })).toEqual(['resolve-persona/index.js']);
  });

  it('loads the parser chunks for a YAML library, but never octokit, @actions/cache or @actions/artifact', async () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'ws-'));
    mkdirSync(path.join(ws, '.github/personas'), { recursive: true });
    writeFileSync(path.join(ws, '.github/personas/team.yml'), 'name: Team\nextends: balanced\n');
    const files = await loadedFiles({ workspace: ws, inputs: { persona: 'team' } });
    expect(files).toContain('resolve-persona/index.js');
    expect(files.length).toBeGreaterThan(1);
    expect(files.some((f) => f.startsWith('edge/'))).toBe(false);
    const octokit = chunkContaining('api.github.com');
    expect(octokit.length).toBeGreaterThan(0);
    for (const chunk of octokit) expect(files).not.toContain(chunk);
  });

  it('loads the artifact bundle only when uploading inside Actions', async () => {
    const files = await loadedFiles({ inputs: { artifact: 'true' }, env: { ACTIONS_RUNTIME_TOKEN: 'x', ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' } });
    expect(files).toEqual(['edge/artifact-upload/index.js', 'resolve-persona/index.js']);
  });
});
