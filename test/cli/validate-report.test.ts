import { BAD_FILE, cleanup, persona, TEAM_FILE, workspace } from './helpers.js';

afterAll(cleanup);

/** The `--json` report, as documented in `persona validate --help`. */
interface Report {
  valid: boolean;
  errors: number;
  warnings: number;
  notices: number;
  files: string[];
  personas: Array<{ id: string; name: string; source: string; file: string | null; line: number | null }>;
  diagnostics: Array<{ file: string | null; line: number | null; column: number | null; path: string | null; message: string; severity: string }>;
}

const BAD_ERRORS = [
  {
    file: '.github/personas/bad.yml',
    line: 2,
    column: 17,
    path: 'risk_tolerance',
    message: 'unknown risk tolerance "extreme" (expected one of low, medium, high)',
    severity: 'error',
  },
  {
    file: '.github/personas/bad.yml',
    line: 4,
    column: 38,
    path: 'constraints[0].operator',
    message: 'unknown operator "<<" (expected one of =, !=, <, <=, >, >=, in, not_in, includes, excludes, matches)',
    severity: 'error',
  },
  {
    file: '.github/personas/bad.yml',
    line: 7,
    column: 13,
    path: 'optimization_goals[0].weight',
    message: 'weight must be between 0 and 1, got 2',
    severity: 'error',
  },
];

/** A persona file with `n` schema errors, one per persona (an unknown risk tolerance at line i + 3). */
const manyErrors = (n: number): string => `personas:\n${Array.from({ length: n }, (_, i) => `  - name: P${i}\n    risk_tolerance: bad${i}\n`).join('')}`;

describe('persona validate --json', () => {
  it('reports the files, the personas with their source, and no diagnostics, exit 0', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE });
    const r = await persona(['validate', '--json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(Object.keys(report)).toEqual(['valid', 'errors', 'warnings', 'notices', 'files', 'personas', 'catalog_options', 'diagnostics']);
    expect(report).toMatchObject({ valid: true, errors: 0, warnings: 0, notices: 0, files: ['.github/personas/team.yml'], diagnostics: [] });
    expect(report.personas).toHaveLength(9);
    expect(report.personas).toContainEqual({ id: 'team-base', name: 'Team Base', source: '.github/personas', file: '.github/personas/team.yml', line: 2 });
    expect(report.personas).toContainEqual({ id: 'balanced', name: 'Balanced', source: 'built-in', file: null, line: null });
  });

  it('lists every error with file, line, column, path, message and severity, exit 1', async () => {
    const dir = await workspace({ '.github/personas/bad.yml': BAD_FILE, '.github/personas/team.yml': TEAM_FILE });
    const r = await persona(['validate', '--json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toEqual({
      valid: false,
      errors: 3,
      warnings: 0,
      notices: 0,
      files: ['.github/personas/bad.yml'],
      personas: [],
      catalog_options: [],
      diagnostics: BAD_ERRORS,
    });
  });

  it('gives null for what a diagnostic does not know', async () => {
    const r = await persona(['validate', '--json', 'nowhere'], await workspace());
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.diagnostics).toHaveLength(1);
    expect(report.diagnostics[0]).toMatchObject({ line: null, column: null, path: null, severity: 'error' });
    expect(report.diagnostics[0]!.message).toContain('"nowhere" does not exist');
  });

  it('includes the library notices (an override of a built-in) instead of printing them, still valid', async () => {
    const dir = await workspace({ '.github/personas/balanced.yml': 'name: Balanced\nrisk_tolerance: low\n' });
    const r = await persona(['validate', '--json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ valid: true, errors: 0, notices: 1 });
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ severity: 'notice', message: expect.stringMatching(/^persona "balanced" from .* overrides/) }),
    ]);
    expect(report.personas).toContainEqual({ id: 'balanced', name: 'Balanced', source: '.github/personas', file: '.github/personas/balanced.yml', line: 1 });
  });

  it('--format json is --json', async () => {
    const dir = await workspace({ '.github/personas/bad.yml': BAD_FILE });
    expect(await persona(['validate', '--format', 'json'], dir)).toEqual(await persona(['validate', '--json'], dir));
    expect(await persona(['validate', '--json', '--format=json'], dir)).toEqual(await persona(['validate', '--json'], dir));
  });
});

describe('persona validate --format github', () => {
  it('prints each error as an annotation, then the summary, on stdout, exit 1', async () => {
    const dir = await workspace({ '.github/personas/bad.yml': BAD_FILE });
    const r = await persona(['validate', '--format', 'github'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([
      '::error file=.github/personas/bad.yml,line=2,col=17::.github/personas/bad.yml:2:17 risk_tolerance: unknown risk tolerance "extreme" (expected one of low, medium, high)',
      '::error file=.github/personas/bad.yml,line=4,col=38::.github/personas/bad.yml:4:38 constraints[0].operator: unknown operator "<<" (expected one of =, !=, <, <=, >, >=, in, not_in, includes, excludes, matches)',
      '::error file=.github/personas/bad.yml,line=7,col=13::.github/personas/bad.yml:7:13 optimization_goals[0].weight: weight must be between 0 and 1, got 2',
      'failed: 3 problems in 1 file',
      '',
    ]);
  });

  it('escapes properties and messages as the runner expects', async () => {
    const dir = await workspace({ 'p/a,b.yml': 'name: A\nextends: "50%"\n' });
    const r = await persona(['validate', '--format', 'github', 'p'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('::error file=p/a%2Cb.yml,line=2,col=10::p/a,b.yml:2:10 extends: invalid id "50%25" (ids are [a-z0-9][a-z0-9-]*)');
  });

  it('turns the library notices into ::notice and counts them in the summary, exit 0', async () => {
    const dir = await workspace({ '.github/personas/balanced.yml': 'name: Balanced\nrisk_tolerance: low\n' });
    const r = await persona(['validate', '--format', 'github'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::notice::persona "balanced" from \.github\/personas\/balanced\.yml:1 \(\.github\/personas\) overrides /);
    expect(lines[1]).toBe('ok: 7 personas (6 built-in, 1 from .github/personas); 1 notice');
  });

  it('prints the plain summary when all is well', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE });
    const r = await persona(['validate', '--format', 'github'], dir);
    expect(r).toEqual({ code: 0, stdout: 'ok: 9 personas (7 built-in, 2 from .github/personas)\n', stderr: '' });
  });

  it('prints every annotation past the 10 GitHub shows, and says so in the summary', async () => {
    const dir = await workspace({ 'many.yml': manyErrors(12) });
    const r = await persona(['validate', '--format', 'github', 'many.yml'], dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error file=many.yml,'))).toHaveLength(12);
    expect(lines.at(-1)).toBe(
      'failed: 12 problems in 1 file (GitHub shows only the first 10 annotations of each type on the pull request; all are listed above)',
    );
  });

  it('says nothing about the limit at 10 annotations', async () => {
    const dir = await workspace({ 'many.yml': manyErrors(10) });
    const r = await persona(['validate', '--format', 'github', 'many.yml'], dir);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('failed: 10 problems in 1 file');
  });
});

describe('persona validate usage', () => {
  it('--format text is the default', async () => {
    const dir = await workspace({ '.github/personas/bad.yml': BAD_FILE });
    expect(await persona(['validate', '--format', 'text'], dir)).toEqual(await persona(['validate'], dir));
  });

  it.each([
    [['--format', 'xml'], 'persona: --format must be text, json or github, got "xml"'],
    [['--format', 'githb'], 'persona: --format must be text, json or github, got "githb" (did you mean github?)'],
    [['--json', '--format', 'github'], 'persona: --json contradicts --format github'],
    [['--formt', 'github'], "persona: unknown option '--formt' (did you mean --format?)"],
  ])('%j is a usage error, exit 2', async (args, message) => {
    const r = await persona(['validate', ...args], await workspace());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.stderr).toContain('Usage: persona validate');
  });

  it('--help documents the JSON shape and the annotation limit', async () => {
    const r = await persona(['validate', '--help'], await workspace());
    expect(r.stdout).toContain('--format text|json|github');
    expect(r.stdout).toMatch(/"diagnostics": \[\{ "file", "line", "column",\s+"path", "message",\s+"severity" \}\]/);
    expect(r.stdout).toMatch(/GitHub shows only the first\s+10 annotations of each type/);
  });
});
