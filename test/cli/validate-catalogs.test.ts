/** `persona validate` over catalog files: counted in the summary and the JSON report, their errors located like persona errors. */
import { cleanup, persona, TEAM_FILE, workspace } from './helpers.js';

afterAll(cleanup);

const CATALOGS = `catalogs:
  build:
    metrics: { carbon: lower }
    options:
      - { id: release-lto, parameters: { lto: true }, estimates: { build_time: 9, carbon: 2 } }
      - { id: green, estimates: { carbon: 1 } }
  test:
    options:
      - { id: fuzz, estimates: { duration: 30 } }
`;

describe('persona validate: catalog files', () => {
  it('counts the catalog options per catalog after the personas', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE, '.github/personas/catalogs.yml': CATALOGS });
    const r = await persona(['validate'], dir);
    expect(r).toEqual({ code: 0, stdout: 'ok: 9 personas (7 built-in, 2 from .github/personas), 3 catalog options (2 build, 1 test)\n', stderr: '' });
  });

  it('a path of catalog files only still names it', async () => {
    const dir = await workspace({ 'catalogs/one.yml': 'catalogs:\n  test:\n    options: [{ id: fuzz }]\n' });
    const r = await persona(['validate', 'catalogs'], dir);
    expect(r.stdout).toBe('ok: 7 personas (7 built-in, 0 from catalogs), 1 catalog option (1 test)\n');
  });

  it('says nothing of catalogs when there are none', async () => {
    const r = await persona(['validate'], await workspace({ '.github/personas/team.yml': TEAM_FILE }));
    expect(r.stdout).toBe('ok: 9 personas (7 built-in, 2 from .github/personas)\n');
  });

  it('lists the catalog options and their files in --json', async () => {
    const dir = await workspace({ '.github/personas/catalogs.yml': CATALOGS });
    const r = await persona(['validate', '--json'], dir);
    const report = JSON.parse(r.stdout) as { files: string[]; catalog_options: unknown[]; valid: boolean };
    expect(report.valid).toBe(true);
    expect(report.files).toEqual(['.github/personas/catalogs.yml']);
    expect(report.catalog_options).toEqual([
      { catalog: 'build', id: 'release-lto', file: '.github/personas/catalogs.yml', line: 5 },
      { catalog: 'build', id: 'green', file: '.github/personas/catalogs.yml', line: 6 },
      { catalog: 'test', id: 'fuzz', file: '.github/personas/catalogs.yml', line: 9 },
    ]);
  });

  it('prints every catalog error as file:line:col path: message, exit 1', async () => {
    const bad = 'catalogs:\n  biuld:\n    options: []\n  test:\n    options:\n      - { id: fuzz, estimates: { duration: .nan } }\n';
    const r = await persona(['validate'], await workspace({ '.github/personas/bad.yml': bad, '.github/personas/team.yml': TEAM_FILE }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      '.github/personas/bad.yml:2:3 catalogs.biuld: unknown catalog "biuld" (did you mean "build"?)',
      '.github/personas/bad.yml:6:44 catalogs.test.options[0].estimates.duration: estimate must be a finite number, got NaN',
      'failed: 2 problems in 1 file',
      '',
    ]);
  });

  it('reports a duplicate option across two files of one source as an annotation in --format github', async () => {
    const one = 'catalogs:\n  test:\n    options: [{ id: fuzz }]\n';
    const r = await persona(['validate', 'lib', '--format', 'github'], await workspace({ 'lib/a.yml': one, 'lib/b.yml': one }));
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      '::error file=lib/b.yml,line=3,col=15::lib/b.yml:3:15 catalogs.test.options[0]: duplicate test option "fuzz": also defined at lib/a.yml:3',
    );
  });

  it('reports an estimate of a metric with no direction in the merged catalog, at the option', async () => {
    const text = 'catalogs:\n  build:\n    options:\n      - { id: green, estimates: { carbon: 1 } }\n';
    const r = await persona(['validate', 'lib'], await workspace({ 'lib/green.yml': text }));
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      'lib/green.yml:4:9 catalogs.build.options[0].estimates.carbon: option "green" of catalog "build" estimates "carbon", a metric with no direction: add it to the catalog\'s metrics as lower or higher',
      'failed: 1 problem in 1 file',
      '',
    ]);
  });
});
