// adapt-build's committed dist/ bundle, run as the runner runs it (INPUT_*, GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE,
// GITHUB_STEP_SUMMARY, RUNNER_TEMP), its post step included, with real builds by gcc, the Actions cache service v2
// stand-in for the dependency cache, and a file: state store for a switch that takes effect at this stage.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serializeState } from '../../src/switching/parse-state.js';
import { ActionsResultsServer } from '../support/actions-results-server.js';
import { runDist } from '../support/run-dist.js';

let dir: string;
let results: ActionsResultsServer;
beforeAll(async () => {
  results = await ActionsResultsServer.start();
});
afterAll(() => results.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'adapt-build-e2e-'));
  results.reset();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
};
const HELLO = '#include <stdio.h>\nint main(void) { puts("hello from the persona build"); return 0; }\n';
const build = (inputs: Record<string, string>, env: Record<string, string> = {}) => runDist('adapt-build', { inputs, workspace: dir, env });

describe('adapt-build (dist)', () => {
  it('chooses the hardened profile for security-first and builds a PIE with full RELRO with gcc, flags from the environment', async () => {
    write('hello.c', HELLO);
    const run = await build({ default: 'security-first', toolchain: 'gcc', run: 'gcc $CFLAGS -o hello hello.c $LDFLAGS && ./hello' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ 'persona-id': 'security-first', profile: 'hardened', outcome: 'succeeded', revision: '' });
    const env = JSON.parse(run.outputs.env!) as Record<string, string>;
    expect(env.CFLAGS).toMatch(/-D_FORTIFY_SOURCE=3/);
    expect(run.exported.CFLAGS).toBe(env.CFLAGS);
    expect(run.stdout).toContain('hello from the persona build');
    expect(existsSync(path.join(dir, 'hello'))).toBe(true);
    const explain = JSON.parse(run.outputs.explain!) as { chosen: string[]; rejected: Array<{ id: string }> };
    expect(explain.chosen).toEqual(['hardened']);
    expect(run.summary).toContain('adapt-build');
    expect(run.summary).toContain('hardened');
    // No state and no switch: the persona line under the heading names the persona alone.
    expect(run.summary).toMatch(/^## adapt-build: `security-first`\n\nPersona `security-first`\n/);
  });

  it('detects the toolchain, and with dry-run plans without running', async () => {
    write('Cargo.toml', '[package]\nname = "x"\nversion = "0.1.0"\n');
    const run = await build({ default: 'high-velocity', 'dry-run': 'true', run: 'touch ran' });
    expect(run.code).toBe(0);
    expect(run.outputs.outcome).toBe('skipped');
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(JSON.parse(run.outputs.env!)).toMatchObject({ CARGO_PROFILE_RELEASE_OPT_LEVEL: '1', PERSONA_BUILD_PROFILE: 'fast' });
  });

  it('retries a failing build until it succeeds (medium risk: 2 retries)', async () => {
    const run = await build({
      default: 'balanced',
      toolchain: 'node',
      'retry-delay': '10ms',
      run: 'n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; [ "$n" -ge 2 ]',
    });
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(dir, 'count'), 'utf8').trim()).toBe('3');
    expect(run.outputs.outcome).toBe('succeeded');
  });

  it('fails with one error after the retries, without a stack trace, and never retries a listed exit code', async () => {
    const run = await build({ default: 'balanced', toolchain: 'node', 'retry-delay': '10ms', 'no-retry-exit-codes': '3', run: 'echo x >> tries; exit 3' });
    expect(run.code).toBe(1);
    expect(readFileSync(path.join(dir, 'tries'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(run.annotations.filter((a) => a.level === 'error')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.outputs.outcome).toBe('failed');
  });

  it('runs the rollback command after the last retry under low risk, with the exit code in its environment', async () => {
    const run = await build({
      default: 'security-first',
      toolchain: 'node',
      'retry-delay': '10ms',
      run: 'exit 4',
      rollback: 'echo "$PERSONA_FAILED_EXIT_CODE" > rolled-back',
    });
    expect(run.code).toBe(1);
    expect(readFileSync(path.join(dir, 'rolled-back'), 'utf8').trim()).toBe('4');
    expect(run.outputs.outcome).toBe('rolled-back');
  });

  it('runs no rollback under medium risk: the policy says fail', async () => {
    const run = await build({ default: 'balanced', toolchain: 'node', 'retry-delay': '10ms', run: 'exit 4', rollback: 'touch rolled-back' });
    expect(run.code).toBe(1);
    expect(existsSync(path.join(dir, 'rolled-back'))).toBe(false);
    expect(run.outputs.outcome).toBe('failed');
  });

  it.each([
    ['low', 1],
    ['medium', 1],
    ['high', 0],
  ])('treats a constraint no profile satisfies by the %s-risk policy', async (risk, code) => {
    write(
      '.github/personas/picky.yml',
      `id: picky\nname: Picky\nrisk_tolerance: ${risk}\nconstraints:\n  - { parameter: optimization_level, operator: ">=", value: 5 }\n`,
    );
    const run = await build({ default: 'picky', toolchain: 'gcc', run: 'touch ran' });
    expect(run.code).toBe(code);
    const level = code ? 'error' : 'warning';
    expect(run.annotations.some((a) => a.level === level && /no build option satisfies|optimization_level >= 5/.test(a.message))).toBe(true);
    expect(existsSync(path.join(dir, 'ran'))).toBe(code === 0);
    if (code) expect(run.outputFile).toBe('');
  });

  it('never lets a persona value reach the shell as code', async () => {
    write('.github/personas/evil.yml', 'id: evil\nname: "$(touch pwned) `touch pwned2`"\nrisk_tolerance: high\n');
    const run = await build({ default: 'evil', toolchain: 'node', run: 'echo "$PERSONA_NAME" > name.txt' });
    expect(run.code).toBe(0);
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(existsSync(path.join(dir, 'pwned2'))).toBe(false);
    expect(readFileSync(path.join(dir, 'name.txt'), 'utf8')).toBe('$(touch pwned) `touch pwned2`\n');
  });

  it('kills the whole process tree at the persona’s build timeout', async () => {
    write('.github/personas/quick.yml', 'id: quick\nname: Quick\nrisk_tolerance: high\nrisk_policy: { retries: 0, timeouts: { build: 1s } }\n');
    const run = await build({ default: 'quick', toolchain: 'node', run: '(sleep 30; touch survived) & sleep 30' });
    expect(run.code).toBe(1);
    expect(run.annotations.find((a) => a.level === 'error')?.message).toMatch(/timed out/);
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(path.join(dir, 'survived'))).toBe(false);
  });

  it('re-reads a file: state store at its start, so a switch made mid-run takes effect (and pin keeps the hand-over)', async () => {
    const state = path.join(dir, 'state.json');
    writeFileSync(
      state,
      serializeState({
        schema_version: '1.0',
        revision: 9,
        active: { persona: 'high-velocity', since: '2026-11-01T00:00:00.000Z', by: 'octocat', reason: 'ship', correlation_id: 'c-9' },
        previous: [],
        acks: [],
      }),
    );
    const runnerTemp = path.join(dir, 'temp');
    const resolved = await runDist('resolve-persona', { inputs: { persona: 'stability', artifact: 'false' }, runnerTemp, workspace: dir });
    expect(resolved.code).toBe(0);
    const live = await runDist('adapt-build', { inputs: { state: `file:${state}`, toolchain: 'node' }, runnerTemp, workspace: dir });
    expect(live.outputs).toMatchObject({ 'persona-id': 'high-velocity', revision: '9' });
    const pinned = await runDist('adapt-build', { inputs: { state: `file:${state}`, pin: 'true', toolchain: 'node' }, runnerTemp, workspace: dir });
    expect(pinned.outputs['persona-id']).toBe('stability');
  });

  it('reads a catalog file from the library: a new profile is chosen and mapped to flags; a bad one is a located error', async () => {
    write(
      '.github/personas/catalogs.yml',
      [
        'catalogs:',
        '  build:',
        '    metrics: { carbon: lower }',
        '    options:',
        '      - id: release-lto',
        '        parameters: { optimization_level: 3, lto: true, hardening: false, debug_info: false, runner_size: large }',
        '        estimates: { build_time: 4, performance: 1.2, binary_size: 10, security: 0.5, cost: 1, carbon: 1 }',
      ].join('\n'),
    );
    const run = await build({ default: 'performance', toolchain: 'gcc' });
    expect(run.code).toBe(0);
    expect(run.outputs.profile).toBe('release-lto');
    expect(JSON.parse(run.outputs.env!).CFLAGS).toBe('-O3 -flto');
    write('.github/personas/catalogs.yml', 'catalogs:\n  build:\n    options:\n      - id: bad\n        estimates: { speed: fast }\n');
    const bad = await build({ default: 'performance', toolchain: 'gcc' });
    expect(bad.code).toBe(1);
    const error = bad.annotations.find((a) => a.level === 'error')!;
    expect(error.properties).toMatchObject({ file: expect.stringMatching(/catalogs\.yml$/), line: '5' });
    expect(bad.outputFile).toBe('');
  });

  it('suggests a runner only from the runners map', async () => {
    const runners = 'small: ubuntu-latest\nlarge: [self-hosted, linux, x64, 16-core]';
    const run = await build({ default: 'performance', toolchain: 'gcc', runners });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.runner!)).toBeTruthy();
    expect((await build({ default: 'performance', toolchain: 'gcc' })).outputs.runner).toBe('');
  });

  it('keys no cache with dependency-cache: off, and none when the goals do not call for one', async () => {
    write('package-lock.json', '{"lockfileVersion":3}');
    expect((await build({ default: 'cost-optimization', toolchain: 'node' })).outputs['cache-key']).toMatch(/^persona-deps-node-/);
    const off = await build({ default: 'cost-optimization', toolchain: 'node', 'dependency-cache': 'off' });
    expect(off.outputs['cache-key']).toBe('');
    expect(off.saved).toEqual({});
    expect((await build({ default: 'security-first', toolchain: 'node' })).outputs['cache-key']).toBe('');
  });

  it('restores the dependency cache and saves it in the post step (cost goals), keyed by the lockfile', async () => {
    write('package-lock.json', '{"lockfileVersion":3}');
    const home = path.join(dir, 'home');
    mkdirSync(path.join(home, '.npm'), { recursive: true });
    writeFileSync(path.join(home, '.npm', 'cached.txt'), 'dependencies');
    const env = {
      HOME: home,
      ACTIONS_RESULTS_URL: results.resultsUrl,
      ACTIONS_RUNTIME_TOKEN: results.runtimeToken,
      ACTIONS_CACHE_SERVICE_V2: 'True',
      GITHUB_REF: 'refs/heads/main',
      RUNNER_OS: 'Linux',
    };
    const main = await build({ default: 'cost-optimization', toolchain: 'node' }, env);
    expect(main.code).toBe(0);
    const key = main.outputs['cache-key']!;
    expect(key).toMatch(/^persona-deps-node-Linux-/);
    expect(main.saved['cache-key']).toBe(key);
    const post = await runDist('adapt-build', { post: true, saved: main.saved, workspace: dir, env });
    expect(post.code).toBe(0);
    expect(results.cache.finalized.map((e) => e.key)).toEqual([key]);
    const again = await build({ default: 'cost-optimization', toolchain: 'node' }, env);
    expect(again.saved['cache-matched']).toBe(key);
  });
});
