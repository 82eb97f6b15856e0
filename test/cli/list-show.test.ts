import { cleanup, persona, TEAM_FILE, workspace } from './helpers.js';

afterAll(cleanup);

const BUILTINS = ['balanced', 'cost-optimization', 'freeze', 'high-velocity', 'performance', 'security-first', 'stability'];

describe('persona list', () => {
  it('lists id, name, risk tolerance and where each is defined', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE });
    const r = await persona(['list'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +NAME +RISK +DEFINED IN$/);
    expect(lines).toHaveLength(10);
    expect(lines).toContainEqual(expect.stringMatching(/^balanced +Balanced +medium +built-in$/));
    expect(lines).toContainEqual(expect.stringMatching(/^team-base +Team Base +low +\.github\/personas\/team\.yml:2$/));
    expect(lines).toContainEqual(expect.stringMatching(/^team-fast +Team Fast +high +\.github\/personas\/team\.yml:12$/));
  });

  it('--json gives one object per persona, sorted by id', async () => {
    const dir = await workspace({ 'lib/team.yml': TEAM_FILE });
    const r = await persona(['list', '--library', 'lib', '--json'], dir);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((row) => row.id)).toEqual([...BUILTINS, 'team-base', 'team-fast'].sort());
    expect(rows.find((row) => row.id === 'team-fast')).toEqual({
      id: 'team-fast',
      name: 'Team Fast',
      risk_tolerance: 'high',
      description: 'What every team pipeline shares.',
      extends: 'team-base',
      source: 'lib',
      file: 'lib/team.yml',
      line: 12,
      overrides: [],
    });
    expect(rows.find((row) => row.id === 'freeze')).toMatchObject({ name: 'Freeze', risk_tolerance: 'low', source: 'built-in', overrides: [] });
  });

  it('--library is repeatable; a later entry overrides an earlier one by id', async () => {
    const dir = await workspace({ 'a/team.yml': TEAM_FILE, 'b/base.yml': 'name: Team Base\nrisk_tolerance: medium\n' });
    const r = await persona(['list', '-l', 'a', '--library', 'b', '--json'], dir);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.find((row) => row.id === 'team-base')).toMatchObject({ source: 'b', file: 'b/base.yml', risk_tolerance: 'medium', overrides: ['a'] });
    expect(r.stderr).toContain('notice: persona "team-base" from b/base.yml:1 (b) overrides the one from a/team.yml:2 (a)');
    const text = await persona(['list', '-l', 'a', '-l', 'b'], dir);
    expect(text.stdout).toMatch(/^team-base +Team Base +medium +b\/base\.yml:1 \(overrides a\)$/m);
  });

  it('fails on a library path that does not exist, exit 1', async () => {
    const r = await persona(['list', '--library', 'missing'], await workspace());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^library: "missing" does not exist/);
  });

  it('takes remote entries: a github: folder needs a token, an unknown scheme is refused, exit 1', async () => {
    const dir = await workspace();
    const github = await persona(['list', '--library', 'github:octo/repo/personas@main'], dir);
    expect(github.code).toBe(1);
    expect(github.stderr).toContain('needs a GitHub token');
    const ftp = await persona(['list', '--library', 'ftp://example.com/personas'], dir);
    expect(ftp.code).toBe(1);
    expect(ftp.stderr).toMatch(/^library: unsupported source "ftp:\/\/example\.com\/personas"/);
  });

  it('fails on an invalid library with every diagnostic, exit 1', async () => {
    const dir = await workspace({ '.github/personas/x.yml': 'name: X\nrisk_tolerance: wild\n' });
    const r = await persona(['list'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('.github/personas/x.yml:2:17 risk_tolerance: unknown risk tolerance "wild" (expected one of low, medium, high)\n');
  });

  it('takes no arguments, exit 2', async () => {
    const r = await persona(['list', 'extra'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("persona: unexpected argument 'extra'");
  });
});

describe('persona show', () => {
  it('shows a persona with its inheritance applied and where it is defined', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE });
    const r = await persona(['show', 'team-fast'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Persona: Team Fast\n');
    expect(r.stdout).toContain('  defined in:      .github/personas/team.yml:12\n');
    expect(r.stdout).toContain('  extends:         team-base\n');
    expect(r.stdout).toContain('  risk tolerance:  high\n');
    expect(r.stdout).toMatch(/^ {2}METRIC +WEIGHT +WRITTEN IN$/m);
    expect(r.stdout).toMatch(/^ {2}reliability +0\.8 +team-base$/m);
    expect(r.stdout).toMatch(/^ {2}velocity +0\.9 +team-fast$/m);
    expect(r.stdout).toMatch(/^ {2}replicas >= 2 +team-base$/m);
    expect(r.stdout).toMatch(/^ {2}error_rate > 0\.02 +5m +critical +rollback +team-base$/m);
  });

  it('--json gives the persona and its origin', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE });
    const r = await persona(['show', 'team-fast', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      id: 'team-fast',
      name: 'Team Fast',
      description: 'What every team pipeline shares.',
      extends: 'team-base',
      risk_tolerance: 'high',
      constraints: [{ parameter: 'replicas', operator: '>=', value: 2 }],
      optimization_goals: [
        { metric: 'reliability', weight: 0.8 },
        { metric: 'velocity', weight: 0.9 },
      ],
      monitoring_thresholds: [{ metric: 'error_rate', operator: '>', value: 0.02, window: '5m', severity: 'critical', action: 'rollback' }],
      origin: { source: '.github/personas', file: '.github/personas/team.yml', line: 12, column: 5, path: 'personas[1]' },
      written_in: {
        risk_tolerance: 'team-fast',
        constraints: ['team-base'],
        optimization_goals: ['team-base', 'team-fast'],
        monitoring_thresholds: ['team-base'],
      },
    });
  });

  it('shows a built-in persona as built-in', async () => {
    const r = await persona(['show', 'freeze'], await workspace());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  defined in:      built-in\n');
    expect(r.stdout).toContain('  risk tolerance:  low\n');
  });

  it('an unknown persona suggests the closest ids, exit 1', async () => {
    const r = await persona(['show', 'securty-first'], await workspace());
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'unknown persona "securty-first" (did you mean "security-first"?)\n' });
  });

  it('without an id: usage error, exit 2', async () => {
    const r = await persona(['show'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('persona: missing argument ID');
    expect(r.stderr).toContain('Usage: persona show ID');
  });

  it('with two ids: usage error, exit 2', async () => {
    const r = await persona(['show', 'freeze', 'balanced'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("persona: unexpected argument 'balanced'");
  });
});
