import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverEntries } from '../../scripts/build.mjs';
import { ROOT, runDist } from '../support/run-dist.js';

const DIST = path.join(ROOT, 'dist');

/** The dist files one run of resolve-persona loads, relative to dist/. */
async function loadedFiles(options: Parameters<typeof runDist>[1] = {}): Promise<string[]> {
  return (await loaded(options)).filter((f) => !f.startsWith('builtin:'));
}

/** The files of dist/ a run loads, and `builtin:<name>` for each costly Node module it loads (net, tls, http(s), zlib, crypto, stream). */
async function loaded(options: Parameters<typeof runDist>[1] = {}, action = 'resolve-persona'): Promise<string[]> {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'trace-')), 'loads.txt');
  writeFileSync(log, '');
  const run = await runDist(action, {
    ...options,
    env: { ...options.env, TRACE_LOADS_FILE: log, NODE_OPTIONS: `-r ${path.join(ROOT, 'test/support/trace-loads.cjs')}` },
  });
  expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
  expect(run.code).toBe(0);
  return [
    ...new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((f) => f.startsWith(DIST + path.sep) || f.startsWith('builtin:'))
        .map((f) => (f.startsWith('builtin:') ? f : path.relative(DIST, f).split(path.sep).join('/'))),
    ),
  ].sort();
}

/** Every file below dist/, relative to it. */
function distFiles(dir = DIST): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? distFiles(path.join(dir, e.name)) : [path.relative(DIST, path.join(dir, e.name)).split(path.sep).join('/')],
  );
}

const entries = discoverEntries(ROOT) as Array<{ out: string; esm?: boolean }>;
const actions = entries.filter((e) => !e.esm && e.out !== 'cli' && !e.out.includes('/')).map((e) => e.out);

describe('bundles', () => {
  it('builds every action folder of src/actions, the CLI and every src/bundles module', () => {
    expect(actions).toEqual(readdirSync(path.join(ROOT, 'src/actions')).sort());
    for (const { out } of entries) expect({ out, built: statSync(path.join(DIST, out, 'index.js')).isFile() }).toEqual({ out, built: true });
    expect(
      entries
        .filter((e) => e.out.startsWith('bundles/'))
        .map((e) => e.out)
        .sort(),
    ).toEqual(
      readdirSync(path.join(ROOT, 'src/bundles'))
        .map((f) => `bundles/${f.replace(/\.ts$/, '')}`)
        .sort(),
    );
  });

  it('writes each shared bundle in the format its source declares, which the loader reads from its package.json', () => {
    for (const { out, esm } of entries.filter((e) => e.out.startsWith('bundles/')))
      expect({ out, type: JSON.parse(readFileSync(path.join(DIST, out, 'package.json'), 'utf8')).type }).toEqual({ out, type: esm ? 'module' : 'commonjs' });
    // Only the Azure storage SDK's bundles need an ES module; the parser and pattern bundles are required.
    expect(
      entries
        .filter((e) => e.out.startsWith('bundles/') && !e.esm)
        .map((e) => e.out)
        .sort(),
    ).toEqual(['bundles/commands', 'bundles/deployments', 'bundles/parser', 'bundles/parser-full', 'bundles/patterns', 'bundles/state']);
  });

  it.each([...actions, 'cli'])('keeps the %s entry bundle under 1 MB', (name) => {
    expect(statSync(path.join(DIST, name, 'index.js')).size).toBeLessThan(1_000_000);
  });

  it('keeps shared code on disk once: no two files of dist/ over 4 KB are identical', () => {
    const byHash = new Map<string, string[]>();
    for (const file of distFiles()) {
      const content = readFileSync(path.join(DIST, file));
      if (content.length < 4096) continue;
      const hash = createHash('sha256').update(content).digest('hex');
      byHash.set(hash, [...(byHash.get(hash) ?? []), file]);
    }
    expect([...byHash.values()].filter((files) => files.length > 1)).toEqual([]);
  });

  it('keeps octokit, the YAML parser and zod out of every action and the CLI: they load from the shared bundles', () => {
    const holders = (marker: string) =>
      distFiles()
        .filter((f) => f.endsWith('.js') && readFileSync(path.join(DIST, f), 'utf8').includes(marker))
        .sort();
    // @actions/artifact carries its own octokit inside its bundle; no entry point does.
    expect(holders('octokit-core.js')).toEqual(['bundles/artifact-upload/index.js', 'bundles/octokit/index.js']);
    // @actions/workflow-parser brings its own yaml into the simulator's bundle, which only `persona simulate` loads.
    expect(holders('LineCounter')).toEqual(['bundles/parser-full/index.js', 'bundles/simulate/index.js']);
    expect(holders('ZodError')).toEqual(['bundles/parser-full/index.js']);
    expect(holders('invalid or unsupported Perl syntax')).toEqual(['bundles/patterns/index.js']);
  });

  it('loads only the entry bundle on the cold path (built-in library, no network, artifact outside Actions), and no HTTP, TLS or crypto', async () => {
    expect(await loaded({ inputs: { persona: 'stability+balanced', artifact: 'true', cache: 'true', state: 'branch' } })).toEqual(['resolve-persona/index.js']);
  });

  it.each(['adapt-build', 'adapt-test', 'adapt-deploy'])(
    '%s: reads a hand-over and plans with its entry bundle alone (no zod, no command or report code, no crypto or child processes)',
    async (action) => {
      const handover = (await runDist('resolve-persona', { inputs: { persona: 'stability:0.6,balanced:0.4', artifact: 'false' } })).outputs.persona!;
      expect(await loaded({ inputs: { persona: handover, toolchain: 'gcc', cache: 'true' } }, action)).toEqual([`${action}/index.js`]);
    },
  );

  it('adapt-deploy loads the deployments bundle only when it has an environment (no zod, no command code)', async () => {
    const handover = (await runDist('resolve-persona', { inputs: { persona: 'balanced', artifact: 'false' } })).outputs.persona!;
    const files = await loaded(
      {
        inputs: { persona: handover, environment: 'production', token: 't' },
        env: { GITHUB_REPOSITORY: 'acme/app', GITHUB_SHA: 'a'.repeat(40), GITHUB_API_URL: 'http://127.0.0.1:9' },
      },
      'adapt-deploy',
    );
    expect(files).toContain('bundles/deployments/index.js');
    expect(files.filter((f) => f.includes('parser-full') || f.includes('commands'))).toEqual([]);
  });

  it('watch-monitor watches a replay with its entry bundle alone (no zod, YAML library, octokit, command code, HTTP stack or crypto)', async () => {
    const handover = (await runDist('resolve-persona', { inputs: { persona: 'balanced', artifact: 'false' } })).outputs.persona!;
    const ws = mkdtempSync(path.join(os.tmpdir(), 'watch-'));
    writeFileSync(path.join(ws, 'replay.jsonl'), '{"ts":0,"metric":"error_rate","value":0.001}\n');
    const files = await loaded(
      { inputs: { persona: handover, metrics: 'file:replay.jsonl', interval: '1h', duration: '1s', 'on-no-data': 'ignore' }, workspace: ws },
      'watch-monitor',
    );
    // Nor the HTTP stack or node:crypto: they load on the first request of a url:/prometheus: source or webhook.
    expect(files).toEqual(['watch-monitor/index.js']);
  });

  it('load-persona reads a hand-over with its entry bundle alone', async () => {
    const handover = (await runDist('resolve-persona', { inputs: { persona: 'balanced', artifact: 'false' } })).outputs.persona!;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'artifact-'));
    writeFileSync(path.join(dir, 'persona.json'), handover);
    expect(await loaded({ inputs: { directory: dir, name: 'persona' } }, 'load-persona')).toEqual(['load-persona/index.js']);
  });

  it('a stage that runs a command loads the commands bundle, and still no zod', async () => {
    const handover = (await runDist('resolve-persona', { inputs: { persona: 'balanced', artifact: 'false' } })).outputs.persona!;
    expect(await loaded({ inputs: { persona: handover, toolchain: 'gcc', run: 'true' } }, 'adapt-build')).toEqual([
      'adapt-build/index.js',
      'bundles/commands/index.js',
    ]);
  });

  it('reads a state store with the state bundle alone: no octokit, no YAML library or zod', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'state-'));
    const state = {
      schema_version: '1.0',
      revision: 3,
      active: { persona: 'stability', since: '2026-11-30T10:00:00.000Z', by: 'alice', reason: '', correlation_id: 'c-3' },
      previous: [],
      acks: [],
    };
    writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state));
    const files = await loaded({ inputs: { state: `file:${path.join(dir, 'state.json')}` } });
    expect(files.filter((f) => !f.startsWith('builtin:'))).toEqual(['bundles/state/index.js', 'resolve-persona/index.js']);
  });

  /** A workspace whose `.github/personas/team.yml` holds `text`. */
  const teamLibrary = (text: string) => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'ws-'));
    mkdirSync(path.join(ws, '.github/personas'), { recursive: true });
    writeFileSync(path.join(ws, '.github/personas/team.yml'), text);
    return ws;
  };

  it('reads a plain YAML library with the light parser alone: no YAML library, zod, re2js, octokit, @actions/cache or @actions/artifact', async () => {
    const files = await loadedFiles({ workspace: teamLibrary('name: Team\nextends: balanced\n'), inputs: { persona: 'team' } });
    expect(files).toEqual(['bundles/parser/index.js', 'resolve-persona/index.js']);
  });

  it('loads the YAML library and zod for a file the fast path cannot prove valid (an anchor)', async () => {
    const text = 'name: Team\nextends: balanced\noptimization_goals:\n  - &g { metric: cost, weight: 0.5 }\n';
    const files = await loadedFiles({ workspace: teamLibrary(text), inputs: { persona: 'team' } });
    expect(files).toEqual(['bundles/parser-full/index.js', 'bundles/parser/index.js', 'resolve-persona/index.js']);
  });

  it('loads the pattern engine when a persona has a `matches` pattern that must filter a set', async () => {
    const text =
      "name: Team\nconstraints:\n  - { parameter: region, operator: in, value: [eu-west-1, us-east-1] }\n  - { parameter: region, operator: matches, value: '^eu-' }\n";
    const files = await loadedFiles({ workspace: teamLibrary(text), inputs: { persona: 'team' } });
    expect(files).toContain('bundles/patterns/index.js');
  });

  it('loads the artifact bundle only when uploading inside Actions', async () => {
    const files = await loadedFiles({ inputs: { artifact: 'true' }, env: { ACTIONS_RUNTIME_TOKEN: 'x', ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' } });
    expect(files).toEqual(['bundles/artifact-upload/index.js', 'resolve-persona/index.js']);
  });
});
