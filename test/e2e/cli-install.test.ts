// How users get the CLI: `npm pack` of the repository, then `npm install -g`
// of the tarball. Packs the checkout as it is (the committed dist/cli bundle,
// package.json's "files"), installs it into a temporary prefix without any
// registry access (the package has no runtime dependencies), and runs the
// installed `persona` bin. Only the temporary directory is written to.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { name, version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** What the tarball may hold: the CLI, the bundles it loads lazily, the schema, and what npm always adds. */
const PACKABLE = /^(dist\/cli\/|dist\/bundles\/|schema\/)|^(package\.json|LICENSE|README\.md)$/;

let tmp: string;
let persona: string;
let packed: string[];
/** npm's environment: its own cache, no notifier; jest's NODE_OPTIONS left out. */
let env: NodeJS.ProcessEnv;

const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Runs the installed `persona` in `cwd`. */
const run = (args: string[], cwd = tmp) => spawnSync(persona, args, { cwd, env, encoding: 'utf8' });

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'persona-install-'));
  const { NODE_OPTIONS: _jest, ...rest } = process.env;
  env = { ...rest, npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  const pack = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], ROOT)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  packed = pack[0]!.files.map((f) => f.path);
  const tarball = path.join(tmp, pack[0]!.filename);
  npm(['install', '--global', '--prefix', path.join(tmp, 'prefix'), '--offline', '--ignore-scripts', tarball], tmp);
  persona = path.join(tmp, 'prefix', 'bin', 'persona');
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('installing the CLI from a packed tarball', () => {
  it('packs into the destination only, nothing into the checkout', () => {
    expect(readdirSync(tmp)).toContain(`${name}-${version}.tgz`);
    expect(existsSync(path.join(ROOT, `${name}-${version}.tgz`))).toBe(false);
  });

  it('packs the CLI and nothing the CLI does not need (no src/, test/, node_modules/)', () => {
    expect(packed).toContain('dist/cli/index.js');
    expect(packed.filter((f) => !PACKABLE.test(f))).toEqual([]);
  });

  it('installs a persona bin that prints its help', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: persona <command> \[options\]/);
    for (const command of ['validate', 'list', 'show', 'plan', 'diff', 'schema']) expect(r.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(run(['--version']).stdout).toBe(`${version}\n`);
  });

  it('resolves a built-in persona', () => {
    const r = run(['plan', '--persona', 'balanced']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Persona: Balanced\n/);
    expect(r.stdout).toContain('  id:              balanced\n');
    expect(r.stdout).toContain('\nOptimization goals\n');
  });

  it('validates persona files, loading the parser and glob code the tarball must carry', () => {
    const dir = path.join(tmp, 'workspace');
    mkdirSync(path.join(dir, 'p'), { recursive: true });
    writeFileSync(path.join(dir, 'p', 'team.yml'), 'name: Team\nrisk_tolerance: low\n');
    expect(run(['validate', 'p/*.yml'], dir)).toMatchObject({ status: 0, stdout: 'ok: 8 personas (7 built-in, 1 from p/*.yml)\n' });
    writeFileSync(path.join(dir, 'p', 'bad.yml'), 'name: Bad\nrisk_tolerance: extreme\n');
    const bad = run(['validate', 'p'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('p/bad.yml:2:17 risk_tolerance: unknown risk tolerance "extreme"');
  });

  it("says where simulate runs (a checkout: it runs the actions' bundles) instead of failing obscurely", () => {
    const r = run(['simulate']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/persona simulate runs from a checkout of pipeline-personas .*npm ci && npm run demo/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
